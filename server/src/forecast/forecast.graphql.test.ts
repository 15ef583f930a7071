import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberRole, TeamKind } from '../org/enums.js';
import { createMember } from '../org/member.service.js';
import { createTeam } from '../org/team.service.js';
import { insertStages, type TestStages } from '../testing/goals-fixtures.js';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';
import { isoWeekMonday, takeSnapshot } from './snapshot.service.js';

/**
 * The forecast call over a three-level tree built here (figures below computed by hand):
 *
 *   Region R (manager mR: deal D10)
 *   ├── A (manager mA; reps a1: D1–D4, D11; a2: D5, D6)   A submits: roll-up 160 000 − 10 000 = 150 000
 *   └── B (manager mB; rep b1: D7–D9)                      B does not submit: its call is its roll-up
 *
 * Period Q = 2030-01-01 … 2030-03-31; a1 and b1 submit, a2 does not (counts closed + commit).
 */

let server: TestServer;
let stages: TestStages;
const ids = {} as Record<string, number>;
let periodQ: string;
let periodPast: string;
let tag = 0;

const sql = <T>(query: string, params: unknown[] = []) => server.app.orm.em.fork().getConnection().execute<T[]>(query, params);
const admin = () => server.client('ADMIN');
const as = (role: 'MANAGER' | 'REP', key: string) => server.client(`${role}:${ids[key]}`);

async function buildTree(em: EntityManager, prefix: string, parentId?: number) {
  tag += 1;
  const team = async (name: string, parent?: number) =>
    (await createTeam(em, { name: `${prefix}${name}`, kind: TeamKind.GEOGRAPHIC, parentId: parent })).id;
  const member = async (key: string, role: MemberRole, teamId: number) => {
    const m = await createMember(em, {
      fullName: `${prefix}${key}`,
      email: `${key}.${tag}@forecast.test`,
      role,
      teamId,
      hireDate: '2020-01-01',
    });
    return m.id;
  };
  const R = await team('Регион', parentId);
  const A = await team('Команда A', R);
  const B = await team('Команда B', R);
  const people = {
    mR: await member('mR', MemberRole.MANAGER, R),
    mA: await member('mA', MemberRole.MANAGER, A),
    a1: await member('a1', MemberRole.REP, A),
    a2: await member('a2', MemberRole.REP, A),
    mB: await member('mB', MemberRole.MANAGER, B),
    b1: await member('b1', MemberRole.REP, B),
  };
  await em.flush();
  for (const [teamId, managerId] of [
    [R, people.mR],
    [A, people.mA],
    [B, people.mB],
  ])
    await em.execute('update team set manager_id = ? where id = ?', [managerId, teamId]);
  return { R, A, B, ...people };
}

