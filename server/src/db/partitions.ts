import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';

/** The history tables partitioned by month, each with its partition key (docs/scaling.md#partitioned-history). */
export const PARTITIONED_HISTORY = [
  { table: 'deal_stage_change', key: 'deal_created_at' },
  { table: 'interaction', key: 'occurred_at' },
  { table: 'audit_entry', key: 'at' },
  { table: 'domain_event', key: 'occurred_at' },
] as const;

export type PartitionedTable = (typeof PARTITIONED_HISTORY)[number]['table'];

/**
 * A schema diff's statements without those about the partitioned tables' primary keys: the entities
 * declare `id` alone, the tables hold `(id, partition key)`, and the ORM cannot say so.
 */
export function withoutPartitionKeyChanges(sql: string): string[] {
  const keys = new Set(PARTITIONED_HISTORY.map(({ table }) => `${table}_pkey`));
  const isPartitionKey = (line: string) => keys.has(/^alter table "\w+" (?:drop|add) constraint "(\w+)"/.exec(line)?.[1] ?? '');
  return sql.split('\n').filter((line) => line.trim() !== '' && !isPartitionKey(line));
}

/** Months of partitions kept ready ahead of today, so that a write never waits for one to be created. */
export const MONTHS_AHEAD = 3;

const ROLL_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Creates the missing monthly partitions of every history table: this month's and MONTHS_AHEAD more,
 * and one for each month that has rows in the default partition (rows written before their month had
 * one, such as imported history), moving those rows into it. Months without rows get no partition: the
 * default one stays empty, so scanning it costs nothing. Returns the number of partitions created.
 * Idempotent, and safe from several processes at once (the function takes a transaction lock).
 */
export async function rollPartitions(em: EntityManager, now = new Date()): Promise<number> {
  const calls = PARTITIONED_HISTORY.map(
    ({ table, key }) => `ensure_month_partitions('"${table}"', '${key}', ?::timestamptz, ?::timestamptz + interval '${MONTHS_AHEAD} months')
      + (select coalesce(sum(ensure_month_partitions('"${table}"', '${key}', month, month)), 0)
           from (select distinct date_trunc('month', "${key}", 'UTC') as month from "${table}_default") months)`,
  );
  const params = PARTITIONED_HISTORY.flatMap(() => [now.toISOString(), now.toISOString()]);
  const [row] = await em.execute<{ created: number }[]>(`select ${calls.join(' + ')} as created`, params);
  return Number(row.created);
}

/** Creates the partitions of the months of `instants` in `table` before a bulk write of history lands in them. */
export async function ensurePartitions(em: EntityManager, table: PartitionedTable, instants: Date[]): Promise<void> {
  const months = [...new Set(instants.map((at) => at.toISOString().slice(0, 7)))].map((month) => `${month}-01T00:00:00Z`);
  if (months.length === 0) return;
  const { key } = PARTITIONED_HISTORY.find((p) => p.table === table)!;
  await em.execute(`select ensure_month_partitions(?::regclass, ?, month, month) from unnest(array[?]::timestamptz[]) as month`, [
    `"${table}"`,
    key,
    months,
  ]);
}

/**
 * Rolls the partitions at start and then hourly; one process or many, each roll is idempotent. Returns
 * the function that stops it, waiting for a roll under way.
 */
export function schedulePartitionRoll(fork: () => EntityManager, log: Logger): () => Promise<void> {
  let running: Promise<void> | null = null;
  const roll = () => {
    running ??= rollPartitions(fork())
      .then((created) => {
        if (created > 0) log.info({ created }, 'history partitions created');
      })
      .catch((error) => log.error({ err: error }, 'rolling history partitions failed; the next roll tries again'))
      .finally(() => (running = null));
  };
  const timer = setInterval(roll, ROLL_INTERVAL_MS);
  timer.unref();
  roll();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
