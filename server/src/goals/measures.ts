import type { EntityManager } from '@mikro-orm/postgresql';
import { OwnerKind, type PeriodKind } from './enums.js';
import { Period } from './period.entity.js';

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
  /** The period, read in the same statement. */
  period?: Period;
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

/** Every deal of the owner in `keys` (a row with member_id, or with a team path) as a lateral subquery (past periods). */
const OWNER_DEALS = `(
  select d.amount, d.status, d.stage_id, d.close_date, d.expected_close_date
    from deal d where d.owner_id = keys.member_id
  union all
  select d.amount, d.status, d.stage_id, d.close_date, d.expected_close_date
    from deal d join team dt on dt.id = d.team_id where dt.path like keys.path || '%'
)`;

/**
 * The owner's deals (of the key row: a member_id, or a team path) matching `where`, as a subquery with
 * `columns`. Closed and open deals are asked separately so that each reads one covering index
 * (deal_owner_close_index, deal_team_open_expected_index, …) without touching the table; open deals
 * are summed per stage before the stage's probability is joined.
 */
function ownerDeals(columns: string, where: string, kinds: Set<OwnerKind>): string {
  // Only the branches of the owner kinds asked: fewer branches, less planning.
  const branches = [
    kinds.has(OwnerKind.MEMBER) &&
      `select ${columns} from deal d where keys.member_id is not null and d.owner_id = keys.member_id and ${where}`,
    kinds.has(OwnerKind.TEAM) &&
      `select ${columns} from team dt join deal d on d.team_id = dt.id where keys.path is not null and dt.path like keys.path || '%' and ${where}`,
  ];
  return `(${branches.filter(Boolean).join(' union all ')})`;
}

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
  const kinds = new Set(keys.map((k) => k.ownerKind));
  const rows = await em.execute<
    {
      idx: number;
      period_id: number;
      start_date: string;
      end_date: string;
      kind: string;
      name: string;
      created_at: Date;
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
       select k.idx, k.member_id, k.team_id, p.id as period_id, p.start_date, p.end_date, p.kind, p.name, p.created_at, t.path
         from unnest(array[?]::int[], array[?]::int[], array[?]::int[], array[?]::int[]) as k(idx, member_id, team_id, period_id)
         join period p on p.id = k.period_id
         left join team t on t.id = k.team_id
     )
     select keys.idx, keys.period_id, keys.start_date, keys.end_date, keys.kind, keys.name, keys.created_at,
            coalesce(qm.target, qt.target) as quota,
            coalesce(c.won_amount, 0) as won_amount, c.won_deals, c.lost_deals,
            coalesce(o.commit, 0) as commit, coalesce(o.best_case, 0) as best_case, coalesce(o.pipeline, 0) as pipeline,
            o.weighted, o.open_deals
       from keys
       -- one join per owner kind, each on its index (an OR of the two would compare every quota of the period)
       left join quota qm on qm.member_id = keys.member_id and qm.period_id = keys.period_id and qm.metric = 'REVENUE'
       left join quota qt on qt.team_id = keys.team_id and qt.period_id = keys.period_id and qt.metric = 'REVENUE'
       cross join lateral (
         select sum(d.amount) filter (where d.status = 'WON') as won_amount,
                count(*) filter (where d.status = 'WON') as won_deals,
                count(*) filter (where d.status = 'LOST') as lost_deals
           from ${ownerDeals('d.status, d.amount', "d.close_date between keys.start_date and keys.end_date and d.status in ('WON', 'LOST')", kinds)} d
       ) c
       cross join lateral (
         select sum(g.amount) filter (where s.probability >= ${COMMIT_MIN_PROBABILITY}) as commit,
                sum(g.amount) filter (where s.probability >= ${BEST_CASE_MIN_PROBABILITY} and s.probability < ${COMMIT_MIN_PROBABILITY}) as best_case,
                sum(g.amount) filter (where s.probability < ${BEST_CASE_MIN_PROBABILITY}) as pipeline,
                round(coalesce(sum(g.amount * s.probability), 0) / 100, 2) as weighted,
                coalesce(sum(g.deals), 0) as open_deals
           from (select d.stage_id, sum(d.amount) as amount, count(*) as deals
                   from ${ownerDeals('d.stage_id, d.amount', "d.status = 'OPEN' and d.expected_close_date between keys.start_date and keys.end_date", kinds)} d
                  group by d.stage_id) g
           join sales_stage s on s.id = g.stage_id
       ) o`,
    [keys.map((_, i) => i), memberIds, teamIds, keys.map((k) => k.periodId)],
  );
  const byIdx = new Map(rows.map((r) => [Number(r.idx), r]));
  // The period row came along: the attainment's period field needs no statement of its own. Mapped once
  // per period, however many owners share it (a team card's fifty members do).
  const periods = new Map<number, Period>();
  const periodOf = (r: (typeof rows)[number]): Period => {
    let period = periods.get(r.period_id);
    if (!period) {
      const row = { id: r.period_id, kind: r.kind, name: r.name, start_date: r.start_date, end_date: r.end_date, created_at: r.created_at };
      periods.set(r.period_id, (period = em.map(Period, row as never)));
    }
    return period;
  };
  return keys.map((_, i) => {
    const r = byIdx.get(i);
    if (!r) return undefined;
    const period = periodOf(r);
    return {
      periodId: period.id,
      period,
      startDate: period.startDate,
      endDate: period.endDate,
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
  const rows = await em.execute<
    { idx: number; period_id: number; name: string; won_amount: string; won_deals: string; lost_deals: string }[]
  >(
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
