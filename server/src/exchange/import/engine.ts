import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordJobEntry } from '../../audit/recorder.js';
import { AuditChangeKind } from '../../audit/audit-entry.entity.js';
import { readRows } from '../formats/read.js';
import { FileFormat } from '../formats/types.js';
import { KIND_SPECS, RECORD_KINDS, type RecordKind } from '../kinds.js';
import { applyMapping, checkColumns } from '../mappings/apply.js';
import { deriveAfterImport } from './derive.js';
import { columnsOf, mapColumns, type Catalogue, type ImportContext, type KindHandler, type RowDraft, type Stage } from './handler.js';
import { HANDLERS } from './handlers/index.js';
import { OutcomeTally } from './outcome.js';
import { References } from './references.js';
import { WrittenRecords } from './written.js';
import { insertRows, nextIds, updateRows, query } from './sql.js';
import { ImportMode, ImportPhase, type ImportFile, type ImportOptions, type ImportOutcome, type ImportProgress } from './types.js';
import { parseField, problemOf } from './values.js';

/** Rows written per statement: large enough to amortise a round trip, small enough for constant memory. */
export const BATCH_SIZE = 1000;
/** Rows of a kind kept whole before writing (teams, written parents first). */
const WHOLE_FILE_LIMIT = 100_000;

class RollBack extends Error {}

/** Natural keys that are unique in their table: a row whose external id names another record breaks them. */
const UNIQUE_NATURAL: Partial<Record<RecordKind, string>> = { members: 'unique-email', customers: 'unique-tax-id' };

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

/** Reports progress at most every 200 ms, and at every phase change. */
class Meter {
  private last = 0;
  readonly state: ImportProgress = { phase: ImportPhase.READING, kind: null, processedRows: 0, processedBytes: 0, totalBytes: null };
  constructor(private readonly report: (progress: ImportProgress) => void) {}

  phase(phase: ImportPhase, kind: RecordKind | null): void {
    Object.assign(this.state, { phase, kind });
    this.emit(true);
  }

  rows(count: number, bytes: number): void {
    this.state.processedRows += count;
    this.state.processedBytes = bytes;
    this.emit(false);
  }

  emit(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    this.report({ ...this.state });
  }
}

