import type { Knex } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { dropExpiredHistory, ensurePartitions, PARTITIONED_HISTORY, rollPartitions } from './partitions.js';

let server: TestServer;
let knex: Knex;
const rowsBefore = new Map<string, number>();
let staysBefore: string;

const one = async <T>(sql: string, bindings: Knex.RawBinding[] = []): Promise<T> => (await knex.raw(sql, bindings)).rows[0] as T;
const count = async (table: string) => (await one<{ n: number }>(`select count(*)::int as n from "${table}"`)).n;
const staySum = async () => (await one<{ s: string }>('select sum(stay_seconds)::text as s from deal_stage_change')).s;

beforeAll(async () => {
  // The demo is seeded after the server started: its history (two years back) sits in the default partitions.
  server = await startTestServer({ seed: true });
  knex = server.app.orm.em.getConnection().getKnex();
  for (const { table } of PARTITIONED_HISTORY) rowsBefore.set(table, await count(table));
  staysBefore = await staySum();
});
afterAll(() => server?.close());

/** The statements a GraphQL request runs that read `table`, with their parameters. */
async function statementsOf(table: string, request: () => Promise<unknown>): Promise<{ sql: string; bindings: Knex.RawBinding[] }[]> {
  const seen: { sql: string; bindings: Knex.RawBinding[] }[] = [];
  const listen = (query: { sql: string; bindings?: Knex.RawBinding[] }) => seen.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.on('query', listen);
  try {
    await request();
  } finally {
    knex.off('query', listen);
  }
  return seen.filter((s) => new RegExp(`\\b${table}\\b`).test(s.sql));
}

/** The partitions of `table` that running the statement reads (EXPLAIN ANALYZE: pruned ones are absent or never executed). */
async function partitionsRead(table: string, statement: { sql: string; bindings: Knex.RawBinding[] }): Promise<string[]> {
  const sql = statement.sql.replace(/\$(\d+)/g, '?');
  const plan = (await knex.raw(`explain (analyze, costs off, timing off, summary off) ${sql}`, statement.bindings)).rows as {
    'QUERY PLAN': string;
  }[];
  const read = plan
    .map((row) => row['QUERY PLAN'])
    .filter((line) => !line.includes('never executed'))
    .flatMap((line) => line.match(new RegExp(`\\b${table}_(?:p\\d{4}_\\d{2}|default)\\b`, 'g')) ?? []);
  return [...new Set(read)].sort();
}

const monthsOf = (table: string, ...months: string[]) => months.map((m) => `${table}_p${m.replace('-', '_')}`).sort();

/** The first day of the month `offset` months from this one (UTC), as YYYY-MM-DD. */
function monthStart(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}
const dayBefore = (day: string) => new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
const month = (offset: number) => monthStart(offset).slice(0, 7);

