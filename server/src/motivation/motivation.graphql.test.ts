import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCurrentPeriods, openDeal, setRevenueQuota, WIN_DEAL, type CurrentPeriods } from '../testing/motivation-fixture.js';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let f: PipelineFixture;
let periods: CurrentPeriods;
let peerId: string;

/** Wins a deal of `ownerId`, moved into the previous month when `previous` (deals cannot be closed in the past through the API). */
async function won(ownerId: string, amount: string, previous = false): Promise<string> {
  const admin = server.client();
  const id = await openDeal(admin, f, ownerId, amount);
  await admin.request(WIN_DEAL, { id });
  if (previous) {
    const { period } = await admin.request<{ period: { startDate: string } }>(`query($id: ID!) { period(id: $id) { startDate } }`, {
      id: periods.previousMonth,
    });
    await server.app.orm.em
      .fork()
      .execute(`update deal set created_at = ?::date, close_date = ?::date where id = ?`, [period.startDate, period.startDate, id]);
  }
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  const admin = server.client();
  f = await buildPipelineFixture(admin);
  periods = await createCurrentPeriods(admin);
  const { createMember } = await admin.request<{ createMember: { id: string } }>(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
    {
      i: { fullName: 'Peer', email: `peer.${Date.now()}@test.example.ru`, role: 'REP', teamId: f.fieldTeamId, hireDate: '2021-01-01' },
    },
  );
  peerId = createMember.id;
  // This month: Rep 500, Subrep 500 (tied), Otherrep 300, Insiderep, Manager and Peer 0. Last month: Otherrep 1000, Rep 200.
  await won(f.repId, '500.00');
  await won(f.subRepId, '500.00');
  await won(f.otherRepId, '300.00');
  await won(f.otherRepId, '1000.00', true);
  await won(f.repId, '200.00', true);
  await setRevenueQuota(admin, { memberId: f.repId }, periods.month, '1000.00');
  await setRevenueQuota(admin, { memberId: f.subRepId }, periods.month, '500.00');
}, 90_000);
afterAll(() => server?.close());

const BOARD = `query($t: ID!, $p: ID!, $m: LeaderboardMetric, $first: Int, $roles: [MemberRole!]) {
  leaderboard(teamId: $t, periodId: $p, metric: $m, first: $first, roles: $roles) {
    metric roles hasResults rankedCount totalCount previousPeriod { id }
    entries { rank value previousRank rankChange member { id fullName } }
  }
}`;

interface Board {
  leaderboard: {
    roles: string[];
    hasResults: boolean;
    rankedCount: number;
    totalCount: number;
    previousPeriod: { id: string } | null;
    entries: {
      rank: number | null;
      value: string;
      previousRank: number | null;
      rankChange: number | null;
      member: { id: string; fullName: string };
    }[];
  };
}

/** The day after a period ends: its last day is under way until then, so KPIs are MISSED only from it. */
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const rowsOf = (data: Board) => data.leaderboard.entries.map((e) => [e.member.fullName, e.rank, e.value, e.previousRank, e.rankChange]);

