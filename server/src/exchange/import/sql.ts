import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * Runs one statement in the import's transaction with its parameters sent apart from the text: the ORM's
 * `execute` would write them into the SQL as literals, which for a batch's JSON costs more than the insert.
 */
export async function query<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = (em.getTransactionContext() as Knex.Transaction | undefined) ?? em.getConnection().getKnex();
  const result = await runner.raw(sql, params as Knex.RawBinding[]);
  return result.rows as T[];
}

/** A column a batch writes, with the SQL type `json_to_recordset` reads it as. */
export interface Column {
  name: string;
  type: 'text' | 'numeric' | 'date' | 'timestamptz' | 'boolean' | 'int';
  /** An empty value keeps what the record has (insert: `insertDefault`), instead of clearing it. */
  keep?: boolean;
  /** SQL for an empty value on insert (e.g. `now()`), when the column has a default. */
  insertDefault?: string;
  /** The SET expression on update, over `r` (the row given) and `t` (the record): a derived column. */
  update?: string;
}

/** A record's values by column name; `id` is set for every row a statement writes. */
export type ColumnValues = Record<string, unknown>;

const quote = (name: string) => `"${name}"`;

/** The rows as one JSON parameter: one binding whatever the batch size, typed by the record definition. */
function recordset(columns: Column[]): string {
  return `json_to_recordset(?::json) as r(id int, ${columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ')})`;
}

function toJson(rows: ColumnValues[]): string {
  return JSON.stringify(rows, (_key, value) => (value instanceof Date ? value.toISOString() : value));
}

/** Ids for `count` new records of `table`, from its own sequence, so that rows and ids pair up before the insert. */
export async function nextIds(em: EntityManager, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  // The sequence is looked up once, not once a row: that lookup cost more than the ids themselves.
  const rows = await query<{ id: number }>(
    em,
    `select nextval(s.seq)::int as id from (select pg_get_serial_sequence(?, 'id')::regclass as seq) s, generate_series(1, ?) order by 1`,
    [table, count],
  );
  return rows.map((row) => Number(row.id));
}

/** Inserts the rows (each with its `id`) in one statement. */
export async function insertRows(em: EntityManager, table: string, columns: Column[], rows: ColumnValues[]): Promise<void> {
  if (rows.length === 0) return;
  const values = columns.map((c) => (c.insertDefault ? `coalesce(r.${quote(c.name)}, ${c.insertDefault})` : `r.${quote(c.name)}`));
  await query(
    em,
    `insert into ${quote(table)} (id, ${columns.map((c) => quote(c.name)).join(', ')}) select r.id, ${values.join(', ')} from ${recordset(columns)}`,
    [toJson(rows)],
  );
}

/**
 * Updates the records whose values differ, in one statement, and returns the ids it changed: a record
 * the file repeats unchanged is not written (no new version, no new `updated_at`).
 */
export async function updateRows(
  em: EntityManager,
  table: string,
  columns: Column[],
  rows: ColumnValues[],
  options: { versioned: boolean; stamped: boolean },
): Promise<Set<number>> {
  if (rows.length === 0) return new Set();
  const next = columns.map((c) => c.update ?? (c.keep ? `coalesce(r.${quote(c.name)}, t.${quote(c.name)})` : `r.${quote(c.name)}`));
  const sets = columns.map((c, i) => `${quote(c.name)} = ${next[i]}`);
  if (options.versioned) sets.push('"version" = t."version" + 1');
  if (options.stamped) sets.push('"updated_at" = now()');
  const changed = await query<{ id: number }>(
    em,
    `update ${quote(table)} t set ${sets.join(', ')} from ${recordset(columns)}
      where t.id = r.id and (${columns.map((c) => `t.${quote(c.name)}`).join(', ')}, null) is distinct from (${next.join(', ')}, null)
      returning t.id`,
    [toJson(rows)],
  );
  return new Set(changed.map((row) => Number(row.id)));
}

/**
 * A list as one array parameter (`= any(?::int[])`, `= any(?::text[])`): one binding whatever its length,
 * and a constant the planner looks up through the index (an array built by a subquery is not).
 */
export function intList(values: Iterable<number | null | undefined>): string {
  return `{${[...values].map(Number).join(',')}}`;
}

export function textList(values: Iterable<string>): string {
  return `{${[...values].map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
