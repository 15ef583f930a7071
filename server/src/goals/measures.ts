import type { EntityManager } from '@mikro-orm/postgresql';
import { OwnerKind, type PeriodKind, QuotaMetric } from './enums.js';
import { toKopecks } from '../money.js';
import { Period } from './period.entity.js';

/**
 * Results computed from the deal and interaction tables with SQL aggregates, never by loading records.
 * An owner's deals are, for a member, the deals they own (`deal.owner_id`) and, for a team, the deals
 * credited to any team of its subtree (`deal.team_id` in the teams whose path starts with the team's path).
 * Won and lost deals whose credit is split count by their shares instead (`splitCorrections`); the open
 * pipeline stays with the owner and the deal's team.
 *
 * - won: status WON with `close_date` in the period; lost: status LOST with `close_date` in the period;
 * - open pipeline: status OPEN with `expected_close_date` in the period, classified by its forecast
 *   category: the owner's override, else the probability of its stage (`sales_stage.probability`,
 *   percent): commit ≥ 70, best case 40–69.99, pipeline < 40; OMITTED deals are left out of the forecast;
 * - weighted: Σ amount × probability / 100 over the open pipeline, rounded to kopecks once, after summing
 *   (and Σ probability / 100, the expected number of deals, rounded to hundredths likewise);
 * - slipped: status OPEN with `expected_close_date` before the period start (overdue, still open);
 * - new customers (asked only for NEW_CUSTOMERS keys): the owner's won deals closed in the period that are
 *   their customer's first won deal ever (earliest close date, then lowest id), one per customer;
 * - activities (asked only for ACTIVITIES keys): interactions with `occurred_at` in the period's UTC days
 *   logged by the member or, for a team, by the members whose team is in the subtree.
 */
export const COMMIT_MIN_PROBABILITY = 70;
export const BEST_CASE_MIN_PROBABILITY = 40;

/**
 * An open deal's forecast category in SQL: the override its owner chose (forecast/), else the one its
 * stage's probability gives. The one definition the attainment forecast and the forecast call share.
 */
export const forecastCategorySql = (override: string, probability: string) => `coalesce(${override},
  case when ${probability} >= ${COMMIT_MIN_PROBABILITY} then 'COMMIT'
       when ${probability} >= ${BEST_CASE_MIN_PROBABILITY} then 'BEST_CASE' else 'PIPELINE' end)`;

export interface MeasureKey {
  ownerKind: OwnerKind;
  ownerId: number;
  periodId: number;
  /** The metric whose quota is read and, for NEW_CUSTOMERS and ACTIVITIES, whose count is measured; default REVENUE. */
  metric?: QuotaMetric;
}

export interface PeriodMeasures {
  periodId: number;
  /** The period, read in the same statement. */
  period?: Period;
  startDate: string;
  endDate: string;
  metric: QuotaMetric;
  /** Target of the owner's quota of `metric` for the period as stored ("12.00" for a count), or null. */
  quota: string | null;
  wonAmount: string;
  wonDeals: number;
  lostDeals: number;
  commit: string;
  bestCase: string;
  pipeline: string;
  weighted: string;
  openDeals: number;
  commitDeals: number;
  bestCaseDeals: number;
  pipelineDeals: number;
  /** Σ probability / 100 over the open deals of the period: the expected number of them won, 2 decimals. */
  weightedDeals: string;
  /** Open deals expected to close before the period start: amounts and number. */
  slipped: string;
  slippedDeals: number;
  /** Customers won for the first time in the period; null unless the key's metric is NEW_CUSTOMERS. */
  newCustomers: number | null;
  /** Interactions in the period; null unless the key's metric is ACTIVITIES. */
  activities: number | null;
}

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

/** Won and lost deals of the period, for `ownerDeals` and `splitCorrections`. */
const CLOSED_IN_PERIOD = "d.close_date between keys.start_date and keys.end_date and d.status in ('WON', 'LOST')";

/**
 * Corrections for split deals (docs/pipeline.md, "Credit splits") matching `where`, as more rows of
 * (status, amount, deals) beside ownerDeals' own, which count a split deal in full for its owner and its
 * team: a member gets amount × percent / 100 of each line of theirs (overlay too), less the amount on a
 * deal they own, and +1 deal unless they own it; a team gets the regular shares whose team is in its
 * subtree, less the amount if the deal's team is, and +1 deal unless the deal's team is. The split is
 * rare: read through deal_credit's (member, close date) and (team, close date) indexes, `closed` being a
 * condition on the line's copy of the close date (`c.deal_close_date`), only the lines of deals closed
 * when asked reach the deal table; the plain branches stay as they were. Columns: status, amount, deals, close_date.
 */
