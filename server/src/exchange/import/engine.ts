import type { EntityManager } from '@mikro-orm/postgresql';
import { readRows } from '../formats/read.js';
import { FileFormat } from '../formats/types.js';
import { KIND_SPECS, RECORD_KINDS } from '../kinds.js';
import { applyMapping, checkColumns } from '../mappings/apply.js';
import { deriveAfterImport } from './derive.js';
import type { Catalogue, ImportContext, KindHandler, RowDraft, Stage } from './handler.js';
import { HANDLERS } from './handlers/index.js';
import { auditJob } from './audit.js';
import { writeBatch } from './batch.js';
import { OutcomeTally } from './outcome.js';
import { Meter } from './progress.js';
import { References } from './references.js';
import { WrittenRecords } from './written.js';
import { query } from './sql.js';
import { ImportMode, ImportPhase, type ImportFile, type ImportOptions, type ImportOutcome, type ImportProgress } from './types.js';
import { parseField, problemOf } from './values.js';

/** Rows written per statement: large enough to amortise a round trip, small enough for constant memory. */
export const BATCH_SIZE = 1000;
/** Rows of a kind kept whole before writing (teams, written parents first). */
const WHOLE_FILE_LIMIT = 100_000;

class RollBack extends Error {}

/**
 * Imports the files in one transaction, kinds in dependency order: every row is read, mapped, checked
 * and matched to a record by external id (or natural key), then written a batch at a time; records the
 * file repeats unchanged are not written. A dry run, or an all-or-nothing run that found errors, rolls
 * everything back: what it reports is what a real run would have done.
 */
