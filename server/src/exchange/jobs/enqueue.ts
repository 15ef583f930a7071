import type { ImportFile } from '../import/types.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access/viewer.js';
import { badInput } from '../../errors.js';
import type { ImportMode } from '../import/types.js';
import type { RecordKind } from '../kinds.js';
import { parseMappingFile } from '../mappings/mapping-file.js';
import { presetMapping } from '../mappings/presets/index.js';
import type { Mapping } from '../mappings/types.js';
import { storeFile } from './chunks.js';
import { ImportJobStatus } from './enums.js';
import { ImportJob, type JobFile } from './import-job.entity.js';
import { announceJobQueued } from './queue-signal.js';

/** The most files one job takes. */
export const MAX_JOB_FILES = 20;

/** One file of a job to queue, with its bytes as they come (a request body, a file on disk, a string). */
export interface FileDraft extends Omit<JobFile, 'bytes'> {
  bytes: AsyncIterable<Uint8Array>;
}

export interface JobDraft {
  source: string;
  dryRun: boolean;
  mode: ImportMode;
  files: FileDraft[];
  requestedBy: Viewer;
}

/** The source system's name, as external ids are filed under it (external_ref.source). */
export function checkSource(source: string, field = 'source'): string {
  const name = source.trim();
  if (!name || name.length > 60 || /\p{Cc}/u.test(name))
    throw badInput(field, 'import-source', 'name the system the ids come from in 1 to 60 characters, without control characters');
  return name;
}

export function checkFileCount(count: number, field = 'files'): void {
  if (count === 0 || count > MAX_JOB_FILES) throw badInput(field, 'import-files', `a job takes 1 to ${MAX_JOB_FILES} files, got ${count}`);
}

/**
 * How a file's columns are read: a preset by name (checked now, looked up again when the job runs), a
 * mapping file's content (parsed now, stored with the job), or neither for the generic layout.
 */
export function mappingOf(
  kind: RecordKind,
  preset: string | null | undefined,
  mappingFile: string | null | undefined,
  field: string,
): string | Mapping | null {
  if (preset && mappingFile) throw badInput(field, 'mapping-choice', 'give a preset mapping or a mapping file, not both');
  if (preset) return presetMapping(preset, kind).name;
  if (mappingFile) return parseMappingFile(mappingFile, kind);
  return null;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** A CSV delimiter as given; null to detect it. */
export function delimiterOf(value: string | null | undefined, field: string): ',' | ';' | '\t' | null {
  if (value === null || value === undefined || value === '') return null;
  const found = DELIMITERS.find((delimiter) => delimiter === value);
  if (!found) throw badInput(field, 'enum', 'the delimiter is one of "," ";" or a tab');
  return found;
}

/** The mapping a stored file is read with. */
function resolveMapping(file: Pick<JobFile, 'kind' | 'mapping'>): Mapping | undefined {
  if (file.mapping === null) return undefined;
  return typeof file.mapping === 'string' ? presetMapping(file.mapping, file.kind) : file.mapping;
}

/** A job's file as the engine reads it, its bytes from `open` (the stored chunks, or the file on disk). */
export function importFileOf(file: JobFile, open: () => AsyncIterable<Uint8Array>): ImportFile {
  return {
    kind: file.kind,
    format: file.format,
    name: file.name,
    mapping: resolveMapping(file),
    encoding: file.encoding ?? undefined,
    delimiter: file.delimiter ?? undefined,
    open,
  };
}

/**
 * Queues an import: the job and its files' bytes in one transaction, so that a runner sees the job only
 * once every byte is stored; then wakes the runner of this process. `maxBytes` bounds each file.
 */
export async function enqueueImport(em: EntityManager, draft: JobDraft, maxBytes: number): Promise<ImportJob> {
  checkFileCount(draft.files.length);
  const job = await em.transactional(async (tx) => {
    const created = tx.create(ImportJob, {
      dryRun: draft.dryRun,
      mode: draft.mode,
      source: checkSource(draft.source),
      files: [],
      requestedBy: (draft.requestedBy.subject ?? draft.requestedBy.role).slice(0, 300),
      requestedRole: draft.requestedBy.role,
      requestedByMemberId: draft.requestedBy.memberId,
    });
    await tx.flush();
    const files: JobFile[] = [];
    for (const [index, { bytes, ...file }] of draft.files.entries())
      files.push({ ...file, bytes: await storeFile(tx, created.id, index, bytes, maxBytes) });
    created.files = files;
    created.progress = { ...created.progress, totalBytes: files.reduce((sum, file) => sum + file.bytes, 0) };
    return created;
  });
  announceJobQueued();
  return job;
}

/** Bytes of a text, as a file's content. */
export async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

/**
 * Records a job that this process runs at once from files it reads itself (`pnpm run import`): RUNNING
 * from the start, its bytes not stored, and marked as on its last attempt, so that if the process dies
 * the job is failed rather than run again without its files.
 */
export async function recordLocalJob(
  em: EntityManager,
  draft: Omit<JobDraft, 'files'> & { files: JobFile[] },
  attempts: number,
): Promise<ImportJob> {
  checkFileCount(draft.files.length);
  const now = new Date();
  const job = em.create(ImportJob, {
    status: ImportJobStatus.RUNNING,
    dryRun: draft.dryRun,
    mode: draft.mode,
    source: checkSource(draft.source),
    files: draft.files,
    progress: {
      phase: null,
      kind: null,
      processedRows: 0,
      processedBytes: 0,
      totalBytes: draft.files.reduce((sum, file) => sum + file.bytes, 0),
    },
    requestedBy: (draft.requestedBy.subject ?? draft.requestedBy.role).slice(0, 300),
    requestedRole: draft.requestedBy.role,
    requestedByMemberId: draft.requestedBy.memberId,
    attempts,
    startedAt: now,
    heartbeatAt: now,
  });
  await em.flush();
  return job;
}