function splitCorrections(where: string, closed: string, kinds: Set<OwnerKind>): string[] {
  const inSubtree = "dt.path like keys.path || '%'";
  const branches = [
    kinds.has(OwnerKind.MEMBER) &&
      `select d.status, d.amount * c.percent / 100 - case when d.owner_id = keys.member_id then d.amount else 0 end,
              case when d.owner_id = keys.member_id then 0 else 1 end, d.close_date
         from deal_credit c join deal d on d.id = c.deal_id
        where keys.member_id is not null and c.member_id = keys.member_id and ${closed} and ${where}`,
    kinds.has(OwnerKind.TEAM) &&
      `select d.status, sum(d.amount * c.percent / 100) - case when ${inSubtree} then d.amount else 0 end,
              case when ${inSubtree} then 0 else 1 end, d.close_date
         from team ct join deal_credit c on c.team_id = ct.id and not c.overlay
         join deal d on d.id = c.deal_id join team dt on dt.id = d.team_id
        where keys.path is not null and ct.path like keys.path || '%' and ${closed} and ${where}
        group by d.id, dt.id`,
  ];
  return branches.filter((branch): branch is string => Boolean(branch));
}

/** Every closed deal of the owner in `keys` (a row with member_id, or with a team path), split deals by their shares, as a lateral subquery (past periods). */
function ownerClosedDeals(kinds: Set<OwnerKind>): string {
  const closed = "d.status in ('WON', 'LOST')";
  const plain = [
    kinds.has(OwnerKind.MEMBER) && `select d.status, d.amount, 1, d.close_date from deal d where d.owner_id = keys.member_id and ${closed}`,
    kinds.has(OwnerKind.TEAM) &&
      `select d.status, d.amount, 1, d.close_date from deal d join team dt on dt.id = d.team_id where dt.path like keys.path || '%' and ${closed}`,
  ].filter((branch): branch is string => Boolean(branch));
  return `(${[...plain, ...splitCorrections(closed, 'c.deal_close_date is not null', kinds)].join(' union all ')}) as d(status, amount, deals, close_date)`;
}

function keyColumns(keys: readonly { ownerKind: OwnerKind; ownerId: number }[]) {
  return {
    memberIds: keys.map((k) => (k.ownerKind === OwnerKind.MEMBER ? k.ownerId : null)),
    teamIds: keys.map((k) => (k.ownerKind === OwnerKind.TEAM ? k.ownerId : null)),
  };
}

/** Interactions of the owner (of the key row: a member_id, or a team path) in the period's UTC days, as a subquery. */
function ownerInteractions(kinds: Set<OwnerKind>): string {
  const inPeriod = `keys.metric = '${QuotaMetric.ACTIVITIES}'
    and i.occurred_at >= keys.start_date::timestamp at time zone 'UTC' and i.occurred_at < (keys.end_date + 1)::timestamp at time zone 'UTC'`;
  const branches = [
    kinds.has(OwnerKind.MEMBER) &&
      `select 1 from interaction i where keys.member_id is not null and i.member_id = keys.member_id and ${inPeriod}`,
    kinds.has(OwnerKind.TEAM) &&
      `select 1 from team it join member im on im.team_id = it.id join interaction i on i.member_id = im.id
        where keys.path is not null and it.path like keys.path || '%' and ${inPeriod}`,
  ];
  return `(${branches.filter(Boolean).join(' union all ')})`;
}

/** A won deal that is its customer's first won deal ever: none of the customer's won deals closed earlier (or the same day, with a lower id). */
const FIRST_WON_OF_CUSTOMER = `not exists (select 1 from deal e where e.account_id = d.account_id and e.status = 'WON'
  and (e.close_date, e.id) < (d.close_date, d.id))`;

interface MeasureRow {
  idx: number;
  period_id: number;
  start_date: string;
  end_date: string;
  kind: string;
  name: string;
  created_at: Date;
  metric: QuotaMetric;
  quota: string | null;
  won_amount: string;
  won_deals: string;
  lost_deals: string;
  commit: string;
  best_case: string;
  pipeline: string;
  weighted: string;
  open_deals: string;
  commit_deals: string;
  best_case_deals: string;
  pipeline_deals: string;
  weighted_deals: string;
  slipped: string;
  slipped_deals: string;
  new_customers?: string | null;
  activities?: string | null;
}

