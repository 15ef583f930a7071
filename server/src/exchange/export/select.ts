import { type FieldSpec, KIND_SPECS, type RecordKind } from '../kinds.js';
import type { Fragment } from './scope.js';

/** An instant as the importer reads it back: ISO 8601 in UTC with milliseconds, as `Date#toISOString()` writes it. */
export const isoInstant = (sql: string): string => `to_char(${sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const isoDate = (sql: string): string => `to_char(${sql}, 'YYYY-MM-DD')`;

/** The stage changes of the deal `t`, oldest first, as a JSON array of { stage, changedAt }. */
const STAGE_HISTORY = `left join lateral (
    select json_agg(json_build_object('stage', hs.code, 'changedAt', ${isoInstant('hc.changed_at')}) order by hc.changed_at, hc.id) as history
      from deal_stage_change hc join sales_stage hs on hs.id = hc.to_stage_id
     where hc.deal_id = t.id) h on true`;

/** The credit split of the deal `t`, lines in the order they were set, members by external id in the source. */
const CREDITS = `left join lateral (
    select json_agg(json_build_object('member', coalesce(cx.external_id, cc.member_id::text), 'percent', cc.percent::text, 'overlay', cc.overlay) order by cc.id) as credits
      from deal_credit cc left join external_ref cx on cx.source = ? and cx.kind = 'members' and cx.record_id = cc.member_id
     where cc.deal_id = t.id) cr on true`;

/** What one page statement reads of a kind: the field expressions, in spec order, and the joins they need. */
export interface Selection {
  columns: string[];
  joins: string[];
  /** Parameters of the joins, in the order they appear (the source of each external id). */
  params: unknown[];
}

/**
 * A record's id as another system knows it: its external id in `source` (external_ref), or, when it has
 * none there, its own id as text.
 */
function externalIdOf(selection: Selection, kind: RecordKind, idSql: string, source: string): string {
  const alias = `x${selection.joins.length}`;
  selection.joins.push(
    `left join external_ref ${alias} on ${alias}.source = ? and ${alias}.kind = '${kind}' and ${alias}.record_id = ${idSql}`,
  );
  selection.params.push(source);
  return `coalesce(${alias}.external_id, ${idSql}::text)`;
}

function catalogueCode(selection: Selection, catalogue: string, idSql: string): string {
  const alias = `c${selection.joins.length}`;
  selection.joins.push(`left join ${catalogue} ${alias} on ${alias}.id = ${idSql}`);
  return `${alias}.code`;
}

/** The period of a quota or goal, joined once for both of its fields. */
function period(selection: Selection): string {
  const join = 'join period p on p.id = t.period_id';
  if (!selection.joins.includes(join)) selection.joins.push(join);
  return 'p';
}

/** The SQL expression that gives one field in its canonical shape (text, or boolean, or JSON for the history). */
function fieldExpression(selection: Selection, kind: RecordKind, field: FieldSpec, source: string): string {
  const column = field.column ? `t."${field.column}"` : '';
  if (field.name === 'externalId') return externalIdOf(selection, kind, 't.id', source);
  if (field.name === 'periodKind') return `${period(selection)}.kind`;
  if (field.name === 'periodStart') return isoDate(`${period(selection)}.start_date`);
  switch (field.type) {
    case 'text':
    case 'enum':
    case 'boolean':
      return column;
    case 'decimal':
      return `${column}::text`;
    case 'date':
      return isoDate(column);
    case 'datetime':
      return isoInstant(column);
    case 'code':
      return catalogueCode(selection, field.catalogue!, column);
    case 'ref':
      return `case when ${column} is null then null else ${externalIdOf(selection, field.ref!, column, source)} end`;
    case 'history':
      selection.joins.push(STAGE_HISTORY);
      return `coalesce(h.history, '[]'::json)`;
    case 'credits':
      selection.joins.push(CREDITS);
      selection.params.push(source);
      return `coalesce(cr.credits, '[]'::json)`;
  }
}

/** The fields of a kind as one page statement selects them, each under its field name. */
export function selectionOf(kind: RecordKind, source: string): Selection {
  const selection: Selection = { columns: [], joins: [], params: [] };
  for (const field of KIND_SPECS[kind].fields)
    selection.columns.push(`${fieldExpression(selection, kind, field, source)} as "${field.name}"`);
  return selection;
}

/**
 * One page of a kind, in (changedColumn, id) order after the keyset `after` (the last row of the page
 * before) and, for an incremental export, changed after `since`. `_key` and `_id` carry the keyset.
 */
export function pageStatement(
  kind: RecordKind,
  selection: Selection,
  conditions: Fragment[],
  after: { key: string; id: number } | null,
  limit: number,
): Fragment {
  const { table, changedColumn } = KIND_SPECS[kind];
  const changed = `t.${changedColumn}`;
  const where = [...conditions];
  if (after) where.push({ sql: `(${changed}, t.id) > (?::timestamptz, ?)`, params: [after.key, after.id] });
  const sql = `select ${selection.columns.join(', ')}, t.id as "_id", ${changed}::text as "_key"
    from ${table} t ${selection.joins.join(' ')}
    ${where.length ? `where ${where.map((part) => part.sql).join(' and ')}` : ''}
    order by ${changed}, t.id limit ?`;
  return { sql, params: [...selection.params, ...where.flatMap((part) => part.params), limit] };
}
