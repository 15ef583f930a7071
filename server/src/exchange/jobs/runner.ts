import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access/viewer.js';
import { DomainError } from '../../errors.js';
import { EventSubjectKind } from '../../events/domain-event.entity.js';
import { EventType } from '../../events/event-type.js';
import { recordEvent } from '../../events/record.js';
import type { Logger } from '../../logger.js';
import { rejectedRowsCsv, runImport } from '../import/engine.js';
import { ImportMode, ImportPhase, type ImportFile, type ImportOutcome, type ImportProgress } from '../import/types.js';
import { readFile } from './chunks.js';
import { importFileOf } from './enqueue.js';
import { ImportJobStatus } from './enums.js';
import { ImportJob } from './import-job.entity.js';
import { onJobQueued } from './queue-signal.js';

/** How often an idle runner looks for queued jobs (another process may have queued them). */
const POLL_MS = 3_000;
/** A RUNNING job whose process wrote no heartbeat for this long is taken to have died with it. */
export const STALE_SECONDS = 60;
/** How often a running job's heartbeat is written, whether or not the engine reports progress. */
const HEARTBEAT_MS = 10_000;
/** Progress is written at most this often. */
const PROGRESS_MS = 500;
/** Starts of one job before it is given up. */
export const MAX_ATTEMPTS = 3;
/** Row errors kept on the job; `errorCount` counts them all. */
const ERRORS_KEPT = 1000;

export interface ImportRunner {
  /** Stops polling and waits for the job being run. */
  stop(): Promise<void>;
}

/**
 * The import queue of this process (IMPORT_JOBS): at start, every few seconds and whenever a job is
 * queued here, it takes back the jobs of dead processes, then runs queued jobs one at a time, oldest
 * first, until none is left. Several processes share the queue: a job is claimed with
 * `for update skip locked`, so exactly one runs it.
 */
export function startImportRunner(orm: MikroORM, log: Logger, pollMs = POLL_MS): ImportRunner {
  let stopped = false;
  let running: Promise<void> | null = null;
  let kicked = false;
  const tick = () => {
    if (stopped) return;
    if (running) {
      kicked = true;
      return;
    }
    running = drainQueue(orm, log, () => stopped).finally(() => {
      running = null;
      if (kicked) {
        kicked = false;
        tick();
      }
    });
  };
  const timer = setInterval(tick, pollMs);
  timer.unref();
  const unsubscribe = onJobQueued(tick);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}

async function drainQueue(orm: MikroORM, log: Logger, stopped: () => boolean): Promise<void> {
  try {
    await reclaimStaleJobs(orm.em.fork(), log);
    while (!stopped()) {
      const job = await claimNextJob(orm.em.fork());
      if (!job) return;
      log.info({ jobId: job.id, attempt: job.attempts }, 'import job started');
      await executeJob(orm, job, (tx) => storedFiles(tx, job), log);
    }
  } catch (error) {
    log.error({ err: error }, 'the import runner failed; the next poll tries again');
  }
}

/**
 * Takes back the RUNNING jobs whose heartbeat stopped (their process died, and their transaction with
 * it: nothing of them was applied): QUEUED again, or FAILED (with its IMPORT_FINISHED) after MAX_ATTEMPTS starts.
 */
export async function reclaimStaleJobs(em: EntityManager, log: Logger): Promise<void> {
  const rows = await em.transactional(async (tx) => {
    const taken = await tx.execute<{ id: number; status: ImportJobStatus; requested_by_member_id: number | null }[]>(
      `with taken as (
         update import_job set
           status = case when attempts >= ? then 'FAILED' else 'QUEUED' end,
           failure = case when attempts >= ? then ? else failure end,
           finished_at = case when attempts >= ? then now() else null end
         where status = 'RUNNING' and coalesce(heartbeat_at, started_at) < now() - make_interval(secs => ?)
         returning id, status, requested_by_member_id),
       dropped as (delete from import_job_chunk where job_id in (select id from taken where status = 'FAILED'))
       select id, status, requested_by_member_id from taken`,
      [
        MAX_ATTEMPTS,
        MAX_ATTEMPTS,
        `its server process stopped ${MAX_ATTEMPTS} times while running it; nothing was applied`,
        MAX_ATTEMPTS,
        STALE_SECONDS,
      ],
    );
    const failed = taken.filter((row) => row.status === ImportJobStatus.FAILED);
    for (const row of failed)
      recordImportFinished(tx, { id: row.id, requestedByMemberId: row.requested_by_member_id }, ImportJobStatus.FAILED);
    if (failed.length > 0) await tx.flush();
    return taken;
  });
  for (const row of rows) log.warn({ jobId: row.id, status: row.status }, 'import job taken back from a process that stopped');
}