/**
 * The statement of measurePeriods. The counts of NEW_CUSTOMERS and ACTIVITIES are joined only when a key
 * asks for them, and computed only for those keys (`keys.metric = …` is a one-time filter of each
 * lateral subquery: checked once per key, before any row is read).
 */
function measureStatement(kinds: Set<OwnerKind>, metrics: Set<QuotaMetric>): string {
  const newCustomers = metrics.has(QuotaMetric.NEW_CUSTOMERS);
  const activities = metrics.has(QuotaMetric.ACTIVITIES);
  return `with keys as (
       select k.idx, k.member_id, k.team_id, k.metric, p.id as period_id, p.start_date, p.end_date, p.kind, p.name, p.created_at, t.path
         from unnest(array[?]::int[], array[?]::int[], array[?]::int[], array[?]::int[], array[?]::text[]) as k(idx, member_id, team_id, period_id, metric)
         join period p on p.id = k.period_id
         left join team t on t.id = k.team_id
     )
     select keys.idx, keys.period_id, keys.start_date, keys.end_date, keys.kind, keys.name, keys.created_at, keys.metric,
            coalesce(qm.target, qt.target) as quota,
            coalesce(c.won_amount, 0) as won_amount, c.won_deals, c.lost_deals,
            coalesce(o.commit, 0) as commit, coalesce(o.best_case, 0) as best_case, coalesce(o.pipeline, 0) as pipeline,
            o.weighted, o.open_deals, o.commit_deals, o.best_case_deals, o.pipeline_deals, o.weighted_deals,
            coalesce(sl.slipped, 0) as slipped, sl.slipped_deals
            ${newCustomers ? `, case when keys.metric = '${QuotaMetric.NEW_CUSTOMERS}' then nc.new_customers end as new_customers` : ''}
            ${activities ? `, case when keys.metric = '${QuotaMetric.ACTIVITIES}' then ac.activities end as activities` : ''}
       from keys
       -- one join per owner kind, each on its index (an OR of the two would compare every quota of the period)
       left join quota qm on qm.member_id = keys.member_id and qm.period_id = keys.period_id and qm.metric = keys.metric
       left join quota qt on qt.team_id = keys.team_id and qt.period_id = keys.period_id and qt.metric = keys.metric
       cross join lateral (
         select round(sum(d.amount) filter (where d.status = 'WON'), 2) as won_amount,
                coalesce(sum(d.deals) filter (where d.status = 'WON'), 0) as won_deals,
                coalesce(sum(d.deals) filter (where d.status = 'LOST'), 0) as lost_deals
           from (${[ownerDeals('d.status, d.amount, 1, d.close_date', CLOSED_IN_PERIOD, kinds), ...splitCorrections(CLOSED_IN_PERIOD, 'c.deal_close_date between keys.start_date and keys.end_date', kinds)].join(' union all ')}) as d(status, amount, deals, close_date)
       ) c
       cross join lateral (
         select sum(g.amount) filter (where g.category = 'COMMIT') as commit,
                sum(g.amount) filter (where g.category = 'BEST_CASE') as best_case,
                sum(g.amount) filter (where g.category = 'PIPELINE') as pipeline,
                round(coalesce(sum(g.amount * g.probability) filter (where g.category <> 'OMITTED'), 0) / 100, 2) as weighted,
                coalesce(sum(g.deals) filter (where g.category <> 'OMITTED'), 0) as open_deals,
                coalesce(sum(g.deals) filter (where g.category = 'COMMIT'), 0) as commit_deals,
                coalesce(sum(g.deals) filter (where g.category = 'BEST_CASE'), 0) as best_case_deals,
                coalesce(sum(g.deals) filter (where g.category = 'PIPELINE'), 0) as pipeline_deals,
                round(coalesce(sum(g.deals * g.probability) filter (where g.category <> 'OMITTED'), 0) / 100, 2) as weighted_deals
           from (select ${forecastCategorySql('g.override', 's.probability')} as category, s.probability, g.amount, g.deals
                   from (select d.stage_id, d.forecast_category_override as override, sum(d.amount) as amount, count(*) as deals
                           from ${ownerDeals('d.stage_id, d.forecast_category_override, d.amount', "d.status = 'OPEN' and d.expected_close_date between keys.start_date and keys.end_date", kinds)} d
                          group by d.stage_id, d.forecast_category_override) g
                   join sales_stage s on s.id = g.stage_id) g
       ) o
       cross join lateral (
         select sum(d.amount) as slipped, count(*) as slipped_deals
           from ${ownerDeals('d.amount', "d.status = 'OPEN' and d.expected_close_date < keys.start_date", kinds)} d
       ) sl
       ${
         newCustomers
           ? `cross join lateral (
         select count(*) as new_customers
           from ${ownerDeals('d.id, d.account_id, d.close_date', `keys.metric = '${QuotaMetric.NEW_CUSTOMERS}' and d.status = 'WON' and d.close_date between keys.start_date and keys.end_date`, kinds)} d
          where ${FIRST_WON_OF_CUSTOMER}
       ) nc`
           : ''
       }
       ${activities ? `cross join lateral (select count(*) as activities from ${ownerInteractions(kinds)} i) ac` : ''}`;
}

