import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

/**
 * salesMetrics over the demo dataset (eighteen months of generated deals, leads, interactions and
 * quotas), compared, for a matrix of measure × dimension pairs, with plain SQL written here one measure
 * at a time, independently of the statement builder.
 */
let server: TestServer;
let sql: pg.Client;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
  sql = new pg.Client({ connectionString: server.app.databaseUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await server?.close();
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const FROM = day(-400);
const TO = day(200);

type Source = 'deals' | 'quotas' | 'leads' | 'interactions';
const FROM_SQL: Record<Source, string> = {
  deals: `deal d join team t on t.id = d.team_id join sales_stage s on s.id = d.stage_id join customer c on c.id = d.account_id`,
  quotas: `quota q join period p on p.id = q.period_id join member m on m.id = q.member_id join team t on t.id = m.team_id`,
  leads: `lead l join team t on t.id = l.team_id join customer c on c.id = l.customer_id`,
  interactions: `interaction i join member m on m.id = i.member_id join team t on t.id = m.team_id join customer c on c.id = i.customer_id`,
};
const bucket = (unit: string, date: string) => `to_char(date_trunc('${unit}', ${date}), 'YYYY-MM-DD')`;
/** The key of each dimension in each source (`$date` is the record date). */
const KEY_SQL: Record<Source, Record<string, string>> = {
  deals: {
    TEAM: 'd.team_id',
    MEMBER: 'd.owner_id',
    REGION: 't.territory_id',
    TEAM_KIND: 't.kind',
    CHANNEL: 'd.channel_id',
    PRODUCT: 'd.product_id',
    STAGE: 'd.stage_id',
    INDUSTRY: 'c.industry',
    MONTH: bucket('month', '$date'),
    QUARTER: bucket('quarter', '$date'),
  },
  quotas: {
    TEAM: 'm.team_id',
    MEMBER: 'q.member_id',
    REGION: 't.territory_id',
    TEAM_KIND: 't.kind',
    MONTH: bucket('month', 'p.start_date'),
    QUARTER: bucket('quarter', 'p.start_date'),
  },
  leads: {
    TEAM: 'l.team_id',
    MEMBER: 'l.owner_id',
    REGION: 't.territory_id',
    CHANNEL: 'l.channel_id',
    INDUSTRY: 'c.industry',
    WEEK: bucket('week', '$date'),
  },
  interactions: {
    TEAM: 'm.team_id',
    MEMBER: 'i.member_id',
    TEAM_KIND: 't.kind',
    INDUSTRY: 'c.industry',
    DAY: `to_char($date, 'YYYY-MM-DD')`,
  },
};

interface Expected {
  source: Source;
  value: string;
  where: string;
  date: string;
}
const won = { where: `d.status = 'WON'`, date: 'd.close_date' };
const lost = { where: `d.status = 'LOST'`, date: 'd.close_date' };
const open = { where: `d.status = 'OPEN'`, date: 'd.expected_close_date' };
const closed = { where: `d.status in ('WON', 'LOST')`, date: 'd.close_date' };
const leadDay = `(l.created_at at time zone 'UTC')::date`;
const EXPECTED: Record<string, Expected> = {
  REVENUE_WON: { source: 'deals', value: 'sum(d.amount)', ...won },
  DEALS_WON: { source: 'deals', value: 'count(*)', ...won },
  DEALS_LOST: { source: 'deals', value: 'count(*)', ...lost },
  DEALS_OPEN: { source: 'deals', value: 'count(*)', ...open },
  PIPELINE_AMOUNT: { source: 'deals', value: 'sum(d.amount)', ...open },
  WEIGHTED_PIPELINE: { source: 'deals', value: 'round(sum(d.amount * s.probability) / 100, 2)', ...open },
  WIN_RATE: { source: 'deals', value: `round(avg(case when d.status = 'WON' then 1.0 else 0.0 end), 4)`, ...closed },
  AVERAGE_DEAL_SIZE: { source: 'deals', value: 'round(avg(d.amount), 2)', ...won },
  AVERAGE_CYCLE_DAYS: { source: 'deals', value: `round(avg(d.close_date - (d.created_at at time zone 'UTC')::date), 1)`, ...won },
  LEADS: { source: 'leads', value: 'count(*)', where: 'true', date: leadDay },
  QUALIFIED_LEADS: {
    source: 'leads',
    value: `count(*) filter (where l.status in ('QUALIFIED', 'CONVERTED'))`,
    where: 'true',
    date: leadDay,
  },
  INTERACTIONS: { source: 'interactions', value: 'count(*)', where: 'true', date: `(i.occurred_at at time zone 'UTC')::date` },
};

/** Key → value, both as text ('null' for an empty key), from the plain-SQL side. */
async function expectedByKey(measure: string, dimension: string): Promise<Map<string, number | null>> {
  if (measure === 'ATTAINMENT' && dimension === 'TEAM') return expectedTeamAttainment();
  if (measure === 'QUOTA' || measure === 'ATTAINMENT') return expectedQuota(measure, dimension);
  const e = EXPECTED[measure];
  const key = KEY_SQL[e.source][dimension].replaceAll('$date', e.date);
  const { rows } = await sql.query(
    `select (${key})::text as k, (${e.value})::text as v from ${FROM_SQL[e.source]} where ${e.where} and ${e.date} between $1 and $2 group by 1`,
    [FROM, TO],
  );
  return new Map(rows.map((r) => [r.k ?? 'null', r.v === null ? null : Number(r.v)]));
}

/** Quotas: members' REVENUE quotas of the periods of one kind lying in the window; attainment against the revenue won. */
async function expectedQuota(measure: string, dimension: string): Promise<Map<string, number | null>> {
  const kind = dimension === 'MONTH' ? 'MONTH' : 'QUARTER';
  const quotaKey = KEY_SQL.quotas[dimension];
  const quotas = `select (${quotaKey})::text as k, sum(q.target) as v from ${FROM_SQL.quotas}
     where q.metric = 'REVENUE' and p.kind = $3 and p.start_date >= $1 and p.end_date <= $2 group by 1`;
  if (measure === 'QUOTA') {
    const { rows } = await sql.query(`${quotas}`, [FROM, TO, kind]);
    return new Map(rows.map((r) => [r.k ?? 'null', Number(r.v)]));
  }
  const revenueKey = KEY_SQL.deals[dimension].replaceAll('$date', 'd.close_date');
  const { rows } = await sql.query(
    `with qu as (${quotas}),
          re as (select (${revenueKey})::text as k, sum(d.amount) as v from ${FROM_SQL.deals} where d.status = 'WON' and d.close_date between $1 and $2 group by 1)
     select coalesce(qu.k, re.k) as k, round(coalesce(re.v, 0) / nullif(qu.v, 0), 4)::text as v from qu full join re on coalesce(re.k, '-') = coalesce(qu.k, '-')`,
    [FROM, TO, kind],
  );
  return new Map(rows.map((r) => [r.k ?? 'null', r.v === null ? null : Number(r.v)]));
}

/** A team's attainment as on its card: revenue won over its whole subtree / its own REVENUE quotas (quarters in the window). */
async function expectedTeamAttainment(): Promise<Map<string, number | null>> {
  const { rows } = await sql.query(
    `with qu as (select q.team_id::text as k, sum(q.target) as v from quota q join period p on p.id = q.period_id
                  where q.team_id is not null and q.metric = 'REVENUE' and p.kind = 'QUARTER' and p.start_date >= $1 and p.end_date <= $2 group by 1),
          re as (select t.id::text as k, sum(d.amount) as v from team t join deal d on d.team_id in (select id from team where path like t.path || '%')
                  where d.status = 'WON' and d.close_date between $1 and $2 group by 1)
     select coalesce(qu.k, re.k) as k, round(coalesce(re.v, 0) / nullif(qu.v, 0), 4)::text as v from qu full join re on re.k = qu.k`,
    [FROM, TO],
  );
  return new Map(rows.map((r) => [r.k, r.v === null ? null : Number(r.v)]));
}

const METRICS = `query($m: [MetricMeasure!]!, $d: [MetricDimension!], $f: MetricsFilterInput, $s: [MetricSortInput!], $l: Int, $lang: MetricLanguage) {
  salesMetrics(measures: $m, dimensions: $d, filter: $f, sort: $s, limit: $l, language: $lang) {
    columns { key label kind type unit currency format } rows { cells { value label } } totalRows truncated } }`;

interface Result {
  columns: {
    key: string;
    label: string;
    kind: string;
    type: string;
    unit: string | null;
    currency: string | null;
    format: string | null;
  }[];
  rows: { cells: { value: string | null; label: string | null }[] }[];
  totalRows: number;
  truncated: boolean;
}

async function metrics(viewer: string, variables: Record<string, unknown>): Promise<{ result: Result; statements: number }> {
  const { data, statements } = await measured<{ salesMetrics: Result }>(server.client(viewer), METRICS, variables);
  return { result: data.salesMetrics, statements };
}

const byKey = (result: Result) =>
  new Map(result.rows.map((r) => [r.cells[0].value ?? 'null', r.cells[1].value === null ? null : Number(r.cells[1].value)]));

const PAIRS: [string, string[]][] = [
  ['REVENUE_WON', ['TEAM', 'MEMBER', 'REGION', 'TEAM_KIND', 'CHANNEL', 'PRODUCT', 'STAGE', 'INDUSTRY', 'MONTH', 'QUARTER']],
  ['DEALS_WON', ['TEAM', 'CHANNEL', 'QUARTER']],
  ['DEALS_LOST', ['MEMBER', 'PRODUCT', 'MONTH']],
  ['DEALS_OPEN', ['STAGE', 'REGION', 'MONTH']],
  ['PIPELINE_AMOUNT', ['TEAM', 'STAGE', 'INDUSTRY']],
  ['WEIGHTED_PIPELINE', ['TEAM', 'STAGE', 'QUARTER']],
  ['WIN_RATE', ['TEAM', 'MEMBER', 'CHANNEL', 'PRODUCT', 'INDUSTRY', 'QUARTER']],
  ['AVERAGE_DEAL_SIZE', ['TEAM', 'PRODUCT', 'MONTH']],
  ['AVERAGE_CYCLE_DAYS', ['TEAM', 'CHANNEL', 'QUARTER']],
  ['QUOTA', ['TEAM', 'MEMBER', 'REGION', 'TEAM_KIND', 'MONTH', 'QUARTER']],
  ['ATTAINMENT', ['TEAM', 'MEMBER', 'QUARTER']],
  ['LEADS', ['TEAM', 'MEMBER', 'REGION', 'CHANNEL', 'INDUSTRY', 'WEEK']],
  ['QUALIFIED_LEADS', ['TEAM', 'CHANNEL', 'INDUSTRY']],
  ['INTERACTIONS', ['TEAM', 'MEMBER', 'TEAM_KIND', 'INDUSTRY', 'DAY']],
];

describe('salesMetrics against independent SQL', () => {
  for (const [measure, dimensions] of PAIRS) {
    for (const dimension of dimensions) {
      it(`${measure} by ${dimension}`, async () => {
        const filter = { from: FROM, to: TO, ...(dimension === 'MONTH' ? {} : { quotaPeriodKind: 'QUARTER' }) };
        const { result, statements } = await metrics('ANALYST', { m: [measure], d: [dimension], f: filter, l: 10_000 });
        expect(statements).toBe(1);
        expect(result.truncated).toBe(false);
        const expected = await expectedByKey(measure, dimension);
        expect(expected.size, 'the demo data should have something to compare').toBeGreaterThan(0);
        expect(byKey(result)).toEqual(expected);
        expect(result.totalRows).toBe(expected.size);
      });
    }
  }

  it('mixes measures of deals, quotas, leads and interactions in one statement, without double counting', async () => {
    const measures = ['REVENUE_WON', 'QUOTA', 'ATTAINMENT', 'LEADS', 'INTERACTIONS'];
    const { result, statements } = await metrics('ANALYST', { m: measures, d: ['TEAM'], f: { from: FROM, to: TO } });
    expect(statements).toBe(1);
    for (const [i, measure] of measures.entries()) {
      const expected = await expectedByKey(measure, 'TEAM');
      for (const row of result.rows) {
        const value = row.cells[i + 1].value;
        const want = expected.get(row.cells[0].value!);
        // A team with quotas and no leads shows 0 leads: a measure without rows for a key is zero (ratios stay empty).
        expect(value === null ? null : Number(value)).toBe(want ?? (measure === 'ATTAINMENT' ? null : 0));
      }
    }
  });

  it('gives a team the ATTAINMENT of its team card: revenue over its whole subtree / its own quota', async () => {
    const { q } = await server
      .client('ADMIN')
      .request<{ q: { id: string; startDate: string; endDate: string } }>(`{ q: currentPeriod(kind: QUARTER) { id startDate endDate } }`);
    const {
      rows: [parent],
    } = await sql.query(
      `select t.id::text as id, m.id as manager from team t join member m on m.id = t.manager_id
        where exists (select 1 from team c where c.parent_id = t.id) and t.parent_id is not null order by t.id limit 1`,
    );
    const card = async (viewer: string) =>
      (
        await server
          .client(viewer)
          .request<{ team: { attainment: { ratio: string | null; quota: string | null } } }>(
            `query($t: ID!, $p: ID!) { team(id: $t) { attainment(periodId: $p) { ratio quota } } }`,
            { t: parent.id, p: q.id },
          )
      ).team.attainment;
    const filter = { from: q.startDate, to: q.endDate, quotaPeriodKind: 'QUARTER', teamIds: [parent.id] };
    for (const viewer of ['ANALYST', `MANAGER:${parent.manager}`]) {
      const { result, statements } = await metrics(viewer, { m: ['ATTAINMENT', 'REVENUE_WON'], d: ['TEAM'], f: filter });
      expect(statements).toBeLessThanOrEqual(2);
      const attainment = await card(viewer);
      expect(attainment.quota, 'the demo sets a quarterly quota for every team').not.toBeNull();
      expect(result.rows.find((r) => r.cells[0].value === parent.id)?.cells[1].value, viewer).toBe(attainment.ratio);
      // the sub-teams of the filter get their own card's figure too
      expect(result.rows.length).toBeGreaterThan(1);
    }
  });

  it('sums over everything without dimensions, and describes every column', async () => {
    const { result } = await metrics('ANALYST', { m: ['REVENUE_WON', 'WIN_RATE', 'DEALS_OPEN'], f: { from: FROM, to: TO }, lang: 'RU' });
    expect(result.rows).toHaveLength(1);
    const { rows } = await sql.query(`select sum(amount)::text as v from deal where status = 'WON' and close_date between $1 and $2`, [
      FROM,
      TO,
    ]);
    expect(Number(result.rows[0].cells[0].value)).toBe(Number(rows[0].v));
    expect(result.rows[0].cells[0].value).toMatch(/^\d+\.\d{2}$/);
    expect(result.rows[0].cells[1].value).toMatch(/^0\.\d{4}$/);
    expect(result.columns).toEqual([
      { key: 'REVENUE_WON', label: 'Выручка (выиграно)', kind: 'MEASURE', type: 'MONEY', unit: 'RUB', currency: 'RUB', format: 'money:2' },
      { key: 'WIN_RATE', label: 'Доля выигрышей', kind: 'MEASURE', type: 'PERCENT', unit: 'fraction', currency: null, format: 'percent:1' },
      { key: 'DEALS_OPEN', label: 'Открытых сделок', kind: 'MEASURE', type: 'INTEGER', unit: 'deals', currency: null, format: 'integer' },
    ]);
  });

  it('gives dimension cells a key and a label, sorts, limits and says when rows were cut', async () => {
    const { result } = await metrics('ANALYST', {
      m: ['REVENUE_WON'],
      d: ['TEAM', 'QUARTER'],
      f: { from: FROM, to: TO },
      s: [{ measure: 'REVENUE_WON', direction: 'DESC' }],
      l: 3,
    });
    expect(result.rows).toHaveLength(3);
    expect(result.truncated).toBe(true);
    expect(result.totalRows).toBeGreaterThan(3);
    const values = result.rows.map((r) => Number(r.cells[2].value));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const [team, quarter] = result.rows[0].cells;
    const { rows } = await sql.query('select name from team where id = $1', [team.value]);
    expect(team.label).toBe(rows[0].name);
    expect(quarter.value).toMatch(/^\d{4}-(01|04|07|10)-01$/);
    expect(quarter.label).toMatch(/^\d{4}-Q[1-4]$/);
  });

  it('filters by every dimension it can: team subtree, channel, industry, stage', async () => {
    const {
      rows: [root],
    } = await sql.query(`select id, path from team where parent_id is not null order by id limit 1`);
    const {
      rows: [deal],
    } = await sql.query(
      `select d.channel_id, d.stage_id, c.industry from deal d join customer c on c.id = d.account_id where d.status = 'OPEN' limit 1`,
    );
    const { result } = await metrics('ANALYST', {
      m: ['DEALS_OPEN'],
      f: {
        teamIds: [String(root.id)],
        channelIds: [String(deal.channel_id)],
        industries: [deal.industry],
        stageIds: [String(deal.stage_id)],
      },
    });
    const { rows } = await sql.query(
      `select count(*)::int as n from deal d join team t on t.id = d.team_id join customer c on c.id = d.account_id
        where d.status = 'OPEN' and t.path like $1 || '%' and d.channel_id = $2 and c.industry = $3 and d.stage_id = $4`,
      [root.path, deal.channel_id, deal.industry, deal.stage_id],
    );
    expect(Number(result.rows[0].cells[0].value)).toBe(rows[0].n);
  });
});

describe('salesMetrics values are bound, never spliced', () => {
  it('treats a hostile industry as a value that matches nothing', async () => {
    const { result } = await metrics('ANALYST', { m: ['DEALS_OPEN'], f: { industries: ["x' or '1'='1", "'); drop table deal; --"] } });
    expect(result.rows[0].cells[0].value).toBe('0');
    const { rows } = await sql.query('select count(*)::int as n from deal');
    expect(rows[0].n).toBeGreaterThan(0);
  });
});

describe('salesMetrics access', () => {
  it("covers only a manager's subtree and own records, and only a rep's own records", async () => {
    const {
      rows: [manager],
    } = await sql.query(
      `select m.id, t.path from team t join member m on m.id = t.manager_id where t.parent_id is not null and exists (select 1 from team c where c.parent_id = t.id) order by t.id limit 1`,
    );
    const { result, statements } = await metrics(`MANAGER:${manager.id}`, { m: ['REVENUE_WON'], d: ['TEAM'], f: { from: FROM, to: TO } });
    expect(statements).toBeLessThanOrEqual(2); // the viewer's scope, then the metrics
    const { rows } = await sql.query(
      `select d.team_id::text as k, sum(d.amount)::text as v from deal d join team t on t.id = d.team_id
        where d.status = 'WON' and d.close_date between $1 and $2 and (t.path like $3 || '%' or d.owner_id = $4) group by 1`,
      [FROM, TO, manager.path, manager.id],
    );
    expect(byKey(result)).toEqual(new Map(rows.map((r) => [r.k, Number(r.v)])));
    const { rows: all } = await sql.query(
      `select count(distinct team_id)::int as n from deal where status = 'WON' and close_date between $1 and $2`,
      [FROM, TO],
    );
    expect(result.rows.length).toBeLessThan(all[0].n);

    const {
      rows: [rep],
    } = await sql.query(`select owner_id as id from deal where status = 'WON' and close_date between $1 and $2 limit 1`, [FROM, TO]);
    const mine = await metrics(`REP:${rep.id}`, { m: ['DEALS_WON'], d: ['MEMBER'], f: { from: FROM, to: TO } });
    expect(mine.result.rows.map((r) => r.cells[0].value)).toEqual([String(rep.id)]);
  });
});

describe('salesMetrics bad input', () => {
  const client = () => server.client('ANALYST');
  const run = (variables: Record<string, unknown>) => client().request(METRICS, variables);

  it.each([
    [{ m: ['QUOTA'], d: ['STAGE'] }, 'dimensions', /QUOTA cannot be broken down by STAGE/],
    [{ m: ['QUOTA'], d: ['PRODUCT'] }, 'dimensions', /QUOTA cannot be broken down by PRODUCT/],
    [{ m: ['ATTAINMENT'], d: ['CHANNEL'] }, 'dimensions', /ATTAINMENT cannot be broken down by CHANNEL/],
    [{ m: ['QUOTA'], d: ['WEEK'] }, 'dimensions', /QUOTA cannot be broken down by WEEK/],
    [{ m: ['INTERACTIONS'], d: ['STAGE'] }, 'dimensions', /INTERACTIONS cannot be broken down by STAGE/],
    [{ m: ['LEADS'], d: ['PRODUCT'] }, 'dimensions', /LEADS cannot be broken down by PRODUCT/],
    [{ m: ['LEADS'], f: { stageIds: ['1'] } }, 'filter.stageIds', /LEADS cannot be filtered by STAGE/],
    [{ m: ['REVENUE_WON'], d: ['TEAM', 'MEMBER', 'CHANNEL', 'PRODUCT'] }, 'dimensions', /at most 3 dimensions/],
    [{ m: ['REVENUE_WON'], d: ['MONTH', 'YEAR'] }, 'dimensions', /one time dimension/],
    [{ m: ['REVENUE_WON', 'REVENUE_WON'] }, 'measures', /twice/],
    [{ m: [] }, 'measures', /at least one/],
    [{ m: ['REVENUE_WON'], l: 10_001 }, 'limit', /1 to 10000/],
    [{ m: ['REVENUE_WON'], d: ['TEAM'], s: [{ dimension: 'STAGE' }] }, 'sort[0]', /not among/],
    [{ m: ['REVENUE_WON'], f: { from: '2026-02-01', to: '2026-01-01' } }, 'filter.to', /before it starts/],
    [{ m: ['REVENUE_WON'], f: { teamIds: ['x'] } }, 'filter.teamIds[0]', /not a valid id/],
  ])('refuses %j naming the field', async (variables, field, message) => {
    const error = await expectGraphQLError(run(variables), 'BAD_USER_INPUT', field);
    expect(error.message).toMatch(message);
  });
});
