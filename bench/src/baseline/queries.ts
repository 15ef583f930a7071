import type pg from 'pg';
import { days, kopecks, money, ratio } from './format.js';

/**
 * The widget questions answered with hand-written SQL: the yardstick the GraphQL server is measured
 * against. Each returns the same JSON as the widget's GraphQL operation, for an administrator.
 */

interface Measures {
  period_id: number;
  period_name: string;
  start_date: string;
  end_date: string;
  quota: string | null;
  won_amount: string | null;
  won_deals: number;
  commit: string | null;
  best_case: string | null;
  pipeline: string | null;
  weighted: string | null;
}

/**
 * Quota, won and open-pipeline aggregates for period $2 of the deals matching `owner` (a condition on
 * `deal d`): closed deals by close date, open ones by expected close date, open amounts summed per
 * stage before the stage's probability is applied.
 */
function measuresSql(owner: string, quotaOwner: string): string {
  return `
    with p as (select * from period where id = $2),
    closed as (
      select sum(d.amount) filter (where d.status = 'WON') as won_amount, count(*) filter (where d.status = 'WON')::int as won_deals
        from deal d, p where ${owner} and d.status in ('WON', 'LOST') and d.close_date between p.start_date and p.end_date
    ),
    open as (
      select s.probability, sum(d.amount) as amount
        from deal d cross join p join sales_stage s on s.id = d.stage_id
       where ${owner} and d.status = 'OPEN' and d.expected_close_date between p.start_date and p.end_date
       group by s.id
    )
    select p.id as period_id, p.name as period_name, to_char(p.start_date, 'YYYY-MM-DD') as start_date, to_char(p.end_date, 'YYYY-MM-DD') as end_date,
           (select target from quota q where q.period_id = p.id and q.metric = 'REVENUE' and ${quotaOwner}) as quota,
           closed.won_amount, closed.won_deals,
           (select sum(amount) from open where probability >= 70) as commit,
           (select sum(amount) from open where probability >= 40 and probability < 70) as best_case,
           (select sum(amount) from open where probability < 40) as pipeline,
           (select round(sum(amount * probability) / 100, 2) from open) as weighted
      from p, closed`;
}

/** Deals credited to team $1 or any team below it. */
const IN_SUBTREE = `d.team_id in (select s.id from team s where s.path like (select path from team where id = $1) || '%')`;

function attainment(m: Measures, today: string) {
  const quota = m.quota === null ? null : kopecks(m.quota);
  const achieved = kopecks(m.won_amount);
  const length = days(m.start_date, m.end_date) + 1;
  const elapsed = Math.min(length, Math.max(0, days(m.start_date, today) + 1));
  const pace = quota === null ? null : (quota * BigInt(elapsed) * 2n + BigInt(length)) / (BigInt(length) * 2n);
  const weighted = kopecks(m.weighted);
  return {
    period: { id: String(m.period_id), name: m.period_name, startDate: m.start_date, endDate: m.end_date },
    quota: quota === null ? null : money(quota),
    achieved: money(achieved),
    ratio: quota === null ? null : ratio(achieved, quota),
    remaining: quota === null ? null : money(quota > achieved ? quota - achieved : 0n),
    pace: pace === null ? null : money(pace),
    paceRatio: pace === null ? null : ratio(achieved, pace),
    wonDeals: m.won_deals,
    forecast: {
      closed: money(achieved),
      commit: money(kopecks(m.commit)),
      bestCase: money(kopecks(m.best_case)),
      pipeline: money(kopecks(m.pipeline)),
      weighted: money(weighted),
      expected: money(achieved + weighted),
    },
  };
}

const today = () => new Date().toISOString().slice(0, 10);

export async function quotaGaugeTeam(pool: pg.Pool, teamId: number, periodId: number) {
  const [team, measures] = await Promise.all([
    pool.query<{ id: number; name: string }>('select id, name from team where id = $1', [teamId]),
    pool.query<Measures>(measuresSql(IN_SUBTREE, 'q.team_id = $1'), [teamId, periodId]),
  ]);
  const t = team.rows[0];
  return { team: { id: String(t.id), name: t.name, attainment: attainment(measures.rows[0], today()) } };
}

export async function quotaGaugeMember(pool: pg.Pool, memberId: number, periodId: number) {
  const [member, measures] = await Promise.all([
    pool.query<{ id: number; full_name: string }>('select id, full_name from member where id = $1', [memberId]),
    pool.query<Measures>(measuresSql('d.owner_id = $1', 'q.member_id = $1'), [memberId, periodId]),
  ]);
  const m = member.rows[0];
  return { member: { id: String(m.id), fullName: m.full_name, attainment: attainment(measures.rows[0], today()) } };
}