export async function runImport(
  em: EntityManager,
  files: ImportFile[],
  options: ImportOptions,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportOutcome> {
  const ordered = [...files].sort((a, b) => RECORD_KINDS.indexOf(a.kind) - RECORD_KINDS.indexOf(b.kind));
  const tally = new OutcomeTally();
  const meter = new Meter(onProgress);
  try {
    await em.transactional(async (tx) => {
      const ctx = await openContext(tx, options, ordered);
      for (const file of ordered) await importFile(file, ctx, tally, meter);
      for (const step of ctx.deferred) await step(ctx);
      for (const { draft, problem } of ctx.lateErrors) tally.flag(draft.file, draft.row, problem);
      meter.phase(ImportPhase.DERIVING, null);
      if (options.dryRun || (options.mode === ImportMode.ALL_OR_NOTHING && tally.errorCount > 0)) throw new RollBack();
      await deriveAfterImport(ctx);
      await auditJob(tx, options, ordered, tally);
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    meter.phase(ImportPhase.DONE, null);
    return tally.result(false);
  }
  meter.phase(ImportPhase.DONE, null);
  return tally.result(true);
}

async function openContext(em: EntityManager, options: ImportOptions, files: ImportFile[]): Promise<ImportContext> {
  return {
    actor: options.actor,
    em,
    refs: new References(em, options.source),
    catalogue: await readCatalogue(em),
    now: options.now ?? new Date(),
    kinds: new Set(files.map((file) => file.kind)),
    memberTeams: new Map(),
    touchedCustomers: new Set(),
    lifecycleGiven: new Set(),
    deferred: [],
    lateErrors: [],
    written: new WrittenRecords(),
  };
}

async function readCatalogue(em: EntityManager): Promise<Catalogue> {
  // One after the other: the statements share the transaction's connection.
  const stages = await query<{ id: number; code: string; position: number; outcome: Stage['outcome'] }>(
    em,
    'select id, code, position, outcome from sales_stage where archived_at is null order by position',
  );
  const channels = await query<{ id: number; code: string }>(em, 'select id, code from channel where archived_at is null');
  const products = await query<{ id: number; code: string }>(em, 'select id, code from product');
  return {
    stages: new Map(stages.map((s) => [s.code.toUpperCase(), { ...s, id: Number(s.id), position: Number(s.position) }])),
    channels: new Map(channels.map((c) => [c.code.toUpperCase(), Number(c.id)])),
    products: new Map(products.map((p) => [p.code.toUpperCase(), Number(p.id)])),
  };
}

async function importFile(file: ImportFile, ctx: ImportContext, tally: OutcomeTally, meter: Meter): Promise<void> {
  const handler = HANDLERS[file.kind];
  meter.phase(ImportPhase.READING, file.kind);
  const base = meter.state.processedBytes;
  const read = { bytes: base };
  const batches = batchesOf(file, handler, tally, (n) => (read.bytes = base + n));
  if (handler.wholeFile && handler.levels) {
    const all: RowDraft[] = [];
    for await (const batch of batches) all.push(...batch);
    meter.phase(ImportPhase.APPLYING, file.kind);
    for (const level of await handler.levels(all, ctx)) await writeBatch(handler, level, ctx, tally);
    meter.rows(all.length, read.bytes);
    return;
  }
  // The next batch is read and parsed while this one is written: the parsing and the database each keep a core busy.
  let next = batches.next();
  for (;;) {
    const { value: batch, done } = await next;
    if (done) break;
    next = batches.next();
    await writeBatch(handler, batch, ctx, tally);
    meter.rows(batch.length, read.bytes);
  }
}

/** The file's rows, mapped and parsed, a batch at a time; unreadable rows and a header without the required columns are tallied. */
async function* batchesOf(
  file: ImportFile,
  handler: KindHandler,
  tally: OutcomeTally,
  onBytes: (n: number) => void,
): AsyncGenerator<RowDraft[]> {
  const rows = readRows(file.open(), { format: file.format, encoding: file.encoding, delimiter: file.delimiter, onBytes });
  let batch: RowDraft[] = [];
  let checked = file.format !== FileFormat.CSV;
  let count = 0;
  for await (const item of rows) {
    if ('unreadable' in item) {
      const { row, rule, message } = item.unreadable;
      tally.of(file.kind).rows += 1;
      tally.reject(file.kind, file.name, row, {}, [{ column: null, rule, message }]);
      continue;
    }
    if (!checked) {
      checked = true;
      const missing = checkColumns(file.mapping, file.kind, Object.keys(item.row.values));
      if (missing.length > 0) return tally.reject(file.kind, file.name, 1, {}, missing);
    }
    if (handler.wholeFile && (count += 1) > WHOLE_FILE_LIMIT) {
      const message = `a ${file.kind} file holds at most ${WHOLE_FILE_LIMIT} rows`;
      return tally.reject(file.kind, file.name, item.row.row, {}, [{ column: null, rule: 'import-limit', message }]);
    }
    batch.push(prepareFields(handler, draftOf(file, item.row.row, item.row.values)));
    if (batch.length >= BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function draftOf(file: ImportFile, row: number, raw: Record<string, unknown>): RowDraft {
  return {
    file: file.name,
    row,
    raw,
    fields: {},
    values: {},
    problems: [],
    externalId: null,
    key: null,
    id: null,
    columns: {},
    mapping: file.mapping,
  };
}

/** Maps and parses every field of a row; a field that breaks a rule becomes a row problem. */
function prepareFields(handler: KindHandler, draft: RowDraft): RowDraft {
  const spec = KIND_SPECS[handler.kind];
  const mapped = applyMapping(draft.mapping, handler.kind, draft.raw);
  draft.fields = mapped.fields;
  draft.problems.push(...mapped.problems);
  for (const field of spec.fields) {
    try {
      draft.values[field.name] = parseField(field, mapped.fields[field.name]);
    } catch (error) {
      draft.problems.push(problemOf(error, field.name));
    }
  }
  draft.externalId = (draft.values.externalId as string | null) ?? null;
  draft.natural = spec.naturalKey ? ((draft.values[spec.naturalKey] as string | null) ?? null) : null;
  draft.key = draft.externalId ?? draft.natural;
  return draft;
}

export { rejectedRowsCsv } from './rejected.js';
