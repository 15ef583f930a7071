import { ImportMode } from '../import/types.js';
import { RecordKind } from '../kinds.js';
import { ImportJobStatus } from './enums.js';
import type { ImportJob, JobProgress } from './import-job.entity.js';

/** A job's progress with its percentage: 0 while queued, 100 once finished, else of the bytes read (99 at most). */
export function progressOf(job: ImportJob): JobProgress & { percent: number | null } {
  const { progress, status } = job;
  if (status === ImportJobStatus.SUCCEEDED || status === ImportJobStatus.FAILED) return { ...progress, percent: 100 };
  if (status === ImportJobStatus.QUEUED) return { ...progress, percent: 0 };
  const percent = progress.totalBytes ? Math.min(99, Math.floor((progress.processedBytes / progress.totalBytes) * 100)) : null;
  return { ...progress, percent };
}

/** Where the rejected rows of a finished PARTIAL job are downloaded, relative to the server; null when it rejected none. */
export function rejectedRowsPath(job: ImportJob): string | null {
  const finished = job.finishedAt !== null && job.failure === null;
  return job.mode === ImportMode.PARTIAL && job.errorCount > 0 && finished ? `/import/jobs/${job.id}/rejected.csv` : null;
}

/** Record kinds by their GraphQL names (TERRITORIES, FOLLOW_UPS), as the JSON answers name them. */
const KIND_NAMES = new Map(Object.entries(RecordKind).map(([name, kind]) => [kind as string, name]));
const kindName = (kind: string | null) => (kind === null ? null : (KIND_NAMES.get(kind) ?? kind));

/** A job as GET /import/jobs/<id> answers it: the fields of the GraphQL type, errors cut at `errors` first. */
export function jobJson(job: ImportJob, errors = 100): Record<string, unknown> {
  return {
    id: String(job.id),
    status: job.status,
    dryRun: job.dryRun,
    mode: job.mode,
    source: job.source,
    files: job.files.map(({ kind, format, name, mapping, encoding, bytes }) => ({
      kind: kindName(kind),
      format,
      name,
      mapping: typeof mapping === 'object' && mapping !== null ? mapping.name : mapping,
      encoding,
      bytes,
    })),
    progress: { ...progressOf(job), kind: kindName(job.progress.kind) },
    counts: job.counts.map((counts) => ({ ...counts, kind: kindName(counts.kind) })),
    errorCount: job.errorCount,
    errors: job.errors.slice(0, errors),
    failure: job.failure,
    rejectedRowsUrl: rejectedRowsPath(job),
    attempts: job.attempts,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