export async function teamCard(pool: pg.Pool, teamId: number, periodId: number) {
  const [team, measures, members] = await Promise.all([
    pool.query<{ id: number; name: string; kind: string; manager_id: number | null; manager_name: string | null }>(
      'select t.id, t.name, t.kind, m.id as manager_id, m.full_name as manager_name from team t left join member m on m.id = t.manager_id where t.id = $1',
      [teamId],
    ),
    pool.query<Measures>(measuresSql(IN_SUBTREE, 'q.team_id = $1'), [teamId, periodId]),
    pool.query<{ id: number; full_name: string; role: string; quota: string | null; achieved: string | null }>(
      `select m.id, m.full_name, m.role, q.target as quota,
              (select sum(d.amount) from deal d where d.owner_id = m.id and d.status = 'WON' and d.close_date between p.start_date and p.end_date) as achieved
         from member m
         join period p on p.id = $2
         left join quota q on q.member_id = m.id and q.period_id = p.id and q.metric = 'REVENUE'
        where m.team_id = $1 and m.archived_at is null
        order by m.full_name, m.id`,
      [teamId, periodId],
    ),
  ]);
  const t = team.rows[0];
  return {
    team: {
      id: String(t.id),
      name: t.name,
      kind: t.kind,
      manager: t.manager_id === null ? null : { id: String(t.manager_id), fullName: t.manager_name },
      attainment: attainment(measures.rows[0], today()),
      members: members.rows.map((m) => {
        const quota = m.quota === null ? null : kopecks(m.quota);
        const achieved = kopecks(m.achieved);
        return {
          id: String(m.id),
          fullName: m.full_name,
          role: m.role,
          attainment: {
            quota: quota === null ? null : money(quota),
            achieved: money(achieved),
            ratio: quota === null ? null : ratio(achieved, quota),
          },
        };
      }),
    },
  };
}

/**
 * The funnel of the deals of team $1's subtree created in period $2, in one statement: the selection
 * once, then reach per open stage, outcomes, and median stays (changes after the period began).
 */
const FUNNEL_SQL = `
  with p as (select start_date::timestamp at time zone 'UTC' as since, (end_date + 1)::timestamp at time zone 'UTC' as until from period where id = $2),
  sel as materialized (
    select d.id, d.amount, d.status, fs.position as reached
      from deal d cross join p
      join team t on t.id = d.team_id
      join sales_stage fs on fs.id = d.furthest_stage_id
     where t.path like (select path from team where id = $1) || '%' and d.created_at >= p.since and d.created_at < p.until
  ),
  stages as (
    select s.id, s.code, s.name_en, s.name_ru, s.position, count(sel.id)::int as deals, sum(sel.amount)::text as amount
      from sales_stage s left join sel on sel.status = 'WON' or sel.reached >= s.position
     where s.outcome = 'OPEN' and s.archived_at is null
     group by s.id
  ),
  outcomes as (select status, count(*)::int as deals, sum(amount)::text as amount from sel group by status),
  medians as (
    select c.from_stage_id as stage_id,
           round(extract(epoch from percentile_cont(0.5) within group (order by c.changed_at - c.from_entered_at)) / 86400, 1)::text as median
      from deal_stage_change c join sel on sel.id = c.deal_id cross join p
     where c.from_stage_id is not null and c.changed_at >= p.since
     group by c.from_stage_id
  )
  select (select json_agg(stages order by position, id) from stages) as stages,
         (select coalesce(json_agg(outcomes), '[]') from outcomes) as outcomes,
         (select coalesce(json_agg(medians), '[]') from medians) as medians`;

interface FunnelRows {
  stages: { id: number; code: string; name_en: string; name_ru: string; position: number; deals: number; amount: string | null }[];
  outcomes: { status: string; deals: number; amount: string | null }[];
  medians: { stage_id: number; median: string }[];
}

export async function funnel(pool: pg.Pool, teamId: number, periodId: number) {
  const { rows } = await pool.query<FunnelRows>(FUNNEL_SQL, [teamId, periodId]);
  const { stages, outcomes, medians } = rows[0];
  const median = new Map(medians.map((r) => [r.stage_id, r.median]));
  const outcome = (status: string) => {
    const row = outcomes.find((r) => r.status === status);
    return { deals: row?.deals ?? 0, amount: money(kopecks(row?.amount ?? null)) };
  };
  const first = BigInt(stages[0]?.deals ?? 0);
  const won = outcome('WON');
  const lost = outcome('LOST');
  return {
    funnel: {
      stages: stages.map((s, i) => ({
        stage: { id: String(s.id), code: s.code, nameEn: s.name_en, nameRu: s.name_ru, position: s.position },
        deals: s.deals,
        amount: money(kopecks(s.amount)),
        conversionFromPrevious: i === 0 ? null : ratio(BigInt(s.deals), BigInt(stages[i - 1].deals)),
        conversionFromFirst: ratio(BigInt(s.deals), first),
        medianDaysInStage: median.get(s.id) ?? null,
      })),
      won,
      lost,
      winRate: ratio(BigInt(won.deals), BigInt(won.deals + lost.deals)),
    },
  };
}
