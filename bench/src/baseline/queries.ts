import type pg from 'pg';
import { kopecks, money, ratio } from './format.js';

/**
 * The widget questions answered with hand-written SQL: the yardstick the GraphQL server is measured
 * against. Each returns the same JSON as the widget's GraphQL operation, for an administrator.
 *
 * Each question first reads its constants with one small lookup by primary key (the period's dates,
 * the team's path, with the names and quota the answer needs anyway), then sends its main statements
 * with those values as bind parameters: `pg` sends unnamed statements, planned with the values, so
 * the planner sees the date range and the path prefix instead of guessing past a subquery.
 */

/** How the handlers reach the database: the pool, whose statements the server counts per request. */
export interface Sql {
  query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The period columns of a lookup; the dates are bind parameters of the main statements. */
/** Days of the period that are worked in the RU production calendar: weekdays, unless calendar_day says otherwise. */
const workingDays = (until: string) => `(select count(*)::int
    from generate_series(p.start_date, ${until}, interval '1 day') g(d)
    left join calendar_day c on c.calendar = 'RU' and c.date = g.d::date
   where coalesce(c.kind = 'WORKING_DAY', extract(isodow from g.d) < 6))`;

/** The period's columns, with its working days and those completed before today (UTC) for the pace. */
const PERIOD_COLUMNS = `p.id as period_id, p.name as period_name, to_char(p.start_date, 'YYYY-MM-DD') as start_date, to_char(p.end_date, 'YYYY-MM-DD') as end_date,
  ${workingDays('p.end_date')} as working_days,
  ${workingDays(`least(p.end_date, (now() at time zone 'UTC')::date - 1)`)} as elapsed_working_days`;

interface PeriodLookup {
  period_id: number;
  period_name: string;
  start_date: string;
  end_date: string;
  /** The owner's REVENUE quota for the period. */
  quota: string | null;
  working_days: number;
  elapsed_working_days: number;
}

interface Measures {
  won_amount: string | null;
  won_deals: number;
  commit: string | null;
  best_case: string | null;
  pipeline: string | null;
  weighted: string | null;
}

/**
 * Won and open-pipeline aggregates between dates $2 and $3 of the deals of `from` matching `owner`
 * (on $1): closed deals by close date, open ones by expected close date, open amounts summed per stage
 * before the stage's probability is applied. Each half reads one covering index.
 */
function measuresSql(from: string, owner: string): string {
  return `
    select c.won_amount, c.won_deals, o.commit, o.best_case, o.pipeline, o.weighted
      from (select sum(d.amount) filter (where d.status = 'WON') as won_amount, count(*) filter (where d.status = 'WON')::int as won_deals
              from ${from}
             where ${owner} and d.status in ('WON', 'LOST') and d.close_date between $2::date and $3::date) c,
           (select sum(g.amount) filter (where s.probability >= 70) as commit,
                   sum(g.amount) filter (where s.probability >= 40 and s.probability < 70) as best_case,
                   sum(g.amount) filter (where s.probability < 40) as pipeline,
                   round(sum(g.amount * s.probability) / 100, 2) as weighted
              from (select d.stage_id, sum(d.amount) as amount
                      from ${from}
                     where ${owner} and d.status = 'OPEN' and d.expected_close_date between $2::date and $3::date
                     group by d.stage_id) g
              join sales_stage s on s.id = g.stage_id) o`;
}

/** Deals credited to the teams whose path starts with $1 (a subtree's path followed by %). */
const SUBTREE_MEASURES = measuresSql('team t join deal d on d.team_id = t.id', 't.path like $1');
/** Deals owned by member $1. */
const MEMBER_MEASURES = measuresSql('deal d', 'd.owner_id = $1');

const subtree = (path: string) => `${path}%`;

async function measures(sql: Sql, statement: string, owner: string | number, period: PeriodLookup): Promise<Measures> {
  const { rows } = await sql.query<Measures>(statement, [owner, period.start_date, period.end_date]);
  return rows[0];
}

/** The first row of a lookup by primary keys; a missing team, member or period is an error of the request. */
async function lookup<R extends pg.QueryResultRow>(sql: Sql, text: string, values: unknown[]): Promise<R> {
  const { rows } = await sql.query<R>(text, values);
  if (!rows[0]) throw new Error(`nothing found for ${JSON.stringify(values)}`);
  return rows[0];
}

function attainment(p: PeriodLookup, m: Measures) {
  const quota = p.quota === null ? null : kopecks(p.quota);
  const achieved = kopecks(m.won_amount);
  const length = p.working_days;
  const elapsed = p.elapsed_working_days;
  const pace = quota === null ? null : (quota * BigInt(elapsed) * 2n + BigInt(length)) / (BigInt(length) * 2n);
  const weighted = kopecks(m.weighted);
  return {
    period: { id: String(p.period_id), name: p.period_name, startDate: p.start_date, endDate: p.end_date },
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

/** The team, its path and REVENUE quota, and the period. */
const TEAM_LOOKUP = `
  select t.id, t.name, t.kind, t.path, m.id as manager_id, m.full_name as manager_name, q.target as quota, ${PERIOD_COLUMNS}
    from team t
    cross join period p
    left join member m on m.id = t.manager_id
    left join quota q on q.team_id = t.id and q.period_id = p.id and q.metric = 'REVENUE'
   where t.id = $1 and p.id = $2`;

interface TeamLookup extends PeriodLookup {
  id: number;
  name: string;
  kind: string;
  path: string;
  manager_id: number | null;
  manager_name: string | null;
}

/** 2 statements: the lookup, then the subtree's measures. */
export async function quotaGaugeTeam(sql: Sql, teamId: number, periodId: number) {
  const t = await lookup<TeamLookup>(sql, TEAM_LOOKUP, [teamId, periodId]);
  const m = await measures(sql, SUBTREE_MEASURES, subtree(t.path), t);
  return { team: { id: String(t.id), name: t.name, attainment: attainment(t, m) } };
}

/** 2 statements: the lookup (the member, their quota, the period), then their measures. */
export async function quotaGaugeMember(sql: Sql, memberId: number, periodId: number) {
  const member = await lookup<PeriodLookup & { id: number; full_name: string }>(
    sql,
    `select m.id, m.full_name, q.target as quota, ${PERIOD_COLUMNS}
       from member m
       cross join period p
       left join quota q on q.member_id = m.id and q.period_id = p.id and q.metric = 'REVENUE'
      where m.id = $1 and p.id = $2`,
    [memberId, periodId],
  );
  const m = await measures(sql, MEMBER_MEASURES, memberId, member);
  return { member: { id: String(member.id), fullName: member.full_name, attainment: attainment(member, m) } };
}

/** The team's current members with their quota ($2) and won amount between dates $3 and $4. */
const MEMBERS_SQL = `
  select m.id, m.full_name, m.role, q.target as quota, sum(d.amount) as achieved
    from member m
    left join quota q on q.member_id = m.id and q.period_id = $2 and q.metric = 'REVENUE'
    left join deal d on d.owner_id = m.id and d.status = 'WON' and d.close_date between $3::date and $4::date
   where m.team_id = $1 and m.archived_at is null
   group by m.id, q.target
   order by m.full_name, m.id`;

/** 3 statements: the lookup, then the subtree's measures and the members in parallel. */
export async function teamCard(sql: Sql, teamId: number, periodId: number) {
  const t = await lookup<TeamLookup>(sql, TEAM_LOOKUP, [teamId, periodId]);
  const [measured, members] = await Promise.all([
    measures(sql, SUBTREE_MEASURES, subtree(t.path), t),
    sql.query<{ id: number; full_name: string; role: string; quota: string | null; achieved: string | null }>(MEMBERS_SQL, [
      teamId,
      periodId,
      t.start_date,
      t.end_date,
    ]),
  ]);
  return {
    team: {
      id: String(t.id),
      name: t.name,
      kind: t.kind,
      manager: t.manager_id === null ? null : { id: String(t.manager_id), fullName: t.manager_name },
      attainment: attainment(t, measured),
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
 * The funnel of the deals credited to the teams whose path starts with $1 and created in [$2, $3), in
 * one statement: the reach per status and furthest stage (then per open stage and per outcome), and the
 * median stays. A stage change carries its deal's team and creation time (the server's funnel_stays
 * migration), so the stays are read by team from their own index, not through the deals.
 */
const FUNNEL_SQL = `
  with reach as (
    select d.status, fs.position as reached, count(*)::int as deals, sum(d.amount) as amount
      from team t
      join deal d on d.team_id = t.id
      join sales_stage fs on fs.id = d.furthest_stage_id
     where t.path like $1 and d.created_at >= $2::timestamptz and d.created_at < $3::timestamptz
     group by d.status, fs.position
  ),
  stages as (
    select s.id, s.code, s.name_en, s.name_ru, s.position, coalesce(sum(r.deals), 0)::int as deals, sum(r.amount)::text as amount
      from sales_stage s left join reach r on r.status = 'WON' or r.reached >= s.position
     where s.outcome = 'OPEN' and s.archived_at is null
     group by s.id
  ),
  outcomes as (select status, sum(deals)::int as deals, sum(amount)::text as amount from reach group by status),
  medians as (
    select s.id as stage_id, m.median
      from sales_stage s cross join lateral (
        select round((percentile_cont(0.5) within group (order by c.stay_seconds) / 86400)::numeric, 1)::text as median
          from team t join deal_stage_change c on c.team_id = t.id
         where c.from_stage_id = s.id and t.path like $1 and c.deal_created_at >= $2::timestamptz and c.deal_created_at < $3::timestamptz
      ) m
     where s.outcome = 'OPEN' and s.archived_at is null and m.median is not null
  )
  select (select json_agg(stages order by position, id) from stages) as stages,
         (select coalesce(json_agg(outcomes), '[]') from outcomes) as outcomes,
         (select coalesce(json_agg(medians), '[]') from medians) as medians`;

interface FunnelRows {
  stages: { id: number; code: string; name_en: string; name_ru: string; position: number; deals: number; amount: string | null }[];
  outcomes: { status: string; deals: number; amount: string | null }[];
  medians: { stage_id: number; median: string }[];
}

/** 2 statements: the lookup (the team's path, the period's first day and the day after it), then the funnel. */
export async function funnel(sql: Sql, teamId: number, periodId: number) {
  const scope = await lookup<{ path: string; since: string; until: string }>(
    sql,
    `select t.path, to_char(p.start_date, 'YYYY-MM-DD') as since, to_char(p.end_date + 1, 'YYYY-MM-DD') as until
       from team t cross join period p where t.id = $1 and p.id = $2`,
    [teamId, periodId],
  );
  // Periods are UTC calendar days.
  const { rows } = await sql.query<FunnelRows>(FUNNEL_SQL, [subtree(scope.path), `${scope.since}T00:00:00Z`, `${scope.until}T00:00:00Z`]);
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

/**
 * The forecast roll-up's figures of every active team of the subtree (path $1, the root $2 even if
 * archived) for the dates $3 … $4 and period $6, with submissions made before $5: per team, its
 * subtree's closed and commit (won and open deals read apart, each by its index), its members' calls (a
 * submission's commit, else their closed + commit) and its latest submission; then the root's active
 * members one by one. The calls are folded up in JavaScript.
 */
const FORECAST_SQL = `
  with teams as (select id, parent_id, path, name from team where path like $1 and (archived_at is null or id = $2)),
  people as (select m.id, m.team_id, m.full_name from member m join teams t on t.id = m.team_id where m.archived_at is null),
  team_deals as (
    select d.team_id, sum(d.amount) filter (where d.status = 'WON') as closed, sum(d.amount) filter (where d.status = 'OPEN') as commit
      from (select d.team_id, d.status, d.amount from team t join deal d on d.team_id = t.id
             where t.path like $1 and d.status = 'WON' and d.close_date between $3::date and $4::date
            union all
            select d.team_id, d.status, d.amount from team t join deal d on d.team_id = t.id join sales_stage s on s.id = d.stage_id
             where t.path like $1 and d.status = 'OPEN' and d.expected_close_date between $3::date and $4::date
               and coalesce(d.forecast_category_override, case when s.probability >= 70 then 'COMMIT' when s.probability >= 40 then 'BEST_CASE' else 'PIPELINE' end) = 'COMMIT') d
     group by d.team_id),
  -- A team's subtree figures: every team's deals added to each team on its path.
  by_team as (
    select a.id::int as team_id, sum(b.closed) as closed, sum(b.commit) as commit
      from team_deals b join team t on t.id = b.team_id
      cross join lateral unnest(string_to_array(trim(both '/' from t.path), '/')) as a(id)
     group by a.id),
  by_member as (
    select d.owner_id, sum(d.amount) filter (where d.status = 'WON') as closed, sum(d.amount) filter (where d.status = 'OPEN') as commit
      from (select d.owner_id, d.status, d.amount from people p join deal d on d.owner_id = p.id
             where d.status = 'WON' and d.close_date between $3::date and $4::date
            union all
            select d.owner_id, d.status, d.amount from people p join deal d on d.owner_id = p.id join sales_stage s on s.id = d.stage_id
             where d.status = 'OPEN' and d.expected_close_date between $3::date and $4::date
               and coalesce(d.forecast_category_override, case when s.probability >= 70 then 'COMMIT' when s.probability >= 40 then 'BEST_CASE' else 'PIPELINE' end) = 'COMMIT') d
     group by d.owner_id),
  latest as (
    select distinct on (coalesce(member_id, -team_id)) id, member_id, team_id, commit, best_case, rolled_up_commit, adjustment, note
      from forecast_submission
     where period_id = $6 and submitted_at < $5::date
       and (member_id in (select id from people) or team_id in (select id from teams))
     order by coalesce(member_id, -team_id), submitted_at desc, id desc),
  members_call as (
    select p.team_id, sum(coalesce(l.commit, coalesce(bm.closed, 0) + coalesce(bm.commit, 0))) as members_call
      from people p left join by_member bm on bm.owner_id = p.id left join latest l on l.member_id = p.id
     group by p.team_id)
  select 'TEAM' as kind, t.id, t.parent_id, t.name, bt.closed, bt.commit, mc.members_call,
         q.target as quota, l.id as sub_id, l.commit as sub_commit, l.best_case as sub_best_case, l.rolled_up_commit as sub_rolled_up_commit,
         l.adjustment as sub_adjustment, l.note as sub_note
    from teams t
    left join by_team bt on bt.team_id = t.id
    left join members_call mc on mc.team_id = t.id
    left join latest l on l.team_id = t.id
    left join quota q on q.team_id = t.id and q.period_id = $6 and q.metric = 'REVENUE'
  union all
  select 'MEMBER', p.id, p.team_id, p.full_name, bm.closed, bm.commit, null,
         q.target, l.id, l.commit, l.best_case, l.rolled_up_commit, l.adjustment, l.note
    from people p
    left join by_member bm on bm.owner_id = p.id
    left join latest l on l.member_id = p.id
    left join quota q on q.member_id = p.id and q.period_id = $6 and q.metric = 'REVENUE'
   where p.team_id = $2`;

interface ForecastRow {
  kind: 'TEAM' | 'MEMBER';
  id: number;
  parent_id: number | null;
  name: string;
  closed: string | null;
  commit: string | null;
  members_call: string | null;
  quota: string | null;
  sub_id: number | null;
  sub_commit: string | null;
  sub_best_case: string | null;
  sub_rolled_up_commit: string | null;
  sub_adjustment: string | null;
  sub_note: string | null;
}

const names = new Intl.Collator('ru');
const byName = (a: ForecastRow, b: ForecastRow) => names.compare(a.name, b.name) || a.id - b.id;
const gap = (quota: string | null, call: bigint | null) =>
  quota === null || call === null ? null : money(kopecks(quota) > call ? kopecks(quota) - call : 0n);
/** Signed money (an adjustment may be negative). */
const signed = (text: string) => (text.startsWith('-') ? `-${money(kopecks(text.slice(1)))}` : money(kopecks(text)));

/** 2 statements: the lookup (the team's path and name, the period), then the roll-up's rows. */
export async function forecastRollup(sql: Sql, teamId: number, periodId: number) {
  const t = await lookup<TeamLookup>(sql, TEAM_LOOKUP, [teamId, periodId]);
  const asOf = today();
  const dayAfter = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const { rows } = await sql.query<ForecastRow>(FORECAST_SQL, [subtree(t.path), teamId, t.start_date, t.end_date, dayAfter, periodId]);
  const teams = rows.filter((r) => r.kind === 'TEAM');
  const children = new Map<number | null, ForecastRow[]>();
  for (const r of teams) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  const rolled = new Map<number, bigint>();
  // A team's call: its submission, else its members' calls and its child teams' calls.
  const call = (r: ForecastRow): bigint => (r.sub_id !== null ? kopecks(r.sub_commit) : rolledUp(r));
  const rolledUp = (r: ForecastRow): bigint => {
    if (!rolled.has(r.id))
      rolled.set(
        r.id,
        (children.get(r.id) ?? []).reduce((sum, c) => sum + call(c), kopecks(r.members_call)),
      );
    return rolled.get(r.id)!;
  };
  const root = teams.find((r) => r.id === teamId)!;
  const figures = (r: ForecastRow) => ({ closed: money(kopecks(r.closed)), commit: money(kopecks(r.commit)) });
  const members = rows
    .filter((r) => r.kind === 'MEMBER')
    .sort(byName)
    .map((r) => ({
      ownerKind: 'MEMBER',
      member: { id: String(r.id), fullName: r.name },
      team: null,
      system: figures(r),
      submission:
        r.sub_id === null
          ? null
          : { id: String(r.sub_id), commit: money(kopecks(r.sub_commit)), bestCase: money(kopecks(r.sub_best_case)) },
      gapToQuota: gap(r.quota, r.sub_id === null ? null : kopecks(r.sub_commit)),
    }));
  const childTeams = (children.get(teamId) ?? []).sort(byName).map((r) => ({
    ownerKind: 'TEAM',
    member: null,
    team: { id: String(r.id), name: r.name },
    system: figures(r),
    submission:
      r.sub_id === null ? null : { id: String(r.sub_id), commit: money(kopecks(r.sub_commit)), bestCase: money(kopecks(r.sub_best_case)) },
    gapToQuota: gap(r.quota, call(r)),
  }));
  const rootCall = call(root);
  return {
    forecastRollup: {
      team: { id: String(t.id), name: t.name },
      period: { id: String(t.period_id), name: t.period_name },
      quota: t.quota === null ? null : money(kopecks(t.quota)),
      call: money(rootCall),
      gapToQuota: gap(t.quota, rootCall),
      asOf,
      submission:
        root.sub_id === null
          ? null
          : {
              id: String(root.sub_id),
              rolledUpCommit: money(kopecks(root.sub_rolled_up_commit)),
              adjustment: signed(root.sub_adjustment ?? '0'),
              note: root.sub_note,
            },
      lines: [...members, ...childTeams],
    },
  };
}