let context: { customer: number; channel: number };
async function addDeal(owner: number, team: number, stage: number, status: string, amount: string, date: string): Promise<number> {
  const closed = status !== 'OPEN';
  const [row] = await sql<{ id: number }>(
    `insert into deal (title, owner_id, team_id, stage_id, furthest_stage_id, status, amount, expected_close_date, close_date, account_id, channel_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [`Прогноз ${amount}`, owner, team, stage, stage, status, amount, date, closed ? date : null, context.customer, context.channel],
  );
  return row.id;
}

/** An answer, read only through expect(). */
type Data = Record<string, Record<string, unknown>>;
interface Line {
  ownerKind: string;
  member: { id: string; fullName: string } | null;
  team: { id: string } | null;
  quota: string | null;
  call: string | null;
  gapToQuota: string | null;
  system: Record<string, unknown> & { commit: string };
  submission: { commit: string } | null;
}
type Rollup = Record<string, unknown> & { lines: Line[]; system: unknown };

const ROLLUP = `query($t: ID!, $p: ID!, $d: Date) {
  forecastRollup(teamId: $t, periodId: $p, asOf: $d) {
    team { id } period { id } quota asOf call gapToQuota rolledUpCommit rolledUpBestCase
    system { closed commit bestCase pipeline omitted slipped slippedDeals }
    submission { id commit adjustment note }
    lines {
      ownerKind member { id fullName } team { id name } quota call gapToQuota
      system { closed commit bestCase pipeline omitted slipped slippedDeals }
      submission { id ownerKind commit bestCase rolledUpCommit rolledUpBestCase adjustment note submittedBy { id } period { id } }
    }
  }
}`;
const SUBMIT = `mutation($i: SubmitForecastInput!) { submitForecast(input: $i) { id ownerKind commit bestCase rolledUpCommit rolledUpBestCase adjustment note member { id } team { id } submittedBy { id } } }`;

beforeAll(async () => {
  server = await startTestServer();
  const em = server.app.orm.em.fork();
  stages = await insertStages(em);
  Object.assign(ids, await buildTree(em, 'Прогноз '));
  const [channel] = await em.execute<{ id: number }[]>(
    `insert into channel (code, name_en, name_ru) values ('FC', 'Forecast', 'Прогноз') returning id`,
  );
  const [customer] = await em.execute<{ id: number }[]>(
    `insert into customer (name, industry, region, size, owner_id, lifecycle_stage) values ('ООО «Прогноз»', 'Розница', 'Москва', 'MEDIUM', ?, 'CUSTOMER') returning id`,
    [ids.a1],
  );
  context = { customer: customer.id, channel: channel.id };
  const { open, won, lost } = stages;
  ids.D1 = await addDeal(ids.a1, ids.A, open.p70, 'OPEN', '100000.00', '2030-02-10');
  ids.D2 = await addDeal(ids.a1, ids.A, open.p40, 'OPEN', '50000.00', '2030-03-01');
  ids.D3 = await addDeal(ids.a1, ids.A, won, 'WON', '30000.00', '2030-01-20');
  ids.D4 = await addDeal(ids.a1, ids.A, open.p10, 'OPEN', '20000.00', '2029-12-15');
  ids.D11 = await addDeal(ids.a1, ids.A, lost, 'LOST', '9999.00', '2030-01-10');
  ids.D5 = await addDeal(ids.a2, ids.A, open.p90, 'OPEN', '40000.00', '2030-03-20');
  ids.D6 = await addDeal(ids.a2, ids.A, open.p3999, 'OPEN', '10000.00', '2030-02-01');
  ids.D7 = await addDeal(ids.b1, ids.B, open.p6999, 'OPEN', '60000.00', '2030-01-31');
  ids.D8 = await addDeal(ids.b1, ids.B, won, 'WON', '25000.00', '2030-02-28');
  ids.D9 = await addDeal(ids.b1, ids.B, open.p70, 'OPEN', '15000.00', '2030-04-05');
  ids.D10 = await addDeal(ids.mR, ids.R, open.p70, 'OPEN', '5000.00', '2030-03-31');
  const period = async (startDate: string, endDate: string) =>
    (
      await admin().request<{ createPeriod: { id: string } }>(
        `mutation($s: Date!, $e: Date!) { createPeriod(input: { kind: QUARTER, startDate: $s, endDate: $e }) { id } }`,
        { s: startDate, e: endDate },
      )
    ).createPeriod.id;
  periodQ = await period('2030-01-01', '2030-03-31');
  periodPast = await period('2025-07-01', '2025-09-30');
  const quota = (teamId: number, target: string) =>
    admin().request(`mutation($i: SetQuotaInput!) { setQuota(input: $i) { id } }`, {
      i: { teamId: String(teamId), periodId: periodQ, metric: 'REVENUE', target },
    });
  await quota(ids.R, '300000.00');
  await quota(ids.A, '200000.00');
}, 120_000);
afterAll(() => server?.close());

describe('deal forecast categories', () => {
  it('derives the category from the stage probability and honours an override set by the owner, audited', async () => {
    const read = `query($id: ID!) { deal(id: $id) { version forecastCategory forecastCategoryOverride { category reason setBy { id } setAt } } }`;
    const before = await admin().request<{ deal: { version: number } & Data[string] }>(read, { id: String(ids.D6) });
    expect(before.deal.forecastCategory).toBe('PIPELINE');
    expect(before.deal.forecastCategoryOverride).toBeNull();
    const { setDealForecastCategory: set } = await as('REP', 'a2').request<Data>(
      `mutation($d: ID!, $r: String) { setDealForecastCategory(dealId: $d, category: OMITTED, reason: $r) { version forecastCategory forecastCategoryOverride { category reason setBy { id } } } }`,
      { d: String(ids.D6), r: '  Клиент заморозил бюджет  ' },
    );
    expect(set).toEqual({
      version: before.deal.version + 1,
      forecastCategory: 'OMITTED',
      forecastCategoryOverride: { category: 'OMITTED', reason: 'Клиент заморозил бюджет', setBy: { id: String(ids.a2) } },
    });
    const [entry] = await sql<{ changes: { entity: string; after: Record<string, unknown> }[] }>(
      `select changes from audit_entry where operation = 'setDealForecastCategory' and outcome = 'OK' order by id desc limit 1`,
    );
    expect(entry.changes[0]).toMatchObject({ entity: 'Deal', after: { forecastCategoryOverride: 'OMITTED' } });
    const won = await admin().request<Data>(read, { id: String(ids.D3) });
    expect(won.deal.forecastCategory).toBeNull();
  });

  it('classifies the attainment forecast by the same categories as the forecast call: an OMITTED deal leaves it', async () => {
    type Figures = { forecast: Record<string, unknown> };
    const { member, team, forecastRollup } = await admin().request<{
      member: { attainment: Figures };
      team: { attainment: Figures };
      forecastRollup: { system: Record<string, unknown> };
    }>(
      `query($m: ID!, $t: ID!, $p: ID!) {
        member(id: $m) { attainment(periodId: $p, asOf: "2030-02-14") { forecast { commit bestCase pipeline weighted openDeals } } }
        team(id: $t) { attainment(periodId: $p, asOf: "2030-02-14") { forecast { commit bestCase pipeline } } }
        forecastRollup(teamId: $t, periodId: $p, asOf: "2030-02-14") { system { commit bestCase pipeline } }
      }`,
      { m: String(ids.a2), t: String(ids.A), p: periodQ },
    );
    // a2: D5 40 000.00 at 90 % is COMMIT; D6 10 000.00 at 39.99 % would be PIPELINE but is OMITTED (above)
    expect(member.attainment.forecast).toEqual({
      commit: '40000.00',
      bestCase: '0.00',
      pipeline: '0.00',
      weighted: '36000.00',
      openDeals: 1,
    });
    expect(team.attainment.forecast).toEqual(forecastRollup.system);
  });

  it('clears an override with category null, and refuses bad input without changing the deal', async () => {
    const mutate = `mutation($d: ID!, $c: ForecastCategory, $r: String) { setDealForecastCategory(dealId: $d, category: $c, reason: $r) { forecastCategory forecastCategoryOverride { category } } }`;
    await as('REP', 'a1').request(mutate, { d: String(ids.D2), c: 'COMMIT', r: 'Подписан протокол' });
    const cleared = await as('REP', 'a1').request<Data>(mutate, { d: String(ids.D2), c: null });
    expect(cleared.setDealForecastCategory).toEqual({ forecastCategory: 'BEST_CASE', forecastCategoryOverride: null });
    const [{ version }] = await sql<{ version: number }>('select version from deal where id = ?', [ids.D2]);
    const noReason = await expectGraphQLError(
      as('REP', 'a1').request(mutate, { d: String(ids.D2), c: 'COMMIT', r: '   ' }),
      'BAD_USER_INPUT',
      'reason',
    );
    expect(noReason.extensions?.rule).toBe('required');
    const long = await expectGraphQLError(
      as('REP', 'a1').request(mutate, { d: String(ids.D2), c: 'COMMIT', r: 'я'.repeat(501) }),
      'BAD_USER_INPUT',
      'reason',
    );
    expect(long.extensions?.rule).toBe('max-length');
    const closed = await expectGraphQLError(
      as('REP', 'a1').request(mutate, { d: String(ids.D3), c: 'COMMIT', r: 'Причина' }),
      'CONFLICT',
      'dealId',
    );
    expect(closed.extensions?.rule).toBe('deal-closed');
    await expectGraphQLError(as('REP', 'b1').request(mutate, { d: String(ids.D2), c: 'COMMIT', r: 'Чужая' }), 'FORBIDDEN');
    const [after] = await sql<{ version: number; forecast_category_override: string | null }>(
      'select version, forecast_category_override from deal where id = ?',
      [ids.D2],
    );
    expect(after).toEqual({ version, forecast_category_override: null });
  });
});

describe('submitting and rolling up', () => {
  it('records member calls and a team call computed from the roll-up with the manager adjustment', async () => {
    const a1 = await as('REP', 'a1').request<Data>(SUBMIT, {
      i: { periodId: periodQ, memberId: String(ids.a1), commit: '120000', bestCase: '170000.00' },
    });
    expect(a1.submitForecast).toMatchObject({
      ownerKind: 'MEMBER',
      commit: '120000.00',
      bestCase: '170000.00',
      rolledUpCommit: null,
      adjustment: null,
    });
    await as('REP', 'b1').request(SUBMIT, { i: { periodId: periodQ, memberId: String(ids.b1), commit: '80000.00', bestCase: '90000.00' } });
    // A: a1 120 000 (called) + a2 40 000 (not called: closed 0 + commit 40 000) + mA 0 = 160 000; best case 170 000 + 40 000 = 210 000.
    const team = await as('MANAGER', 'mA').request<Data>(SUBMIT, {
      i: { periodId: periodQ, teamId: String(ids.A), adjustment: '-10000.00', note: 'a2: D5 под угрозой' },
    });
    expect(team.submitForecast).toEqual({
      id: expect.any(String),
      ownerKind: 'TEAM',
      commit: '150000.00',
      bestCase: '210000.00',
      rolledUpCommit: '160000.00',
      rolledUpBestCase: '210000.00',
      adjustment: '-10000.00',
      note: 'a2: D5 под угрозой',
      member: null,
      team: { id: String(ids.A) },
      submittedBy: { id: String(ids.mA) },
    });
  });

  it('rolls the region up over the three levels, the child team B by its own roll-up', async () => {
    const { forecastRollup: r } = await as('MANAGER', 'mR').request<{ forecastRollup: Rollup }>(ROLLUP, {
      t: String(ids.R),
      p: periodQ,
      d: '2030-02-15',
    });
    expect(r).toMatchObject({
      team: { id: String(ids.R) },
      quota: '300000.00',
      asOf: '2030-02-15',
      // mR 5 000 (closed 0 + commit 5 000) + A 150 000 (submitted) + B 80 000 (b1's call + mB 0)
      rolledUpCommit: '235000.00',
      rolledUpBestCase: '305000.00',
      call: '235000.00',
      gapToQuota: '65000.00',
      submission: null,
      // D3 + D8 won; D1 + D5 + D10 commit; D2 + D7 best case; D6 omitted by override; D4 slipped; D9 after the period
      system: {
        closed: '55000.00',
        commit: '145000.00',
        bestCase: '110000.00',
        pipeline: '0.00',
        omitted: '10000.00',
        slipped: '20000.00',
        slippedDeals: 1,
      },
    });
    expect(r.lines.map((l) => [l.ownerKind, l.member?.id ?? l.team?.id, l.call, l.quota, l.gapToQuota])).toEqual([
      ['MEMBER', String(ids.mR), null, null, null],
      ['TEAM', String(ids.A), '150000.00', '200000.00', '50000.00'],
      ['TEAM', String(ids.B), '80000.00', null, null],
    ]);
    const [mR, A, B] = r.lines;
    expect(mR.system).toMatchObject({ closed: '0.00', commit: '5000.00' });
    expect(A.system).toEqual({
      closed: '30000.00',
      commit: '140000.00',
      bestCase: '50000.00',
      pipeline: '0.00',
      omitted: '10000.00',
      slipped: '20000.00',
      slippedDeals: 1,
    });
    expect(A.submission).toMatchObject({
      ownerKind: 'TEAM',
      commit: '150000.00',
      rolledUpCommit: '160000.00',
      adjustment: '-10000.00',
      note: 'a2: D5 под угрозой',
    });
    expect(B.submission).toBeNull();
    expect(B.system).toEqual({
      closed: '25000.00',
      commit: '0.00',
      bestCase: '60000.00',
      pipeline: '0.00',
      omitted: '0.00',
      slipped: '0.00',
      slippedDeals: 0,
    });
  });

  it('shows the submitted calls beside the system figures of each member, by name', async () => {
    const { forecastRollup: a } = await as('MANAGER', 'mA').request<{ forecastRollup: Rollup }>(ROLLUP, {
      t: String(ids.A),
      p: periodQ,
      d: '2030-02-15',
    });
    expect(a.lines.map((l) => [l.member?.fullName, l.call, l.submission?.commit ?? null, l.system.commit])).toEqual([
      ['Прогноз a1', '120000.00', '120000.00', '100000.00'],
      ['Прогноз a2', null, null, '40000.00'],
      ['Прогноз mA', null, null, '0.00'],
    ]);
    expect(a).toMatchObject({ rolledUpCommit: '160000.00', call: '150000.00', quota: '200000.00', gapToQuota: '50000.00' });
  });

  it('leaves out submissions made after asOf and slipped deals when asOf is outside the period', async () => {
    const { forecastRollup: r } = await as('MANAGER', 'mR').request<{ forecastRollup: Rollup }>(ROLLUP, {
      t: String(ids.R),
      p: periodQ,
      d: '2026-11-30',
    });
    // Nobody had called: mR 5 000 + A (a1 30 000 + 100 000, a2 40 000) + B (b1 25 000 + 0) = 200 000.
    expect(r).toMatchObject({ rolledUpCommit: '200000.00', call: '200000.00', submission: null });
    expect(r.system).toMatchObject({ slipped: '0.00', slippedDeals: 0 });
    expect(r.lines.every((l) => l.submission === null)).toBe(true);
  });

  it('pages the history of calls newest first', async () => {
    await as('REP', 'a1').request(SUBMIT, {
      i: { periodId: periodQ, memberId: String(ids.a1), commit: '125000.00', bestCase: '170000.00' },
    });
    const list = `query($p: ID!, $m: ID, $a: String) { forecastSubmissions(periodId: $p, memberId: $m, first: 1, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { commit } } }`;
    const first = await as('REP', 'a1').request<{ forecastSubmissions: { pageInfo: { endCursor: string } } & Data[string] }>(list, {
      p: periodQ,
      m: String(ids.a1),
    });
    expect(first.forecastSubmissions).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, nodes: [{ commit: '125000.00' }] });
    const second = await as('REP', 'a1').request<Data>(list, {
      p: periodQ,
      m: String(ids.a1),
      a: first.forecastSubmissions.pageInfo.endCursor,
    });
    expect(second.forecastSubmissions).toMatchObject({ pageInfo: { hasNextPage: false }, nodes: [{ commit: '120000.00' }] });
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, 'A' | 'a1', string, string][] = [
    ['commit above best case', { commit: '10.00', bestCase: '9.99' }, 'a1', 'bestCase', 'commit-above-best-case'],
    ['no best case', { commit: '10.00' }, 'a1', 'bestCase', 'required'],
    ['three decimals', { commit: '10.001', bestCase: '20.00' }, 'a1', 'commit', 'two-decimals'],
    ['a negative commit', { commit: '-1.00', bestCase: '20.00' }, 'a1', 'commit', 'non-negative'],
    ['an adjustment from a member', { commit: '1.00', bestCase: '2.00', adjustment: '5.00' }, 'a1', 'adjustment', 'call-fields'],
    ['a commit from a team', { commit: '1.00', adjustment: '0' }, 'A', 'commit', 'call-fields'],
    ['no adjustment from a team', {}, 'A', 'adjustment', 'required'],
    ['an adjustment without a note', { adjustment: '100.00', note: '  ' }, 'A', 'note', 'adjustment-note'],
    ['an adjustment below zero', { adjustment: '-999999.99', note: 'Всё пропало' }, 'A', 'adjustment', 'non-negative'],
    ['a best case below the commit', { adjustment: '60000.00', note: 'Оптимизм' }, 'A', 'bestCaseAdjustment', 'commit-above-best-case'],
  ];
  for (const [name, fields, owner, field, rule] of cases) {
    it(`refuses ${name} (${rule}) and records nothing`, async () => {
      const [{ count }] = await sql<{ count: string }>('select count(*) from forecast_submission');
      const input = { periodId: periodQ, ...(owner === 'A' ? { teamId: String(ids.A) } : { memberId: String(ids.a1) }), ...fields };
      const error = await expectGraphQLError(admin().request(SUBMIT, { i: input }), 'BAD_USER_INPUT', field);
      expect(error.extensions?.rule).toBe(rule);
      expect((await sql<{ count: string }>('select count(*) from forecast_submission'))[0].count).toBe(count);
    });
  }

  it('refuses two owners at once', async () => {
    const input = { periodId: periodQ, memberId: String(ids.a1), teamId: String(ids.A), commit: '1.00', bestCase: '1.00' };
    const error = await expectGraphQLError(admin().request(SUBMIT, { i: input }), 'BAD_USER_INPUT');
    expect(error.extensions?.rule).toBe('one-owner');
  });
});

describe('who may submit and read', () => {
  it('refuses a rep submitting for someone else or for the team, and a manager for another subtree', async () => {
    const [{ count }] = await sql<{ count: string }>('select count(*) from forecast_submission');
    await expectGraphQLError(
      as('REP', 'a1').request(SUBMIT, { i: { periodId: periodQ, memberId: String(ids.a2), commit: '1.00', bestCase: '1.00' } }),
      'FORBIDDEN',
    );
    await expectGraphQLError(
      as('REP', 'a1').request(SUBMIT, { i: { periodId: periodQ, teamId: String(ids.A), adjustment: '0' } }),
      'FORBIDDEN',
    );
    await expectGraphQLError(
      as('MANAGER', 'mB').request(SUBMIT, { i: { periodId: periodQ, teamId: String(ids.A), adjustment: '0' } }),
      'FORBIDDEN',
    );
    expect((await sql<{ count: string }>('select count(*) from forecast_submission'))[0].count).toBe(count);
  });

  it('refuses reading another subtree or another member', async () => {
    await expectGraphQLError(as('MANAGER', 'mB').request(ROLLUP, { t: String(ids.A), p: periodQ }), 'FORBIDDEN');
    await expectGraphQLError(as('REP', 'a1').request(ROLLUP, { t: String(ids.A), p: periodQ }), 'FORBIDDEN');
    await expectGraphQLError(
      as('REP', 'a1').request(`query($p: ID!, $m: ID) { forecastSubmissions(periodId: $p, memberId: $m) { totalCount } }`, {
        p: periodQ,
        m: String(ids.a2),
      }),
      'FORBIDDEN',
    );
    const all = await as('REP', 'b1').request<Data>(
      `query($p: ID!) { forecastSubmissions(periodId: $p) { nodes { member { id } team { id } } } }`,
      { p: periodQ },
    );
    expect(all.forecastSubmissions.nodes).toEqual([{ member: { id: String(ids.b1) }, team: null }]);
  });
});

describe('accuracy', () => {
  it('compares the last call made by the end of a closed period with what was won', async () => {
    await addDeal(ids.a1, ids.A, stages.won, 'WON', '45000.00', '2025-08-15');
    await addDeal(ids.a1, ids.A, stages.won, 'WON', '15000.00', '2025-09-30');
    for (const [commit, at] of [
      ['50000.00', '2025-07-01T09:00:00Z'],
      ['48000.00', '2025-09-30T20:00:00Z'],
      ['99999.00', '2025-10-01T00:00:00Z'],
    ])
      await sql(`insert into forecast_submission (member_id, period_id, commit, best_case, submitted_at) values (?, ?, ?, ?, ?)`, [
        ids.a1,
        periodPast,
        commit,
        '100000.00',
        at,
      ]);
    const query = `query($p: ID!, $m: ID, $t: ID) { forecastAccuracy(periodId: $p, memberId: $m, teamId: $t) { ownerKind actual ratio error periodClosed submission { commit } } }`;
    const member = await as('REP', 'a1').request<Data>(query, { p: periodPast, m: String(ids.a1) });
    // 60 000 won against a call of 48 000: ratio 60 000 / 48 000, error |60 000 − 48 000| / 60 000.
    expect(member.forecastAccuracy).toEqual({
      ownerKind: 'MEMBER',
      actual: '60000.00',
      ratio: '1.2500',
      error: '0.2000',
      periodClosed: true,
      submission: { commit: '48000.00' },
    });
    const team = await as('MANAGER', 'mA').request<Data>(query, { p: periodPast, t: String(ids.A) });
    expect(team.forecastAccuracy).toEqual({
      ownerKind: 'TEAM',
      actual: '60000.00',
      ratio: null,
      error: null,
      periodClosed: true,
      submission: null,
    });
    const open = await as('REP', 'a1').request<Data>(query, { p: periodQ, m: String(ids.a1) });
    expect(open.forecastAccuracy).toEqual({
      ownerKind: 'MEMBER',
      actual: '30000.00',
      ratio: '0.2400',
      error: null,
      periodClosed: false,
      submission: { commit: '125000.00' },
    });
  });
});

describe('weekly snapshots and slippage', () => {
  const TAKE = `mutation { takeForecastSnapshot { id week deals takenAt } }`;

  it('takes one snapshot per ISO week: taking it again refreshes the same one; the weekly job leaves it alone', async () => {
    const first = (await admin().request<Data>(TAKE)).takeForecastSnapshot;
    const [{ open }] = await sql<{ open: string }>(`select count(*) as open from deal where status = 'OPEN'`);
    expect(first).toMatchObject({ week: isoWeekMonday(new Date()), deals: Number(open) });
    const second = (await admin().request<Data>(TAKE)).takeForecastSnapshot;
    expect(second).toMatchObject({ id: first.id, week: first.week, deals: Number(open) });
    const em = server.app.orm.em.fork();
    expect(await em.transactional((tx) => takeSnapshot(tx, { refresh: false }))).toBeNull();
    expect(await sql(`select week::text, deals from forecast_snapshot`)).toEqual([{ week: first.week, deals: Number(open) }]);
    expect((await sql<{ n: string }>(`select count(*) as n from forecast_snapshot_line where snapshot_id = ?`, [first.id]))[0].n).toBe(
      open,
    );
    await expectGraphQLError(as('MANAGER', 'mR').request(TAKE), 'FORBIDDEN');
  });

  it('reads the pipeline of a subtree as the snapshot recorded it', async () => {
    const query = `query($t: ID!, $p: ID!, $d: Date!) { pipelineSnapshot(teamId: $t, periodId: $p, asOf: $d) { openDeals snapshot { week } figures { closed commit bestCase pipeline omitted slipped } } }`;
    const today = new Date().toISOString().slice(0, 10);
    const { pipelineSnapshot } = await as('MANAGER', 'mR').request<Data>(query, { t: String(ids.R), p: periodQ, d: today });
    // D1, D2, D5, D6, D7, D10 were open and expected in Q; nothing was won in Q by the snapshot's day.
    expect(pipelineSnapshot).toEqual({
      openDeals: 6,
      snapshot: { week: isoWeekMonday(new Date()) },
      figures: { closed: '0.00', commit: '145000.00', bestCase: '110000.00', pipeline: '0.00', omitted: '10000.00', slipped: '0.00' },
    });
    expect((await as('MANAGER', 'mR').request<Data>(query, { t: String(ids.R), p: periodQ, d: '2020-01-01' })).pipelineSnapshot).toBeNull();
  });

  it('counts the deals whose close date moved out of the period or later since the snapshot', async () => {
    const move = (id: number, date: string) =>
      admin().request(`mutation($id: ID!, $d: Date!) { updateDeal(id: $id, input: { expectedCloseDate: $d }) { id } }`, {
        id: String(id),
        d: date,
      });
    await move(ids.D1, '2030-04-20'); // out of Q, 69 days later
    await move(ids.D2, '2030-03-11'); // 10 days later, still in Q
    await move(ids.D7, '2030-01-15'); // earlier: not pushed
    const query = `query($t: ID!, $p: ID!, $s: Date!) { closeDateSlippage(teamId: $t, periodId: $p, since: $s) { since slippedOut slippedOutAmount pushedDeals averageDaysPushed } }`;
    const today = new Date().toISOString().slice(0, 10);
    const { closeDateSlippage } = await as('MANAGER', 'mR').request<Data>(query, { t: String(ids.R), p: periodQ, s: today });
    expect(closeDateSlippage).toEqual({
      since: today,
      slippedOut: 1,
      slippedOutAmount: '100000.00',
      pushedDeals: 2,
      averageDaysPushed: '39.50',
    });
    const b = await as('MANAGER', 'mB').request<Data>(query, { t: String(ids.B), p: periodQ, s: today });
    expect(b.closeDateSlippage).toMatchObject({ slippedOut: 0, pushedDeals: 0, averageDaysPushed: null });
    const none = await expectGraphQLError(
      as('MANAGER', 'mR').request(query, { t: String(ids.R), p: periodQ, s: '2199-01-01' }),
      'BAD_USER_INPUT',
      'since',
    );
    expect(none.extensions?.rule).toBe('no-snapshot');
  });
});

describe('cost', () => {
  it('rolls a subtree up in the same number of statements whatever its size', async () => {
    const em = server.app.orm.em.fork();
    const small = await buildTree(em, 'Малый ');
    const period = periodQ;
    const cost = async (teamId: number) => (await measured(server.client('ADMIN'), ROLLUP, { t: String(teamId), p: period })).statements;
    const before = await cost(small.R);
    // Three more levels and twelve more teams under B, each with members and deals.
    let parent = small.B;
    for (let level = 0; level < 3; level += 1) {
      const grown = await buildTree(em, `Уровень ${level} `, parent);
      for (const rep of [grown.a1, grown.a2, grown.b1]) await addDeal(rep, grown.A, stages.open.p70, 'OPEN', '1000.00', '2030-02-02');
      parent = grown.B;
    }
    expect(await cost(small.R)).toBe(before);
    // The team (to check access), then the roll-up with the period and the lines' members and teams.
    expect(before).toBe(2);
  });
});