async function openContext(em: EntityManager, options: ImportOptions, files: ImportFile[]): Promise<ImportContext> {
  return {
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

/** Resolves every reference the rows make, a statement or two per kind referenced. */
async function resolveReferences(handler: KindHandler, drafts: RowDraft[], ctx: ImportContext): Promise<void> {
  const wanted = new Map<RecordKind, Set<string>>();
  const want = (kind: RecordKind, key: string | null) => {
    if (key === null) return;
    let keys = wanted.get(kind);
    if (!keys) wanted.set(kind, (keys = new Set()));
    keys.add(key);
  };
  for (const draft of drafts) {
    want(handler.kind, draft.externalId);
    want(handler.kind, draft.natural ?? null);
    for (const field of KIND_SPECS[handler.kind].fields) {
      if (field.type === 'ref') want(field.ref!, (draft.values[field.name] as string | null) ?? null);
    }
  }
  for (const [kind, keys] of wanted) await ctx.refs.resolve(kind, keys);
}

/** Which record each row is: its external id's, else its natural key's; a unique key held by another record is a conflict. */
function identify(handler: KindHandler, drafts: RowDraft[], ctx: ImportContext): void {
  for (const draft of drafts) {
    const byRef = draft.externalId === null ? undefined : ctx.refs.idOf(handler.kind, draft.externalId);
    const byNatural = draft.natural ? ctx.refs.idOf(handler.kind, draft.natural) : undefined;
    if (draft.isNew) continue; // given its id up front (teams, in file order)
    draft.id = byRef ?? byNatural ?? null;
    const rule = UNIQUE_NATURAL[handler.kind];
    if (rule && byRef !== undefined && byNatural !== undefined && byRef !== byNatural) {
      const field = KIND_SPECS[handler.kind].naturalKey!;
      draft.problems.push({ column: field, rule, message: `"${draft.natural}" already belongs to another of the ${handler.kind}` });
    }
  }
}

async function writeBatch(handler: KindHandler, drafts: RowDraft[], ctx: ImportContext, tally: OutcomeTally): Promise<void> {
  if (drafts.length === 0) return;
  await resolveReferences(handler, drafts, ctx);
  identify(handler, drafts, ctx);
  ctx.written.markRepeats(handler.kind, drafts);
  if (handler.identify) await handler.identify(drafts, ctx);
  const fresh = drafts.filter((draft) => draft.id === null && draft.problems.length === 0);
  const ids = await nextIds(ctx.em, KIND_SPECS[handler.kind].table, fresh.length);
  fresh.forEach((draft, i) => {
    draft.id = ids[i];
    draft.isNew = true;
  });
  ctx.written.record(handler.kind, drafts);
  for (const draft of drafts) {
    if (draft.problems.length > 0) continue;
    mapColumns(handler, draft, ctx);
    if (draft.problems.length === 0) await handler.prepare?.(draft, ctx);
  }
  const valid = drafts.filter((draft) => draft.problems.length === 0);
  const columns = columnsOf(handler);
  const rowsOf = (list: RowDraft[]) => list.map((draft) => ({ ...draft.columns, id: draft.id }));
  const created = valid.filter((draft) => draft.isNew);
  const existing = valid.filter((draft) => !draft.isNew);
  await insertRows(ctx.em, KIND_SPECS[handler.kind].table, columns, rowsOf(created));
  const changed = await updateRows(ctx.em, KIND_SPECS[handler.kind].table, columns, rowsOf(existing), {
    versioned: handler.versioned ?? false,
    stamped: handler.stamped ?? false,
  });
  for (const draft of created) changed.add(draft.id!);
  await linkExternalIds(handler.kind, valid, ctx);
  if (handler.afterWrite) await handler.afterWrite(valid, changed, ctx);
  count(handler.kind, drafts, changed, tally, ctx);
}

async function linkExternalIds(kind: RecordKind, drafts: RowDraft[], ctx: ImportContext): Promise<void> {
  const links = drafts
    .filter((draft) => draft.externalId !== null)
    .map((draft) => ({ external_id: draft.externalId, record_id: draft.id }));
  for (const draft of drafts) {
    if (draft.externalId !== null) ctx.refs.remember(kind, draft.externalId, draft.id!);
    if (draft.natural) ctx.refs.remember(kind, draft.natural, draft.id!);
  }
  if (links.length === 0) return;
  await query(
    ctx.em,
    `insert into external_ref (source, kind, external_id, record_id)
     select ?, ?, r.external_id, r.record_id from json_to_recordset(?::json) as r(external_id text, record_id int)
     on conflict do nothing`,
    [ctx.refs.source, kind, JSON.stringify(links)],
  );
}

function count(kind: RecordKind, drafts: RowDraft[], changed: Set<number>, tally: OutcomeTally, ctx: ImportContext): void {
  const counts = tally.of(kind);
  for (const draft of drafts) {
    counts.rows += 1;
    if (draft.problems.length > 0) {
      tally.reject(
        kind,
        draft.file,
        draft.row,
        draft.raw,
        draft.problems.map((p) => ({ ...p, column: sourceColumn(draft, p.column) })),
      );
      if (draft.key !== null) ctx.refs.rememberRejected(kind, draft.key, `${draft.file} row ${draft.row}`);
    } else if (draft.isNew) counts.created += 1;
    else if (changed.has(draft.id!)) counts.updated += 1;
    else counts.unchanged += 1;
  }
}

/** The column of the source file a field came from, as the user knows it. */
export function sourceColumn(draft: RowDraft, field: string | null): string | null {
  if (field === null || !draft.mapping) return field;
  const from = draft.mapping.columns[field];
  return (Array.isArray(from) ? from[0] : from) ?? field;
}

/** One audit entry for a job that changed records: what it was asked and how many of each kind it wrote. */
async function auditJob(em: EntityManager, options: ImportOptions, files: ImportFile[], tally: OutcomeTally): Promise<void> {
  const outcome = tally.result(true);
  const changes = outcome.counts.filter((c) => c.created + c.updated > 0);
  if (changes.length === 0) return;
  await recordJobEntry(em, {
    requestId: options.requestId ?? randomUUID(),
    viewer: options.actor,
    operation: 'import',
    arguments: { source: options.source, mode: options.mode, files: files.map((f) => ({ kind: f.kind, format: f.format, name: f.name })) },
    changes: changes.map((c) => ({
      entity: c.kind,
      entityId: '*',
      kind: c.created > 0 ? AuditChangeKind.CREATE : AuditChangeKind.UPDATE,
      before: null,
      after: { created: c.created, updated: c.updated, unchanged: c.unchanged, rejected: c.rejected },
    })),
  });
}

export { rejectedRowsCsv } from './rejected.js';
