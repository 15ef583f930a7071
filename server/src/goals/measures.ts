import type { EntityManager } from '@mikro-orm/postgresql';
import { OwnerKind, PeriodKind } from './enums.js';

/**
 * Results computed from the deal table with SQL aggregates, never by loading deals. An owner's deals
 * are, for a member, the deals they own (`deal.owner_id`) and, for a team, the deals credited to any
 * team of its subtree (`deal.team_id` in the teams whose path starts with the team's path).
 *
 * - won: status WON with `close_date` in the period; lost: status LOST with `close_date` in the period;
 * - open pipeline: status OPEN with `expected_close_date` in the period, classified by the probability
 *   of its stage (`sales_stage.probability`, percent): commit ≥ 70, best case 40–69.99, pipeline < 40;
 * - weighted: Σ amount × probability / 100 over the open pipeline, rounded to kopecks once, after summing.
 */
export const COMMIT_MIN_PROBABILITY = 70;
export const BEST_CASE_MIN_PROBABILITY = 40;

export interface MeasureKey {
  ownerKind: OwnerKind;
  ownerId: number;
  periodId: number;
}

export interface PeriodMeasures {
  periodId: number;
  startDate: string;
  endDate: string;
  /** Target of the owner's REVENUE quota for the period, or null. */
  quota: string | null;
  wonAmount: string;
  wonDeals: number;
  lostDeals: number;
  commit: string;
  bestCase: string;
  pipeline: string;
  weighted: string;
  openDeals: number;
}

/** The deals of the owner in `keys` (a row with member_id, or with a team path) as a lateral subquery. */
const OWNER_DEALS = `(
  select d.amount, d.status, d.stage_id, d.close_date, d.expected_close_date
    from deal d where d.owner_id = keys.member_id
  union all
  select d.amount, d.status, d.stage_id, d.close_date, d.expected_close_date
    from deal d join team dt on dt.id = d.team_id where dt.path like keys.path || '%'
)`;

function keyColumns(keys: readonly { ownerKind: OwnerKind; ownerId: number }[]) {
  return {
    memberIds: keys.map((k) => (k.ownerKind === OwnerKind.MEMBER ? k.ownerId : null)),
    teamIds: keys.map((k) => (k.ownerKind === OwnerKind.TEAM ? k.ownerId : null)),
  };
}

