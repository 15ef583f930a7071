import { KIND_SPECS, type RecordKind } from '../kinds.js';
import { columnsOf, mapColumns, type ImportContext, type KindHandler, type RowDraft } from './handler.js';
import type { OutcomeTally } from './outcome.js';
import { insertRows, nextIds, query, updateRows } from './sql.js';

/** Natural keys that are unique in their table: a row whose external id names another record breaks them. */
const UNIQUE_NATURAL: Partial<Record<RecordKind, string>> = { members: 'unique-email', customers: 'unique-tax-id' };

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

export async function writeBatch(handler: KindHandler, drafts: RowDraft[], ctx: ImportContext, tally: OutcomeTally): Promise<void> {
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
