import type { EntityManager } from '@mikro-orm/postgresql';
import type { RetentionConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { repeat } from '../repeat.js';

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
 * Drops the monthly partitions that retention lets go (whole months before the current one) and the
 * default partition's rows as old; an event's webhook deliveries go with it. A partition is dropped, not
 * emptied row by row: one catalogue change, whatever its size. Returns the partitions dropped.
 */
export async function dropExpiredHistory(em: EntityManager, retention: RetentionConfig, now = new Date()): Promise<string[]> {
  const kept = [
    { table: 'domain_event', key: 'occurred_at', months: retention.eventMonths },
    { table: 'audit_entry', key: 'at', months: retention.auditMonths },
  ].filter((history) => history.months > 0);
  const dropped: string[] = [];
  if (kept.length === 0) return dropped;
  await em.transactional(async (tx) => {
    // The lock of ensure_month_partitions: one process at a time changes the partitions.
    await tx.execute(`select pg_advisory_xact_lock(hashtext('ensure_month_partitions'))`);
    for (const { table, key, months } of kept) {
      const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1)).toISOString();
      const partitions = await tx.execute<{ name: string }[]>(
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = ?::regclass`,
        [`"${table}"`],
      );
      const expired = partitions
        .map((p) => p.name)
        .filter((name) => /_p\d{4}_\d{2}$/.test(name) && name.slice(-7).replace('_', '-') < cutoff.slice(0, 7));
      if (table === 'domain_event')
        await tx.execute(`delete from webhook_delivery where event_id in (select id from domain_event where occurred_at < ?)`, [cutoff]);
      await tx.execute(`delete from "${table}_default" where "${key}" < ?`, [cutoff]);
      for (const name of expired.sort()) await tx.execute(`drop table "${name}"`);
      dropped.push(...expired);
    }
  });
  return dropped;
}

/**
 * Rolls the partitions at start and then hourly, and drops what retention lets go; one process or many,
 * each roll is idempotent. Returns the function that stops it, waiting for a roll under way.
 */
export function schedulePartitionRoll(fork: () => EntityManager, retention: RetentionConfig, log: Logger): () => Promise<void> {
  const roll = async () => {
    try {
      const created = await rollPartitions(fork());
      if (created > 0) log.info({ created }, 'history partitions created');
      const dropped = await dropExpiredHistory(fork(), retention);
      if (dropped.length > 0) log.info({ dropped }, 'history partitions past retention dropped');
    } catch (error) {
      log.error({ err: error }, 'rolling history partitions failed; the next roll tries again');
    }
  };
  return repeat(roll, ROLL_INTERVAL_MS);
}