describe('leaderboard', () => {
  it('ranks reps with a result by competition rank, then lists those without one unranked, with changes against the previous month', async () => {
    const { data, statements } = await measured<Board>(server.client(), BOARD, { t: f.rootTeamId, p: periods.month, m: 'REVENUE' });
    // Last month: Otherrep 1000 (rank 1), Rep 200 (rank 2), the others 0 (no rank). The manager is not a rep.
    expect(rowsOf(data)).toEqual([
      ['Rep', 1, '500.00', 2, 1],
      ['Subrep', 1, '500.00', null, null],
      ['Otherrep', 3, '300.00', 1, -2],
      ['Insiderep', null, '0.00', null, null],
      ['Peer', null, '0.00', null, null],
    ]);
    expect(data.leaderboard).toMatchObject({
      roles: ['REP'],
      hasResults: true,
      rankedCount: 3,
      totalCount: 5,
      previousPeriod: { id: periods.previousMonth },
    });
    expect(statements).toBeLessThanOrEqual(7);
  });

  it('ranks managers only when asked for', async () => {
    const { data } = await measured<Board>(server.client(), BOARD, {
      t: f.rootTeamId,
      p: periods.month,
      m: 'REVENUE',
      roles: ['MANAGER', 'REP'],
    });
    expect(data.leaderboard.entries.map((e) => [e.member.fullName, e.rank])).toEqual([
      ['Rep', 1],
      ['Subrep', 1],
      ['Otherrep', 3],
      ['Insiderep', null],
      ['Manager', null],
      ['Peer', null],
    ]);
    expect(data.leaderboard).toMatchObject({ roles: ['MANAGER', 'REP'], rankedCount: 3, totalCount: 6 });
    const managers = await server.client().request<Board>(BOARD, { t: f.rootTeamId, p: periods.month, m: 'REVENUE', roles: ['MANAGER'] });
    expect(managers.leaderboard).toMatchObject({ hasResults: false, rankedCount: 0, totalCount: 0, entries: [] });
  });

  it('cuts the list at `first`, counts every member on the board, and keeps the statement count', async () => {
    const { data, statements } = await measured<Board>(server.client(), BOARD, {
      t: f.rootTeamId,
      p: periods.month,
      m: 'DEALS_WON',
      first: 2,
    });
    expect(data.leaderboard.entries.map((e) => [e.member.fullName, e.rank, e.value])).toEqual([
      ['Otherrep', 1, '1'],
      ['Rep', 1, '1'],
    ]);
    expect(data.leaderboard).toMatchObject({ rankedCount: 3, totalCount: 5 });
    expect(statements).toBeLessThanOrEqual(7);
  });

  it('ranks attainment among members with a quota only, a subtree only, with no previous rank without a quota then', async () => {
    const { data } = await measured<Board>(server.client(), BOARD, { t: f.fieldTeamId, p: periods.month });
    expect(data.leaderboard.entries.map((e) => [e.member.fullName, e.rank, e.value, e.rankChange])).toEqual([
      ['Subrep', 1, '1.0000', null],
      ['Rep', 2, '0.5000', null],
    ]);
  });

  it('says so when nobody has a result yet instead of ranking everybody first', async () => {
    // Last month nobody had a quota (ATTAINMENT), and nobody in the sub-team (Subrep) won a deal then.
    for (const [m, t] of [
      ['ATTAINMENT', f.rootTeamId],
      ['DEALS_WON', f.subTeamId],
    ]) {
      const { data } = await measured<Board>(server.client(), BOARD, { t, p: periods.previousMonth, m });
      expect(data.leaderboard).toMatchObject({ hasResults: false, rankedCount: 0, totalCount: 0, entries: [] });
    }
  });

  it('is on the team card: a rep reads their own team, not another one', async () => {
    const rep = server.client(`REP:${f.repId}`);
    await rep.request(BOARD, { t: f.fieldTeamId, p: periods.month });
    await expectGraphQLError(rep.request(BOARD, { t: f.otherTeamId, p: periods.month }), 'FORBIDDEN');
    await expectGraphQLError(rep.request(BOARD, { t: f.fieldTeamId, p: periods.month, first: 0 }), 'BAD_USER_INPUT', 'first');
    await expectGraphQLError(rep.request(BOARD, { t: f.fieldTeamId, p: periods.month, roles: [] }), 'BAD_USER_INPUT', 'roles');
  });
});

const GIVE = `mutation($i: GiveFeedbackInput!) { giveFeedback(input: $i) { id kind text acknowledgedAt author { id } member { id } dealId } }`;
const ACK = `mutation($id: ID!) { acknowledgeFeedback(id: $id) { id acknowledgedAt } }`;
const FEEDBACK_OF = `query($id: ID!) { member(id: $id) { feedback { id kind text } } }`;
const RECOGNISE = `mutation($i: GiveRecognitionInput!) { giveRecognition(input: $i) { id reason reward givenBy { id } } }`;

