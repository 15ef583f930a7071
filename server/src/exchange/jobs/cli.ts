import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AccessRole } from '../../access/viewer.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/orm.js';
import { DomainError } from '../../errors.js';
import { createLogger } from '../../logger.js';
import type { ImportFile, ImportProgress } from '../import/types.js';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './cli-args.js';
import { importFileOf, mappingOf, recordLocalJob } from './enqueue.js';
import { ImportJobStatus } from './enums.js';
import { ImportJob, type JobFile } from './import-job.entity.js';
import { executeJob, MAX_ATTEMPTS } from './runner.js';

/** How often progress is printed when stderr is not a terminal. */
const LINE_EVERY_MS = 5_000;
/** Errors printed after the summary. */
const ERRORS_SHOWN = 20;

export interface CliStreams {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

/** The service account the CLI acts as: whoever runs it on the server has the database already. */
const CLI_VIEWER = { role: AccessRole.ADMIN, memberId: null, subject: 'cli:pnpm-import' };

/**
 * `pnpm run import <file> …`: imports files into the configured database (DATABASE_URL, or the embedded
 * one in DATA_DIR: not while a server uses it) as one job that the graph shows, with a progress bar.
 * Returns the exit status: 0 applied, 1 refused or row errors, 2 usage.
 */
export async function runImportCli(argv: string[], io: CliStreams = process, cwd = process.env.INIT_CWD ?? process.cwd()): Promise<number> {
  let options: CliOptions;
  let files: JobFile[];
  try {
    const parsed = parseCliArgs(argv);
    if (parsed === 'help') {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    options = parsed;
    files = await describeFiles(options, cwd);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof DomainError)) throw error;
    io.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const database = await openDatabase(loadConfig());
  try {
    await migrate(database.orm);
    const em = database.orm.em.fork();
    const job = await recordLocalJob(em, { ...options, files, requestedBy: CLI_VIEWER }, MAX_ATTEMPTS);
    const paths = options.files.map((file) => path.resolve(cwd, file.path));
    const bar = new ProgressBar(io.stderr);
    const log = createLogger(process.env.LOG_LEVEL ?? 'error');
    await executeJob(
      database.orm,
      job,
      () => files.map((file, index) => diskFile(file, paths[index])),
      log,
      (progress) => bar.show(progress),
    );
    bar.end();
    const done = await database.orm.em.fork().findOneOrFail(ImportJob, { id: job.id }, { populate: ['rejectedCsv'] });
    report(done, io.stdout);
    if (done.rejectedCsv) {
      const target = rejectedPath(paths[0]);
      await writeFile(target, done.rejectedCsv);
      io.stdout.write(`Rejected rows: ${target}\n`);
    }
    return done.status === ImportJobStatus.SUCCEEDED && done.errorCount === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

/** The job's record of each file; reads the mapping file and checks the preset before the database opens. */
async function describeFiles(options: CliOptions, cwd: string): Promise<JobFile[]> {
  const mappingText = options.mappingFile === null ? null : await readText(path.resolve(cwd, options.mappingFile));
  return Promise.all(
    options.files.map(async (file) => {
      const size = await stat(path.resolve(cwd, file.path)).catch(() => null);
      if (!size?.isFile()) throw new UsageError(`${file.path}: no such file`);
      return {
        kind: file.kind,
        format: file.format,
        name: path.basename(file.path),
        mapping: mappingOf(file.kind, options.mapping, mappingText, 'mapping'),
        encoding: options.encoding,
        delimiter: options.delimiter,
        bytes: size.size,
      };
    }),
  );
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the mapping file`);
  }
}

function diskFile(file: JobFile, fullPath: string): ImportFile {
  return importFileOf(file, () => createReadStream(fullPath));
}

/** `deals.csv` → `deals.rejected.csv`, beside it. */
export function rejectedPath(file: string): string {
  const extension = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, extension)}.rejected.csv`);
}

/** Digits grouped by thousands with spaces: 420 000. */
function grouped(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** `[#####-----] 42% 420 000 rows 1.2 MB/s` redrawn on a terminal; a line every 5 s otherwise. */
class ProgressBar {
  private readonly started = performance.now();
  private lastLine = 0;
  private drawn = false;

  constructor(private readonly out: Writable & { isTTY?: boolean }) {}

  show(progress: ImportProgress): void {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? progress.processedBytes / seconds / 1e6 : 0;
    const share = progress.totalBytes ? Math.min(1, progress.processedBytes / progress.totalBytes) : 0;
    const filled = Math.round(share * 10);
    const text = `[${'#'.repeat(filled)}${'-'.repeat(10 - filled)}] ${Math.floor(share * 100)}% ${grouped(progress.processedRows)} rows ${rate.toFixed(1)} MB/s ${progress.phase.toLowerCase()}${progress.kind ? ` ${progress.kind}` : ''}`;
    if (this.out.isTTY) {
      this.out.write(`\r${text}\u001b[K`);
      this.drawn = true;
    } else if (performance.now() - this.lastLine >= LINE_EVERY_MS) {
      this.lastLine = performance.now();
      this.out.write(`${text}\n`);
    }
  }

  end(): void {
    if (this.drawn) this.out.write('\n');
  }
}

function report(job: ImportJob, out: Writable): void {
  const header = ['kind', 'rows', 'created', 'updated', 'unchanged', 'rejected'];
  const rows = job.counts.map((c) =>
    [c.kind, c.rows, c.created, c.updated, c.unchanged, c.rejected].map((v) => (typeof v === 'number' ? grouped(v) : v)),
  );
  const widths = header.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const verdict = job.failure
    ? `FAILED: ${job.failure}`
    : job.dryRun
      ? `dry run, nothing written: ${job.errorCount === 0 ? 'no errors' : `${job.errorCount} errors`}`
      : job.status === ImportJobStatus.SUCCEEDED
        ? `applied${job.errorCount ? `, ${job.errorCount} rows rejected` : ''}`
        : `refused, nothing written: ${job.errorCount} errors`;
  out.write(`Import job ${job.id}: ${verdict}\n${[line(header), ...rows.map(line)].join('\n')}\n`);
  for (const error of job.errors.slice(0, ERRORS_SHOWN))
    out.write(`${error.file}:${error.row} ${error.column ?? '-'} ${error.rule} ${error.message}\n`);
  if (job.errorCount > ERRORS_SHOWN) out.write(`… and ${job.errorCount - ERRORS_SHOWN} more\n`);
}
