import type { Viewer } from '../../access/viewer.js';
import type { FileFormat, TextEncoding } from '../formats/types.js';
import type { RecordKind } from '../kinds.js';
import type { Mapping } from '../mappings/types.js';

/** One file of an import: what it holds and how to read it. */
export interface ImportFile {
  kind: RecordKind;
  format: FileFormat;
  /** File name as the user gave it, for messages and the job record. */
  name: string;
  /** Opens the bytes from the start; called again when a job restarts. */
  open(): AsyncIterable<Uint8Array>;
  /** How source columns become fields; the generic layout when absent. */
  mapping?: Mapping;
  encoding?: TextEncoding;
  delimiter?: ',' | ';' | '\t';
}

export enum ImportMode {
  /** Nothing is written unless every row is valid. */
  ALL_OR_NOTHING = 'ALL_OR_NOTHING',
  /** Valid rows are written; rejected rows come back as a CSV with the reason beside each. */
  PARTIAL = 'PARTIAL',
}

export interface ImportOptions {
  /** External system the ids come from ("bitrix24", "amocrm", "legacy-crm"); refs resolve within it. */
  source: string;
  dryRun: boolean;
  mode: ImportMode;
  actor: Viewer;
  /** Request id for the audit entry (the job's, or the CLI run's). */
  requestId?: string;
  /** "Now" for rules such as "no close in the future" (tests pin it). */
  now?: Date;
}

/** A problem with one row: the file's row number (the header is row 1), the column, the rule and why. */
export interface RowError {
  file: string;
  row: number;
  column: string | null;
  rule: string;
  message: string;
}

export enum ImportPhase {
  READING = 'READING',
  APPLYING = 'APPLYING',
  DERIVING = 'DERIVING',
  DONE = 'DONE',
}

export interface ImportProgress {
  phase: ImportPhase;
  /** The kind being read or applied. */
  kind: RecordKind | null;
  processedRows: number;
  /** Bytes read so far of all files, and their total when known: the progress bar's measure. */
  processedBytes: number;
  totalBytes: number | null;
}

export interface KindCounts {
  kind: RecordKind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportOutcome {
  /** False when nothing was written: a dry run, or an ALL_OR_NOTHING import that found errors. */
  applied: boolean;
  counts: KindCounts[];
  /** Every row error up to `errorLimit`, in file order; `errorCount` counts them all. */
  errors: RowError[];
  errorCount: number;
  /** The rejected rows as they were read, with their errors, for the rejected-rows CSV. */
  rejectedRows: RejectedRow[];
}

export interface RejectedRow {
  file: string;
  row: number;
  values: Record<string, unknown>;
  errors: RowError[];
}