describe('feedback', () => {
  let feedbackId: string;

  it('is given by the managers above the member, about one of their deals, never to oneself', async () => {
    const manager = server.client(`MANAGER:${f.managerId}`);
    const { rows } = {
      rows: await server.app.orm.em
        .fork()
        .execute<{ id: number }[]>('select id from deal where owner_id = ? order by id limit 1', [f.repId]),
    };
    const { giveFeedback } = await manager.request<{ giveFeedback: { id: string; author: { id: string }; dealId: string } }>(GIVE, {
      i: {
        memberId: f.repId,
        kind: 'IMPROVEMENT',
        text: 'Чаще фиксируй следующие шаги по сделке',
        dealId: String(rows[0].id),
        kpi: 'WIN_RATE',
      },
    });
    expect(giveFeedback).toMatchObject({ author: { id: f.managerId }, dealId: String(rows[0].id) });
    feedbackId = giveFeedback.id;
    await expectGraphQLError(manager.request(GIVE, { i: { memberId: f.managerId, kind: 'NOTE', text: 'Себе' } }), 'FORBIDDEN');
    await expectGraphQLError(
      server.client(`REP:${peerId}`).request(GIVE, { i: { memberId: f.repId, kind: 'PRAISE', text: 'Молодец' } }),
      'FORBIDDEN',
    );
    const other = await server.app.orm.em
      .fork()
      .execute<{ id: number }[]>('select id from deal where owner_id = ? limit 1', [f.otherRepId]);
    await expectGraphQLError(
      manager.request(GIVE, { i: { memberId: f.repId, kind: 'NOTE', text: 'Про чужую сделку', dealId: String(other[0].id) } }),
      'BAD_USER_INPUT',
      'dealId',
    );
  });

  it('is read by the member, their managers and admins; not by peers, analysts or other reps', async () => {
    for (const viewer of [`REP:${f.repId}`, `MANAGER:${f.managerId}`, 'ADMIN']) {
      const { member } = await server.client(viewer).request<{ member: { feedback: { id: string }[] } }>(FEEDBACK_OF, { id: f.repId });
      expect(
        member.feedback.map((x) => x.id),
        viewer,
      ).toEqual([feedbackId]);
    }
    for (const viewer of [`REP:${peerId}`, 'ANALYST', `REP:${f.otherRepId}`]) {
      await expectGraphQLError(server.client(viewer).request(FEEDBACK_OF, { id: f.repId }), 'FORBIDDEN');
    }
  });

  it('is acknowledged by the member only, once', async () => {
    await expectGraphQLError(server.client(`MANAGER:${f.managerId}`).request(ACK, { id: feedbackId }), 'FORBIDDEN');
    await expectGraphQLError(server.client('ADMIN').request(ACK, { id: feedbackId }), 'FORBIDDEN');
    const rep = server.client(`REP:${f.repId}`);
    const { acknowledgeFeedback } = await rep.request<{ acknowledgeFeedback: { acknowledgedAt: string | null } }>(ACK, { id: feedbackId });
    expect(acknowledgeFeedback.acknowledgedAt).not.toBeNull();
    await expectGraphQLError(rep.request(ACK, { id: feedbackId }), 'CONFLICT', 'id');
  });
});

describe('recognitions', () => {
  it('come from peers without a reward and from managers with one, and show on the team card', async () => {
    const peer = server.client(`REP:${peerId}`);
    await peer.request(RECOGNISE, { i: { memberId: f.repId, reason: 'Помог с демонстрацией клиенту' } });
    await expectGraphQLError(peer.request(RECOGNISE, { i: { memberId: f.repId, reason: 'Лучший', reward: 'Премия' } }), 'FORBIDDEN');
    await expectGraphQLError(peer.request(RECOGNISE, { i: { memberId: peerId, reason: 'Сам себе' } }), 'FORBIDDEN');
    await expectGraphQLError(server.client('ANALYST').request(RECOGNISE, { i: { memberId: f.repId, reason: 'Аналитик' } }), 'FORBIDDEN');
    await server
      .client(`MANAGER:${f.managerId}`)
      .request(RECOGNISE, { i: { memberId: f.repId, reason: 'Лучший месяц', reward: 'Премия 20 000 ₽' } });
    const { team } = await peer.request<{
      team: { recentRecognitions: { reason: string; reward: string | null; givenBy: { id: string } }[] };
    }>(`query($id: ID!) { team(id: $id) { recentRecognitions(first: 5) { reason reward givenBy { id } } } }`, { id: f.fieldTeamId });
    expect(team.recentRecognitions).toEqual([
      { reason: 'Лучший месяц', reward: 'Премия 20 000 ₽', givenBy: { id: f.managerId } },
      { reason: 'Помог с демонстрацией клиенту', reward: null, givenBy: { id: peerId } },
    ]);
    const card = `query($id: ID!) { team(id: $id) { recentRecognitions(first: 3) { id reason reward givenAt member { fullName } } } }`;
    const { data, statements } = await measured<{ team: { recentRecognitions: unknown[] } }>(server.client(), card, { id: f.fieldTeamId });
    expect(data.team.recentRecognitions).toHaveLength(2);
    expect(statements).toBe(3); // the team, its recognitions, their members
  });
});

const PERFORMANCE = `query($id: ID!, $p: ID!, $asOf: Date) { member(id: $id) { performance(periodId: $p, asOf: $asOf) {
  behindPace flags activities attainment { achieved quota }
  kpis { kpi expected actual status }
  trend { period { id } quota achieved ratio }
} } }`;

