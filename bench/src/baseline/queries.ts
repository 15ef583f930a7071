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

/** Won and open-pipeline aggregates of the deals `deals` (a SQL set of deal rows) for period $periodParam. */
function measuresSql(deals: string, quotaOwner: string, periodParam: string): string {
  return `
    select p.id as period_id, p.name as period_name, to_char(p.start_date, 'YYYY-MM-DD') as start_date, to_char(p.end_date, 'YYYY-MM-DD') as end_date,
           (select target from quota q where q.period_id = p.id and q.metric = 'REVENUE' and ${quotaOwner}) as quota,
           sum(d.amount) filter (where d.status = 'WON') as won_amount,
           count(*) filter (where d.status = 'WON')::int as won_deals,
           sum(d.amount) filter (where d.status = 'OPEN' and s.probability >= 70) as commit,
           sum(d.amount) filter (where d.status = 'OPEN' and s.probability >= 40 and s.probability < 70) as best_case,
           sum(d.amount) filter (where d.status = 'OPEN' and s.probability < 40) as pipeline,
           round(sum(d.amount * s.probability) filter (where d.status = 'OPEN') / 100, 2) as weighted
      from period p
      left join (${deals}) d on (d.status = 'WON' and d.close_date between p.start_date and p.end_date)
                            or (d.status = 'OPEN' and d.expected_close_date between p.start_date and p.end_date)
      left join sales_stage s on s.id = d.stage_id
     where p.id = ${periodParam}
     group by p.id`;
}

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
const SUBTREE_DEALS = `select d.* from deal d join team t on t.id = d.team_id where t.path like (select path from team where id = $1) || '%'`;

export async function quotaGaugeTeam(pool: pg.Pool, teamId: number, periodId: number) {
  const [team, measures] = await Promise.all([
    pool.query<{ id: number; name: string }>('select id, name from team where id = $1', [teamId]),
    pool.query<Measures>(measuresSql(SUBTREE_DEALS, 'q.team_id = $1', '$2'), [teamId, periodId]),
  ]);
  const t = team.rows[0];
  return { team: { id: String(t.id), name: t.name, attainment: attainment(measures.rows[0], today()) } };
}

export async function quotaGaugeMember(pool: pg.Pool, memberId: number, periodId: number) {
  const [member, measures] = await Promise.all([
    pool.query<{ id: number; full_name: string }>('select id, full_name from member where id = $1', [memberId]),
    pool.query<Measures>(measuresSql('select * from deal where owner_id = $1', 'q.member_id = $1', '$2'), [memberId, periodId]),
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
    pool.query<Measures>(measuresSql(SUBTREE_DEALS, 'q.team_id = $1', '$2'), [teamId, periodId]),
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
          attainment: { quota: quota === null ? null : money(quota), achieved: money(achieved), ratio: quota === null ? null : ratio(achieved, quota) },
        };
      }),
    },
  };
}

/** Deals of the team's subtree created in the period, with the position of their furthest open stage. */
const FUNNEL_DEALS = `
  select d.id, d.amount, d.status, fs.position as reached
    from deal d
    join team t on t.id = d.team_id
    join sales_stage fs on fs.id = d.furthest_stage_id
    join period p on p.id = $2
   where t.path like (select path from team where id = $1) || '%'
     and d.created_at >= p.start_date::timestamp at time zone 'UTC'
     and d.created_at < (p.end_date + 1)::timestamp at time zone 'UTC'`;

export async function funnel(pool: pg.Pool, teamId: number, periodId: number) {
  const [stages, outcomes, medians] = await Promise.all([
    pool.query<{ id: number; code: string; name_en: string; name_ru: string; position: number; deals: number; amount: string | null }>(
      `with sel as materialized (${FUNNEL_DEALS})
       select s.id, s.code, s.name_en, s.name_ru, s.position,
              count(sel.id)::int as deals, sum(sel.amount) as amount
         from sales_stage s
         left join sel on sel.status = 'WON' or sel.reached >= s.position
        where s.outcome = 'OPEN' and s.archived_at is null
        group by s.id
        order by s.position, s.id`,
      [teamId, periodId],
    ),
    pool.query<{ status: string; deals: number; amount: string | null }>(
      `select status, count(*)::int as deals, sum(amount) as amount from (${FUNNEL_DEALS}) sel group by status`,
      [teamId, periodId],
    ),
    pool.query<{ stage_id: number; median: string }>(
      `select c.from_stage_id as stage_id,
              round(extract(epoch from percentile_cont(0.5) within group (order by c.changed_at - c.from_entered_at)) / 86400, 1)::text as median
         from deal_stage_change c
         join (${FUNNEL_DEALS}) sel on sel.id = c.deal_id
        where c.from_stage_id is not null
        group by c.from_stage_id`,
      [teamId, periodId],
    ),
  ]);
  const median = new Map(medians.rows.map((r) => [r.stage_id, r.median]));
  const outcome = (status: string) => {
    const row = outcomes.rows.find((r) => r.status === status);
    return { deals: row?.deals ?? 0, amount: money(kopecks(row?.amount ?? null)) };
  };
  const first = BigInt(stages.rows[0]?.deals ?? 0);
  const won = outcome('WON');
  const lost = outcome('LOST');
  return {
    funnel: {
      stages: stages.rows.map((s, i) => ({
        stage: { id: String(s.id), code: s.code, nameEn: s.name_en, nameRu: s.name_ru, position: s.position },
        deals: s.deals,
        amount: money(kopecks(s.amount)),
        conversionFromPrevious: i === 0 ? null : ratio(BigInt(s.deals), BigInt(stages.rows[i - 1].deals)),
        conversionFromFirst: ratio(BigInt(s.deals), first),
        medianDaysInStage: median.get(s.id) ?? null,
      })),
      won,
      lost,
      winRate: ratio(BigInt(won.deals), BigInt(won.deals + lost.deals)),
    },
  };
}
