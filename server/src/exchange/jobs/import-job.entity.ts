import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AccessRole } from '../../access/viewer.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import type { FileFormat, TextEncoding } from '../formats/types.js';
import { ImportMode, type ImportPhase, type KindCounts, type RowError } from '../import/types.js';
import type { RecordKind } from '../kinds.js';
import type { Mapping } from '../mappings/types.js';
import { ImportJobStatus } from './enums.js';

/** One file of a job as recorded: what it holds and how to read it; its bytes are in import_job_chunk. */
export interface JobFile {
  kind: RecordKind;
  format: FileFormat;
  name: string;
  /** A preset's name, an inline mapping (from a mapping file), or null for the generic layout. */
  mapping: string | Mapping | null;
  encoding: TextEncoding | null;
  delimiter: ',' | ';' | '\t' | null;
  bytes: number;
}

/** How far a job got, as the runner last wrote it; `phase` is null until it starts. */
export interface JobProgress {
  phase: ImportPhase | null;
  kind: RecordKind | null;
  processedRows: number;
  processedBytes: number;
  totalBytes: number | null;
}

/**
 * An import: its files, options, progress and outcome. The record (and its files' bytes) lives in the
 * database, so that any server process may run it and a restart does not lose it (runner.ts).
 */
@ObjectType({ description: 'An import of record files: its options, progress and outcome. Admin only.' })
@Entity({ tableName: 'import_job' })
@Index({ name: 'import_job_status_index', properties: ['status', 'id'] })
export class ImportJob {
  [OptionalProps]?:
    | 'status'
    | 'progress'
    | 'counts'
    | 'errorCount'
    | 'errors'
    | 'failure'
    | 'createdAt'
    | 'startedAt'
    | 'finishedAt'
    | 'heartbeatAt'
    | 'attempts'
    | 'requestedByMemberId'
    | 'rejectedCsv';

  @Field(() => ID, { description: 'Job id; larger ids are later.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => ImportJobStatus, { description: 'Where the job stands.' })
  @Enum({ items: () => ImportJobStatus, type: 'string' })
  status: ImportJobStatus = ImportJobStatus.QUEUED;

  @Field({ description: 'True for a dry run: every row is checked, nothing is written.' })
  @Property({ type: 'boolean' })
  dryRun!: boolean;

  @Field(() => ImportMode, { description: 'All or nothing, or the valid rows only.' })
  @Enum({ items: () => ImportMode, type: 'string' })
  mode!: ImportMode;

  @Field({ description: 'The system the external ids come from ("bitrix24", "legacy-crm"); references resolve within it.' })
  @Property({ type: 'string', length: 60 })
  source!: string;

  @Property({ type: 'json' })
  files!: JobFile[];

  @Property({ type: 'json' })
  progress: JobProgress = { phase: null, kind: null, processedRows: 0, processedBytes: 0, totalBytes: null };

  @Property({ type: 'json' })
  counts: KindCounts[] = [];

  @Field(() => Int, { description: 'How many row errors the job found in all; `errors` lists the first of them.' })
  @Property({ type: 'integer' })
  errorCount = 0;

  /** The first 1000 row errors. */
  @Property({ type: 'json' })
  errors: RowError[] = [];

  @Field(() => String, {
    nullable: true,
    description: 'Why the job failed as a whole (it crashed, or its process died three times); null otherwise.',
  })
  @Property({ type: 'text', nullable: true })
  failure: string | null = null;

  @Property({ type: 'string', length: 300 })
  requestedBy!: string;

  @Enum({ items: () => AccessRole, type: 'string' })
  requestedRole!: AccessRole;

  @Field(() => ID, { nullable: true, description: 'Member id of who started it, when a member did.' })
  @Property({ type: 'integer', nullable: true })
  requestedByMemberId: number | null = null;

  @Field(() => DateTimeScalar, { description: 'When the job was queued.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When a server process last started running it.' })
  @Property({ type: 'datetime', nullable: true })
  startedAt: Date | null = null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it succeeded or failed.' })
  @Property({ type: 'datetime', nullable: true })
  finishedAt: Date | null = null;

  /** Last sign of life of the process running it: a RUNNING job silent for a minute is taken back. */
  @Property({ type: 'datetime', nullable: true })
  heartbeatAt: Date | null = null;

  @Field(() => Int, { description: 'How many times a server process started it (a restart takes a job back; three starts at most).' })
  @Property({ type: 'integer' })
  attempts = 0;

  /** The rejected rows of a PARTIAL run as CSV (UTF-8); read only for its download. */
  @Property({ type: 'blob', nullable: true, lazy: true })
  rejectedCsv: Buffer | null = null;
}

/** About 1 MB of one file of a job, in order: the upload is stored as it streams in, and read back the same way. */
@Entity({ tableName: 'import_job_chunk' })
export class ImportJobChunk {
  @ManyToOne(() => ImportJob, { primary: true, deleteRule: 'cascade' })
  job!: Rel<ImportJob>;

  @PrimaryKey({ type: 'smallint' })
  fileIndex!: number;

  @PrimaryKey({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  data!: Buffer;
}