/** Claims the oldest queued job, or none; another process's claim is skipped, never waited for. */
async function claimNextJob(em: EntityManager): Promise<ImportJob | null> {
  const [row] = await em.execute<{ id: number }[]>(
    `update import_job set status = 'RUNNING', attempts = attempts + 1, started_at = now(), heartbeat_at = now()
     where id = (select id from import_job where status = 'QUEUED' order by id limit 1 for update skip locked)
     returning id`,
  );
  return row ? em.findOneOrFail(ImportJob, { id: row.id }) : null;
}

/** A stored job's files, read back from its chunks through the import's transaction. */
function storedFiles(tx: EntityManager, job: ImportJob): ImportFile[] {
  return job.files.map((file, index) => importFileOf(file, () => readFile(tx, job.id, index)));
}

export function requesterOf(job: ImportJob): Viewer {
  return { role: job.requestedRole, memberId: job.requestedByMemberId, subject: job.requestedBy };
}

/**
 * Runs a job this process holds (RUNNING): the engine, and the outcome written in the same transaction,
 * so that the job is SUCCEEDED exactly when its rows are committed. The engine's own transaction nests in
 * it (a savepoint): the files are read through the same connection, which the embedded database needs.
 * A crash rolls everything back and fails the job.
 */
export async function executeJob(
  orm: MikroORM,
  job: ImportJob,
  files: (tx: EntityManager) => ImportFile[],
  log: Logger,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<void> {
  const heartbeat = new ProgressWriter(orm, job.id, job.progress.totalBytes, log);
  try {
    await orm.em.fork().transactional(async (tx) => {
      const options = {
        source: job.source,
        dryRun: job.dryRun,
        mode: job.mode,
        actor: requesterOf(job),
        requestId: `import-job:${job.id}`,
      };
      const outcome = await runImport(tx, files(tx), options, (progress) => {
        const withTotal = { ...progress, totalBytes: progress.totalBytes ?? job.progress.totalBytes };
        heartbeat.report(withTotal);
        onProgress(withTotal);
      });
      heartbeat.stop();
      await recordOutcome(tx, job, outcome);
    });
    log.info({ jobId: job.id }, 'import job finished');
  } catch (error) {
    heartbeat.stop();
    await recordFailure(orm.em.fork(), job, error, log);
  } finally {
    await heartbeat.settled();
  }
}

/** A real run succeeds when it applied its rows; a dry run when a real run would have. */
function succeeded(job: ImportJob, outcome: ImportOutcome): boolean {
  if (!job.dryRun) return outcome.applied;
  return outcome.errorCount === 0 || job.mode === ImportMode.PARTIAL;
}

async function recordOutcome(tx: EntityManager, job: ImportJob, outcome: ImportOutcome): Promise<void> {
  const totalBytes = job.progress.totalBytes;
  const progress = {
    phase: ImportPhase.DONE,
    kind: null,
    processedRows: outcome.counts.reduce((sum, counts) => sum + counts.rows, 0),
    processedBytes: totalBytes ?? 0,
    totalBytes,
  };
  const rejected =
    job.mode === ImportMode.PARTIAL && outcome.rejectedRows.length > 0 ? Buffer.from(rejectedRowsCsv(outcome), 'utf8') : null;
  const status = succeeded(job, outcome) ? ImportJobStatus.SUCCEEDED : ImportJobStatus.FAILED;
  await tx.execute(
    `update import_job set status = ?, progress = ?::jsonb, counts = ?::jsonb, error_count = ?, errors = ?::jsonb,
       rejected_csv = ?, finished_at = now(), heartbeat_at = now() where id = ?`,
    [
      status,
      JSON.stringify(progress),
      JSON.stringify(outcome.counts),
      outcome.errorCount,
      JSON.stringify(outcome.errors.slice(0, ERRORS_KEPT)),
      rejected,
      job.id,
    ],
  );
  await tx.execute('delete from import_job_chunk where job_id = ?', [job.id]);
  recordImportFinished(tx, job, status, outcome);
  await tx.flush();
}

type FinishedJob = Pick<ImportJob, 'id' | 'requestedByMemberId'>;

/**
 * IMPORT_FINISHED, in the transaction that records the job's final status; seen by whoever started it
 * (and admins, analysts). A job that failed as a whole counts nothing: nothing of it was applied.
 */
function recordImportFinished(tx: EntityManager, job: FinishedJob, status: ImportJobStatus, outcome?: ImportOutcome): void {
  const total = (field: 'created' | 'updated' | 'rejected') => (outcome?.counts ?? []).reduce((sum, counts) => sum + counts[field], 0);
  const requester = job.requestedByMemberId === null ? [] : [job.requestedByMemberId];
  recordEvent(tx, {
    type: EventType.IMPORT_FINISHED,
    actorMemberId: job.requestedByMemberId,
    subjects: [[EventSubjectKind.IMPORT_JOB, job.id], ...requester.map((id): [EventSubjectKind, number] => [EventSubjectKind.MEMBER, id])],
    teamPaths: [],
    memberIds: requester,
    payload: {
      status,
      applied: outcome?.applied ?? false,
      created: total('created'),
      updated: total('updated'),
      rejected: total('rejected'),
    },
  });
}

async function recordFailure(em: EntityManager, job: FinishedJob, error: unknown, log: Logger): Promise<void> {
  const jobId = job.id;
  const failure =
    error instanceof DomainError ? error.message : 'the import stopped with an internal error (see the server log); nothing was applied';
  if (error instanceof DomainError) log.warn({ jobId, err: error }, 'import job refused');
  else log.error({ jobId, err: error }, 'import job crashed');
  try {
    await em.transactional(async (tx) => {
      await tx.execute(`update import_job set status = 'FAILED', failure = ?, finished_at = now() where id = ?`, [failure, jobId]);
      await tx.execute('delete from import_job_chunk where job_id = ?', [jobId]);
      recordImportFinished(tx, job, ImportJobStatus.FAILED);
      await tx.flush();
    });
  } catch (cause) {
    log.error({ jobId, err: cause }, 'could not record the failure of an import job; it is taken back when its heartbeat is stale');
  }
}

/**
 * Writes a running job's progress (at most every PROGRESS_MS) and heartbeat (every HEARTBEAT_MS), one
 * statement at a time and on a connection of its own, outside the import's transaction. On the embedded
 * database those statements wait for the transaction; nothing waits for them until it has ended.
 */
class ProgressWriter {
  private latest: ImportProgress | null = null;
  private lastWrite = 0;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly jobId: number,
    private readonly totalBytes: number | null,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => this.write(), HEARTBEAT_MS);
    this.timer.unref();
  }

  report(progress: ImportProgress): void {
    this.latest = { ...progress, totalBytes: progress.totalBytes ?? this.totalBytes };
    if (performance.now() - this.lastWrite >= PROGRESS_MS) this.write();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  async settled(): Promise<void> {
    await this.inFlight;
  }

  private write(): void {
    if (this.stopped || this.inFlight) return;
    this.lastWrite = performance.now();
    const progress = this.latest;
    this.latest = null;
    this.inFlight = this.orm.em
      .fork()
      .execute(`update import_job set heartbeat_at = now(), progress = coalesce(?::jsonb, progress) where id = ? and status = 'RUNNING'`, [
        progress && JSON.stringify(progress),
        this.jobId,
      ])
      .then(
        () => {},
        (error: unknown) => this.log.warn({ jobId: this.jobId, err: error }, 'could not write the progress of an import job'),
      )
      .finally(() => {
        this.inFlight = null;
      });
  }
}