/** Quota, won, lost, open pipeline and slipped deals of every key (and the count its metric needs), in one SQL statement; keys whose period does not exist are missing. */
export async function measurePeriods(em: EntityManager, keys: readonly MeasureKey[]): Promise<(PeriodMeasures | undefined)[]> {
  if (keys.length === 0) return [];
  const { memberIds, teamIds } = keyColumns(keys);
  const metricOf = (k: MeasureKey) => k.metric ?? QuotaMetric.REVENUE;
  const kinds = new Set(keys.map((k) => k.ownerKind));
  const rows = await em.execute<MeasureRow[]>(measureStatement(kinds, new Set(keys.map(metricOf))), [
    keys.map((_, i) => i),
    memberIds,
    teamIds,
    keys.map((k) => k.periodId),
    keys.map(metricOf),
  ]);
  const byIdx = new Map(rows.map((r) => [Number(r.idx), r]));
  // The period row came along: the attainment's period field needs no statement of its own. Mapped once
  // per period, however many owners share it (a team card's fifty members do).
  const periods = new Map<number, Period>();
  const periodOf = (r: MeasureRow): Period => {
    let period = periods.get(r.period_id);
    if (!period) {
      const row = { id: r.period_id, kind: r.kind, name: r.name, start_date: r.start_date, end_date: r.end_date, created_at: r.created_at };
      periods.set(r.period_id, (period = em.map(Period, row as never)));
    }
    return period;
  };
  const count = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return keys.map((_, i) => {
    const r = byIdx.get(i);
    if (!r) return undefined;
    const period = periodOf(r);
    return {
      periodId: period.id,
      period,
      startDate: period.startDate,
      endDate: period.endDate,
      metric: r.metric,
      quota: r.quota,
      wonAmount: String(r.won_amount),
      wonDeals: Number(r.won_deals),
      lostDeals: Number(r.lost_deals),
      commit: String(r.commit),
      bestCase: String(r.best_case),
      pipeline: String(r.pipeline),
      weighted: String(r.weighted),
      openDeals: Number(r.open_deals),
      commitDeals: Number(r.commit_deals),
      bestCaseDeals: Number(r.best_case_deals),
      pipelineDeals: Number(r.pipeline_deals),
      weightedDeals: String(r.weighted_deals),
      slipped: String(r.slipped),
      slippedDeals: Number(r.slipped_deals),
      newCustomers: count(r.new_customers),
      activities: count(r.activities),
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
            coalesce(round(sum(d.amount) filter (where d.status = 'WON'), 2), 0) as won_amount,
            coalesce(sum(d.deals) filter (where d.status = 'WON'), 0) as won_deals,
            coalesce(sum(d.deals) filter (where d.status = 'LOST'), 0) as lost_deals
       from keys
       cross join lateral ${ownerClosedDeals(new Set(keys.map((k) => k.ownerKind)))}
       join period p on p.kind = keys.kind and p.end_date < keys.before and d.close_date between p.start_date and p.end_date
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

/**
 * The value of a quota metric in the measures, in hundredths: kopecks for REVENUE, the count × 100 for
 * the others (so that quotas, stored as numeric(18,2), compare without conversion).
 */
export function metricHundredths(metric: QuotaMetric, m: PeriodMeasures): bigint {
  const count = (value: number | null) => {
    if (value === null) throw new Error(`the measures were not asked for ${metric}`);
    return BigInt(value) * 100n;
  };
  switch (metric) {
    case QuotaMetric.REVENUE:
      return toKopecks(m.wonAmount);
    case QuotaMetric.DEALS_WON:
      return count(m.wonDeals);
    case QuotaMetric.NEW_CUSTOMERS:
      return count(m.newCustomers);
    case QuotaMetric.ACTIVITIES:
      return count(m.activities);
  }
}