describe('performance', () => {
  it('compares KPIs with the expectations of the role (team overrides win) and shows the monthly trend', async () => {
    const admin = server.client();
    for (const [kpi, target] of [
      ['ATTAINMENT', '100'],
      ['DEALS_WON', '2'],
      ['WIN_RATE', '50'],
      ['ACTIVITIES_PER_WEEK', '5'],
    ]) {
      await admin.request(`mutation($i: SetExpectationInput!) { setExpectation(input: $i) { id } }`, { i: { role: 'REP', kpi, target } });
    }
    const manager = server.client(`MANAGER:${f.managerId}`);
    await manager.request(`mutation($i: SetExpectationInput!) { setExpectation(input: $i) { id target } }`, {
      i: { role: 'REP', kpi: 'ATTAINMENT', target: '90', teamId: f.fieldTeamId },
    });
    await expectGraphQLError(
      manager.request(`mutation($i: SetExpectationInput!) { setExpectation(input: $i) { id } }`, {
        i: { role: 'REP', kpi: 'ATTAINMENT', target: '80' },
      }),
      'FORBIDDEN',
    );

    const { period } = await admin.request<{ period: { endDate: string } }>(`query($id: ID!) { period(id: $id) { endDate } }`, {
      id: periods.month,
    });
    const { member } = await server
      .client('ANALYST')
      .request<{ member: { performance: any } }>(PERFORMANCE, { id: f.repId, p: periods.month, asOf: dayAfter(period.endDate) });
    expect(member.performance.kpis).toEqual([
      { kpi: 'ATTAINMENT', expected: '90.00', actual: '50.00', status: 'MISSED' },
      { kpi: 'DEALS_WON', expected: '2.00', actual: '1', status: 'MISSED' },
      { kpi: 'WIN_RATE', expected: '50.00', actual: '100.00', status: 'MET' },
      { kpi: 'ACTIVITIES_PER_WEEK', expected: '5.00', actual: '0.00', status: 'MISSED' },
    ]);
    expect(member.performance.behindPace).toBe(true);
    expect(member.performance.flags).toEqual(['BEHIND_PACE', 'KPI_MISSED']);
    expect(member.performance.trend).toEqual([
      { period: { id: periods.previousMonth }, quota: null, achieved: '200.00', ratio: null },
      { period: { id: periods.month }, quota: '1000.00', achieved: '500.00', ratio: '0.5000' },
    ]);
    await expectGraphQLError(server.client(`REP:${peerId}`).request(PERFORMANCE, { id: f.repId, p: periods.month }), 'FORBIDDEN');
  });

  it('costs the same number of SQL statements for one member or a whole team', async () => {
    const query = `query($t: ID!, $p: ID!) { team(id: $t) { members { performance(periodId: $p) { flags kpis { status } trend { ratio period { name } } }
      milestones { threshold } recognitions { reason } skillAssessments { level } trainings { title } developmentPlans { area } } } }`;
    const one = await measured<{ team: { members: unknown[] } }>(server.client(), query, { t: f.subTeamId, p: periods.month });
    const many = await measured<{ team: { members: unknown[] } }>(server.client(), query, { t: f.fieldTeamId, p: periods.month });
    expect(one.data.team.members).toHaveLength(1);
    expect(many.data.team.members.length).toBeGreaterThan(2);
    expect(many.statements).toBe(one.statements);
  });

  it("is not for embed tokens, even of the member themselves, whose team card still shows the team's recognitions", async () => {
    const { createEmbedToken } = await server
      .client()
      .request<{ createEmbedToken: { token: string } }>(`mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { token } }`, {
        i: { memberId: f.repId, widgets: ['QUOTA_GAUGE', 'TEAM_CARD', 'LEADERBOARD'] },
      });
    const widget = server.clientWithHeaders({ authorization: `Bearer ${createEmbedToken.token}` });
    await expectGraphQLError(widget.request(PERFORMANCE, { id: f.repId, p: periods.month }), 'FORBIDDEN');
    await expectGraphQLError(widget.request(FEEDBACK_OF, { id: f.repId }), 'FORBIDDEN');
    await expectGraphQLError(
      widget.request(`query($id: ID!) { member(id: $id) { skillAssessments { level } } }`, { id: f.repId }),
      'FORBIDDEN',
    );
    await expectGraphQLError(
      widget.request(`query($id: ID!) { member(id: $id) { recognitions { reason } } }`, { id: f.repId }),
      'FORBIDDEN',
    );
    const { team } = await widget.request<{ team: { recentRecognitions: { member: { fullName: string } }[] } }>(
      `query($t: ID!) { team(id: $t) { recentRecognitions(first: 3) { reason member { fullName } } } }`,
      { t: f.fieldTeamId },
    );
    expect(team.recentRecognitions.length).toBeGreaterThan(0);
  });
});