/** Quota, won, lost and open pipeline of every key, in one SQL statement; keys whose period does not exist are missing. */
export async function measurePeriods(em: EntityManager, keys: readonly MeasureKey[]): Promise<(PeriodMeasures | undefined)[]> {
  if (keys.length === 0) return [];
  const { memberIds, teamIds } = keyColumns(keys);
  const rows = await em.execute<
    {
      idx: number;
      period_id: number;
      start_date: string | Date;
      end_date: string | Date;
      quota: string | null;
      won_amount: string;
      won_deals: string;
      lost_deals: string;
      commit: string;
      best_case: string;
      pipeline: string;
      weighted: string;
      open_deals: string;
    }[]
  >(
    `with keys as (
       select k.idx, k.member_id, k.team_id, p.id as period_id, p.start_date, p.end_date, t.path
         from unnest(array[?]::int[], array[?]::int[], array[?]::int[], array[?]::int[]) as k(idx, member_id, team_id, period_id)
         join period p on p.id = k.period_id
         left join team t on t.id = k.team_id
     )
     select keys.idx, keys.period_id, to_char(keys.start_date, 'YYYY-MM-DD') as start_date, to_char(keys.end_date, 'YYYY-MM-DD') as end_date,
            q.target as quota,
            coalesce(f.won_amount, 0) as won_amount, f.won_deals, f.lost_deals,
            coalesce(f.commit, 0) as commit, coalesce(f.best_case, 0) as best_case, coalesce(f.pipeline, 0) as pipeline,
            f.weighted, f.open_deals
       from keys
       left join quota q on q.period_id = keys.period_id and q.metric = 'REVENUE'
             and (q.member_id = keys.member_id or q.team_id = keys.team_id)
       cross join lateral (
         select sum(d.amount) filter (where d.status = 'WON') as won_amount,
                count(*) filter (where d.status = 'WON') as won_deals,
                count(*) filter (where d.status = 'LOST') as lost_deals,
                sum(d.amount) filter (where d.status = 'OPEN' and s.probability >= ${COMMIT_MIN_PROBABILITY}) as commit,
                sum(d.amount) filter (where d.status = 'OPEN' and s.probability >= ${BEST_CASE_MIN_PROBABILITY} and s.probability < ${COMMIT_MIN_PROBABILITY}) as best_case,
                sum(d.amount) filter (where d.status = 'OPEN' and s.probability < ${BEST_CASE_MIN_PROBABILITY}) as pipeline,
                round(coalesce(sum(d.amount * s.probability) filter (where d.status = 'OPEN'), 0) / 100, 2) as weighted,
                count(*) filter (where d.status = 'OPEN') as open_deals
           from ${OWNER_DEALS} d
           join sales_stage s on s.id = d.stage_id
          where (d.status in ('WON', 'LOST') and d.close_date between keys.start_date and keys.end_date)
             or (d.status = 'OPEN' and d.expected_close_date between keys.start_date and keys.end_date)
       ) f`,
    [keys.map((_, i) => i), memberIds, teamIds, keys.map((k) => k.periodId)],
  );
  const byIdx = new Map(rows.map((r) => [Number(r.idx), r]));
  return keys.map((_, i) => {
    const r = byIdx.get(i);
    if (!r) return undefined;
    return {
      periodId: Number(r.period_id),
      startDate: String(r.start_date),
      endDate: String(r.end_date),
      quota: r.quota,
      wonAmount: String(r.won_amount),
      wonDeals: Number(r.won_deals),
      lostDeals: Number(r.lost_deals),
      commit: String(r.commit),
      bestCase: String(r.best_case),
      pipeline: String(r.pipeline),
      weighted: String(r.weighted),
      openDeals: Number(r.open_deals),
    };
  });
}

export interface HistoryKey {
  ownerKind: OwnerKind;
  ownerId: number;
  periodKind: PeriodKind;
  /** Only periods that ended before this date. */
  before: string;
}

export interface PastPeriod {
  periodId: number;
  name: string;
  wonAmount: string;
  wonDeals: number;
  lostDeals: number;
}

/** Results of the owner in every past period of a kind that had any closed deal, in one SQL statement. */
export async function pastPeriods(em: EntityManager, keys: readonly HistoryKey[]): Promise<PastPeriod[][]> {
  if (keys.length === 0) return [];
  const { memberIds, teamIds } = keyColumns(keys);
  const rows = await em.execute<{ idx: number; period_id: number; name: string; won_amount: string; won_deals: string; lost_deals: string }[]>(
    `with keys as (
       select k.idx, k.member_id, k.team_id, k.kind, k.before, t.path
         from unnest(array[?]::int[], array[?]::int[], array[?]::int[], array[?]::text[], array[?]::date[]) as k(idx, member_id, team_id, kind, before)
         left join team t on t.id = k.team_id
     )
     select keys.idx, p.id as period_id, p.name,
            coalesce(sum(d.amount) filter (where d.status = 'WON'), 0) as won_amount,
            count(*) filter (where d.status = 'WON') as won_deals,
            count(*) filter (where d.status = 'LOST') as lost_deals
       from keys
       cross join lateral ${OWNER_DEALS} d
       join period p on p.kind = keys.kind and p.end_date < keys.before and d.close_date between p.start_date and p.end_date
      where d.status in ('WON', 'LOST')
      group by keys.idx, p.id, p.name
      order by keys.idx, p.start_date`,
    [keys.map((_, i) => i), memberIds, teamIds, keys.map((k) => k.periodKind), keys.map((k) => k.before)],
  );
  const groups = keys.map((): PastPeriod[] => []);
  for (const r of rows) {
    groups[Number(r.idx)].push({
      periodId: Number(r.period_id),
      name: r.name,
      wonAmount: String(r.won_amount),
      wonDeals: Number(r.won_deals),
      lostDeals: Number(r.lost_deals),
    });
  }
  return groups;
}
