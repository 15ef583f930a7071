import type { EntityManager } from '@mikro-orm/postgresql';
import { formatMoney, toKopecks } from '../money.js';
import { divideRounded, ratio } from '../decimal.js';
import { recordScopeSql, type RecordScope } from '../records.js';
import { LifecycleStage } from './enums.js';

/**
 * Customer lifetime value (пожизненная ценность клиента, docs/domain.md §5), per customer:
 *
 * - `revenueToDate`: the sum of the amounts of the customer's WON deals, the current quarter included.
 * - The period is the calendar quarter, and only **completed** quarters are averaged: the current one
 *   is not over, so counting it as a full quarter would dilute the average and count a quarter "without
 *   a purchase" that may still bring one. `tenureQuarters` (T) counts the completed quarters from the
 *   quarter of the first won deal up to the last completed one (0 while the first win lies in the
 *   current quarter); `activeQuarters` (A) counts those of them in which at least one deal was won.
 * - `averageRevenuePerQuarter` (m) = revenue won in those T quarters / T; unknown (null) while T = 0.
 * - `retentionRate` (r): the share of the completed quarters after the first in which the customer
 *   bought again, (A − 1) / (T − 1); 0 for a CHURNED customer (once T ≥ 1); unknown (null) while T < 2.
 * - `projectedValue` = m × (r + r² + … + r¹²): the expected revenue of the next 12 quarters (three
 *   years) if the customer keeps buying at its average and stays with probability r each quarter;
 *   null while r is unknown.
 * - `lifetimeValue` = revenueToDate + projectedValue (just revenueToDate while the projection is null).
 *
 * Amounts are exact to the kopeck (bigint arithmetic on the rational r), rounded half up.
 *
 * Everything is computed over the won deals the viewer may read (their record scope, as for
 * `Customer.deals`): an account is shared, its deals are not, so a rep must not learn the amounts of
 * other teams' deals through it. `complete` tells whether any won deal was left out.
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
  complete: boolean;
}

export interface WonHistory {
  customerId: number;
  wonDeals: number;
  revenue: string;
  /** Revenue won in the completed quarters (before the current one). */
  completedRevenue: string;
  firstWonOn: string;
  lastWonOn: string;
  /** Completed quarters with a win. */
  activeQuarters: number;
}

export interface WonHistories {
  /** Aggregates of the won deals the viewer may read, for the customers with at least one. */
  readable: Map<number, WonHistory>;
  /** Customers with won deals the viewer may not read. */
  incomplete: Set<number>;
}

/** The first day of the calendar quarter of an ISO date. */
function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
}

/**
 * Won-deal aggregates for many customers in one statement, over the deals in the viewer's record scope;
 * the quarter of `today` is the current (unfinished) one.
 */
export async function loadWonHistories(
  em: EntityManager,
  customerIds: readonly number[],
  scope: RecordScope,
  today: string,
): Promise<WonHistories> {
  // The same rule as the deal lists: the credited team's subtree or the owner.
  const readable = recordScopeSql(scope, ['t.path'], ['d.owner_id']);
  const rows = await em.execute<
    {
      account_id: number;
      all_won: number;
      won: number;
      revenue: string;
      completed_revenue: string | null;
      first_won: string;
      last_won: string;
      quarters: number;
    }[]
  >(
    `select w.account_id, count(*)::int as all_won, count(*) filter (where w.readable)::int as won,
            (sum(w.amount) filter (where w.readable))::text as revenue,
            (sum(w.amount) filter (where w.readable and w.completed))::text as completed_revenue,
            to_char(min(w.close_date) filter (where w.readable), 'YYYY-MM-DD') as first_won,
            to_char(max(w.close_date) filter (where w.readable), 'YYYY-MM-DD') as last_won,
            (count(distinct date_trunc('quarter', w.close_date)) filter (where w.readable and w.completed))::int as quarters
       from (select d.account_id, d.amount, d.close_date, ${readable.sql} as readable, d.close_date < ?::date as completed
               from deal d join team t on t.id = d.team_id
              where d.status = 'WON' and d.account_id in (select unnest(?::int[]))) w
      group by w.account_id`,
    [...readable.params, quarterStart(today), `{${customerIds.join(',')}}`],
  );
  const histories: WonHistories = { readable: new Map(), incomplete: new Set() };
  for (const r of rows) {
    const customerId = Number(r.account_id);
    if (r.won < r.all_won) histories.incomplete.add(customerId);
    if (r.won > 0) {
      histories.readable.set(customerId, {
        customerId,
        wonDeals: r.won,
        revenue: r.revenue,
        completedRevenue: r.completed_revenue ?? '0.00',
        firstWonOn: r.first_won,
        lastWonOn: r.last_won,
        activeQuarters: r.quarters,
      });
    }
  }
  return histories;
}

function quarterIndex(date: string): number {
  const [year, month] = date.split('-').map(Number);
  return year * 4 + Math.floor((month - 1) / 3);
}

export function lifetimeValue(history: WonHistory | undefined, complete: boolean, stage: LifecycleStage, today: string): LifetimeValue {
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
      complete,
    };
  }
  const revenue = toKopecks(history.revenue);
  const completed = toKopecks(history.completedRevenue);
  const tenure = Math.max(0, quarterIndex(today) - quarterIndex(history.firstWonOn));
  const active = Math.min(history.activeQuarters, tenure);
  // r = p / q
  let p: bigint | null = null;
  let q = 1n;
  if (tenure > 0 && stage === LifecycleStage.CHURNED) p = 0n;
  else if (tenure > 1) {
    p = BigInt(active - 1);
    q = BigInt(tenure - 1);
  }
  let projected: bigint | null = null;
  if (p !== null) {
    // m × Σ_{k=1..H} (p/q)^k = completed revenue × Σ p^k q^(H−k) / (T × q^H)
    let sum = 0n;
    for (let k = 1; k <= PROJECTION_QUARTERS; k += 1) sum += p ** BigInt(k) * q ** BigInt(PROJECTION_QUARTERS - k);
    projected = divideRounded(completed * sum, BigInt(tenure) * q ** BigInt(PROJECTION_QUARTERS));
  }
  return {
    revenueToDate: formatMoney(revenue),
    wonDeals: history.wonDeals,
    firstWonOn: history.firstWonOn,
    lastWonOn: history.lastWonOn,
    tenureQuarters: tenure,
    activeQuarters: active,
    averageRevenuePerQuarter: tenure === 0 ? null : formatMoney(divideRounded(completed, BigInt(tenure))),
    retentionRate: p === null ? null : ratio(p, q),
    projectionQuarters: PROJECTION_QUARTERS,
    projectedValue: projected === null ? null : formatMoney(projected),
    lifetimeValue: formatMoney(revenue + (projected ?? 0n)),
    complete,
  };
}