describe('history partitions', () => {
  it('roll forward: each month with rows gets its partition, the rows move out of the default one, nothing is lost', async () => {
    const created = await rollPartitions(server.app.orm.em.fork());
    expect(created).toBeGreaterThan(PARTITIONED_HISTORY.length);
    for (const { table } of PARTITIONED_HISTORY) {
      expect(await count(`${table}_default`)).toBe(0);
      expect(await count(table)).toBe(rowsBefore.get(table));
    }
    // The generated stay of each stage change is computed again as the rows move, to the same values.
    expect(await staySum()).toBe(staysBefore);
    expect(await rollPartitions(server.app.orm.em.fork())).toBe(0);
  });

  it('give a row of a month without a partition to the default one, and the next roll its own', async () => {
    await knex.raw(
      `insert into audit_entry (at, request_id, actor_role, operation, arguments, outcome, changes)
       values ('2019-03-15T12:00:00Z', 'partition-test', 'ADMIN', 'createTeam', '{}', 'OK', '[]')`,
    );
    expect(await count('audit_entry_default')).toBe(1);
    expect(await rollPartitions(server.app.orm.em.fork())).toBe(1);
    expect(await count('audit_entry_p2019_03')).toBe(1);
    expect(await count('audit_entry_default')).toBe(0);
  });

  it('are created ahead of a bulk write for the months it spans, once', async () => {
    const em = server.app.orm.em.fork();
    const instants = [new Date('2018-05-02T00:00:00Z'), new Date('2018-05-31T23:59:59Z'), new Date('2018-07-01T00:00:00Z')];
    await em.transactional((tx) => ensurePartitions(tx, 'deal_stage_change', instants));
    await em.transactional((tx) => ensurePartitions(tx, 'deal_stage_change', instants));
    const { names } = await one<{ names: string[] }>(
      `select array_agg(relname::text order by relname) as names from pg_class where relkind = 'r' and relname like 'deal_stage_change_p2018%'`,
    );
    expect(names).toEqual(['deal_stage_change_p2018_05', 'deal_stage_change_p2018_07']);
  });

  it('drop the months past retention, with the webhook deliveries of their events, and keep the rest', async () => {
    const events = `insert into domain_event (type, occurred_at, subjects, payload, team_ids, member_ids)
      values ('DEAL_CREATED', ?, '[]', '{}', '{}', '{}') returning id`;
    const old = await one<{ id: number }>(events, ['2018-01-10T00:00:00Z']);
    const recent = await one<{ id: number }>(events, [new Date().toISOString()]);
    const { id: webhook } = await one<{ id: number }>(
      `insert into webhook (url, event_types, secret) values ('https://hooks.example/x', '{DEAL_CREATED}', 's') returning id`,
    );
    await knex.raw(`insert into webhook_delivery (webhook_id, event_id) values (?, ?), (?, ?) on conflict do nothing`, [
      webhook,
      old.id,
      webhook,
      recent.id,
    ]);
    await rollPartitions(server.app.orm.em.fork());
    const auditBefore = await count('audit_entry');

    const dropped = await dropExpiredHistory(server.app.orm.em.fork(), { eventMonths: 24, auditMonths: 0 });
    expect(dropped).toContain('domain_event_p2018_01');
    expect(dropped.every((name) => name.startsWith('domain_event_p') && name.slice(-7).replace('_', '-') < month(-24))).toBe(true);
    expect(await one(`select to_regclass('domain_event_p2018_01') as t`)).toEqual({ t: null });
    const deliveries = await knex.raw(`select event_id from webhook_delivery where webhook_id = ? order by 1`, [webhook]);
    expect(deliveries.rows.map((r: { event_id: number }) => r.event_id)).toEqual([recent.id]);
    expect(await count('audit_entry')).toBe(auditBefore);
    expect(await dropExpiredHistory(server.app.orm.em.fork(), { eventMonths: 24, auditMonths: 0 })).toEqual([]);
  });

  it("the funnel of three months reads only those months' stage-change partitions", async () => {
    const admin = server.client();
    const query = `query($f: FunnelFilter!) { funnel(filter: $f) { deals stages { medianDaysInStage } } }`;
    const window = { from: monthStart(-4), to: dayBefore(monthStart(-1)) };
    const expected = monthsOf('deal_stage_change', month(-4), month(-3), month(-2));
    const statements = await statementsOf('deal_stage_change', () => admin.request(query, { f: window }));
    expect(statements).toHaveLength(1);
    expect(await partitionsRead('deal_stage_change', statements[0])).toEqual(expected);
    // With a team, the stays are read per team and stage: the same pruning.
    const { id } = await one<{ id: number }>('select id from team where parent_id is null order by id limit 1');
    const byTeam = await statementsOf('deal_stage_change', () => admin.request(query, { f: { ...window, teamId: String(id) } }));
    expect(byTeam).toHaveLength(1);
    expect(await partitionsRead('deal_stage_change', byTeam[0])).toEqual(expected);
  });

  it('the activities leaderboard of a month reads only the interaction partitions of that month and the one before', async () => {
    // The board ranks the month and, for each member's previous rank, the month before.
    const period = await one<{ id: number; start: string; before: string }>(
      `select id, to_char(start_date, 'YYYY-MM') as start, to_char(start_date - interval '1 month', 'YYYY-MM') as before from period where kind = 'MONTH' and end_date < current_date order by start_date desc limit 1`,
    );
    const { id: teamId } = await one<{ id: number }>('select id from team where parent_id is null order by id limit 1');
    const statements = await statementsOf('interaction', () =>
      server
        .client()
        .request(`query($t: ID!, $p: ID!) { leaderboard(teamId: $t, periodId: $p, metric: ACTIVITIES) { entries { value } } }`, {
          t: String(teamId),
          p: String(period.id),
        }),
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements)
      expect(await partitionsRead('interaction', statement)).toEqual(monthsOf('interaction', period.before, period.start));
  });

  it("an analyst's interactions of a month, by member, read only that month's interaction partition", async () => {
    const statements = await statementsOf('interaction', () =>
      server
        .client()
        .request(
          `query($f: MetricsFilterInput) { salesMetrics(measures: [INTERACTIONS], dimensions: [MEMBER], filter: $f) { totalRows } }`,
          {
            f: { from: monthStart(-2), to: dayBefore(monthStart(-1)) },
          },
        ),
    );
    expect(statements).toHaveLength(1);
    expect(await partitionsRead('interaction', statements[0])).toEqual(monthsOf('interaction', month(-2)));
  });

  it('the audit log of a month and the events since an instant read only the partitions of those months', async () => {
    const admin = server.client();
    const audit = await statementsOf('audit_entry', () =>
      admin.request(`query($f: AuditLogFilter) { auditLog(filter: $f) { totalCount nodes { id } } }`, {
        f: { since: `${monthStart(0)}T00:00:00Z`, until: `${monthStart(1)}T00:00:00Z` },
      }),
    );
    expect(audit.length).toBeGreaterThan(0);
    for (const statement of audit) expect(await partitionsRead('audit_entry', statement)).toEqual(monthsOf('audit_entry', month(0)));

    const events = await statementsOf('domain_event', () =>
      admin.request(`query($f: EventFilter) { events(filter: $f, first: 5) { nodes { id } } }`, {
        f: { since: `${monthStart(2)}T00:00:00Z` },
      }),
    );
    expect(events.length).toBeGreaterThan(0);
    // From the month asked to the last one made ahead, and the default one, which takes any row beyond them.
    const later = [...monthsOf('domain_event', month(2), month(3)), 'domain_event_default'].sort();
    for (const statement of events) expect(await partitionsRead('domain_event', statement)).toEqual(later);
  });
});
