import type { EntityManager } from '@mikro-orm/postgresql';
import { Utils, type EntityName, type RequiredEntityData } from '@mikro-orm/core';

/**
 * Inserts many rows with multi-row INSERT statements (bypassing the unit of work), `chunk` rows at a
 * time, and returns their ids in order. For demo data of thousands of rows.
 */
export async function bulkInsert<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  rows: RequiredEntityData<T>[],
  chunk = 1000,
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const result = await em.getDriver().nativeInsertMany(Utils.className(entity), slice as never, { ctx: em.getTransactionContext() });
    const returned = (result.rows ?? []) as { id: number }[];
    if (returned.length !== slice.length) throw new Error(`bulk insert returned ${returned.length} ids for ${slice.length} rows`);
    ids.push(...returned.map((row) => Number(row.id)));
  }
  return ids;
}

/** Days after `base` as a Date. */
export function addDays(base: Date, days: number): Date {
  return new Date(base.getTime() + days * 86_400_000);
}

export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
