import type { EntityManager } from '@mikro-orm/postgresql';
import { formatMoney, toKopecks } from '../money.js';
import { divideRounded, ratio } from '../pipeline/fractions.js';
import { LifecycleStage } from './enums.js';

/**
 * Customer lifetime value (пожизненная ценность клиента, DOMAIN.md §5), per customer:
 *
 * - `revenueToDate`: the sum of the amounts of the customer's WON deals.
 * - The period is the calendar quarter. `tenureQuarters` (T) counts the quarters from the quarter of
 *   the first won deal up to and including the current quarter; `activeQuarters` (A) counts the
 *   quarters in which at least one deal was won.
 * - `averageRevenuePerQuarter` (m) = revenueToDate / T.
 * - `retentionRate` (r): the share of the quarters after the first in which the customer bought again,
 *   (A − 1) / (T − 1); 0 for a CHURNED customer; unknown (null) while T = 1.
 * - `projectedValue` = m × (r + r² + … + r¹²): the expected revenue of the next 12 quarters (three
 *   years) if the customer keeps buying at its average and stays with probability r each quarter;
 *   null while r is unknown.
 * - `lifetimeValue` = revenueToDate + projectedValue (just revenueToDate while the projection is null).
 *
 * Amounts are exact to the kopeck (bigint arithmetic on the rational r), rounded half up.
 */
export const PROJECTION_QUARTERS = 12;

export interface LifetimeValue {
  revenueToDate: string;
  wonDeals: number;
  firstWonOn: string | null;
  lastWonOn: string | null;
  tenureQuarters: number;
  activeQuarters: number;
  averageRevenuePerQuarter: string | null;
  retentionRate: string | null;
  projectionQuarters: number;
  projectedValue: string | null;
  lifetimeValue: string;
}

export interface WonHistory {
  customerId: number;
  wonDeals: number;
  revenue: string;
  firstWonOn: string;
  lastWonOn: string;
  activeQuarters: number;
}

/** Won-deal aggregates for many customers in one statement. */
export async function loadWonHistories(em: EntityManager, customerIds: readonly number[]): Promise<Map<number, WonHistory>> {
  const rows = await em.execute<{ account_id: number; won: number; revenue: string; first_won: string; last_won: string; quarters: number }[]>(
    `select d.account_id, count(*)::int as won, sum(d.amount)::text as revenue,
            to_char(min(d.close_date), 'YYYY-MM-DD') as first_won, to_char(max(d.close_date), 'YYYY-MM-DD') as last_won,
            count(distinct date_trunc('quarter', d.close_date))::int as quarters
       from deal d
      where d.status = 'WON' and d.account_id in (select unnest(?::int[]))
      group by d.account_id`,
    [`{${customerIds.join(',')}}`],
  );
  return new Map(
    rows.map((r) => [
      Number(r.account_id),
      { customerId: Number(r.account_id), wonDeals: r.won, revenue: r.revenue, firstWonOn: r.first_won, lastWonOn: r.last_won, activeQuarters: r.quarters },
    ]),
  );
}

function quarterIndex(date: string): number {
  const [year, month] = date.split('-').map(Number);
  return year * 4 + Math.floor((month - 1) / 3);
}

export function lifetimeValue(history: WonHistory | undefined, stage: LifecycleStage, today: string): LifetimeValue {
  if (!history) {
    return {
      revenueToDate: '0.00',
      wonDeals: 0,
      firstWonOn: null,
      lastWonOn: null,
      tenureQuarters: 0,
      activeQuarters: 0,
      averageRevenuePerQuarter: null,
      retentionRate: null,
      projectionQuarters: PROJECTION_QUARTERS,
      projectedValue: null,
      lifetimeValue: '0.00',
    };
  }
  const revenue = toKopecks(history.revenue);
  const tenure = Math.max(1, quarterIndex(today) - quarterIndex(history.firstWonOn) + 1);
  const active = Math.min(history.activeQuarters, tenure);
  // r = p / q
  let p: bigint | null = null;
  let q = 1n;
  if (stage === LifecycleStage.CHURNED) p = 0n;
  else if (tenure > 1) {
    p = BigInt(active - 1);
    q = BigInt(tenure - 1);
  }
  let projected: bigint | null = null;
  if (p !== null) {
    // m × Σ_{k=1..H} (p/q)^k = revenue × Σ p^k q^(H−k) / (T × q^H)
    let sum = 0n;
    for (let k = 1; k <= PROJECTION_QUARTERS; k += 1) sum += p ** BigInt(k) * q ** BigInt(PROJECTION_QUARTERS - k);
    projected = divideRounded(revenue * sum, BigInt(tenure) * q ** BigInt(PROJECTION_QUARTERS));
  }
  return {
    revenueToDate: formatMoney(revenue),
    wonDeals: history.wonDeals,
    firstWonOn: history.firstWonOn,
    lastWonOn: history.lastWonOn,
    tenureQuarters: tenure,
    activeQuarters: active,
    averageRevenuePerQuarter: formatMoney(divideRounded(revenue, BigInt(tenure))),
    retentionRate: p === null ? null : ratio(p, q),
    projectionQuarters: PROJECTION_QUARTERS,
    projectedValue: projected === null ? null : formatMoney(projected),
    lifetimeValue: formatMoney(revenue + (projected ?? 0n)),
  };
}
