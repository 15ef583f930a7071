import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnerKind, PeriodKind } from '../goals/enums.js';
import { pastPeriods } from '../goals/measures.js';
import { createCurrentPeriods, openDeal, setRevenueQuota, WIN_DEAL, type CurrentPeriods } from '../testing/motivation-fixture.js';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { startTestServer, type TestServer } from '../testing/server.js';

/**
 * How a credit split counts in results, with figures computed by hand. In the current month:
 * - D1 and D2, 1000.01 each, owned by the rep (field team): 60 % rep, 40 % the other team's rep, and a 10 %
 *   overlay for the inside team's rep; won. Per deal: 600.006, 400.004 and 100.001 (overlay).
 * - D3, 500.00, the rep's, not split; won.  D4, 200.00, the other rep's, not split; won.
 * - D5, 300.00, the rep's, split 50 / 50 with the other rep; lost.
 */
let server: TestServer;
let f: PipelineFixture;
let periods: CurrentPeriods;
const deals: Record<'d1' | 'd2' | 'd3' | 'd4' | 'd5', string> = { d1: '', d2: '', d3: '', d4: '', d5: '' };

const SPLIT = `mutation($d: ID!, $c: [DealCreditInput!]!) { setDealCredits(dealId: $d, credits: $c) { id } }`;

beforeAll(async () => {
  server = await startTestServer();
  const admin = server.client();
  f = await buildPipelineFixture(admin);
  periods = await createCurrentPeriods(admin);
  const quotas: [{ memberId: string } | { teamId: string }, string][] = [
    [{ memberId: f.repId }, '1000.00'],
    [{ memberId: f.otherRepId }, '1000.00'],
    [{ memberId: f.insideRepId }, '200.00'],
    [{ teamId: f.fieldTeamId }, '2000.00'],
    [{ teamId: f.otherTeamId }, '1000.00'],
    [{ teamId: f.insideTeamId }, '100.00'],
    [{ teamId: f.rootTeamId }, '2000.00'],
  ];
  for (const [owner, target] of quotas) await setRevenueQuota(admin, owner, periods.month, target);
  const manager = server.client(`MANAGER:${f.managerId}`);
  const sixtyForty = [
    { memberId: f.repId, percent: '60' },
    { memberId: f.otherRepId, percent: '40' },
    { memberId: f.insideRepId, percent: '10', overlay: true },
  ];
  // Won one after the other, in id order: milestones are recorded as each deal is won.
  deals.d1 = await openDeal(admin, f, f.repId, '1000.01');
  deals.d2 = await openDeal(admin, f, f.repId, '1000.01');
  deals.d3 = await openDeal(admin, f, f.repId, '500.00');
  deals.d4 = await openDeal(admin, f, f.otherRepId, '200.00');
  deals.d5 = await openDeal(admin, f, f.repId, '300.00');
  await manager.request(SPLIT, { d: deals.d1, c: sixtyForty });
  await manager.request(SPLIT, { d: deals.d2, c: sixtyForty });
  await manager.request(SPLIT, {
    d: deals.d5,
    c: [
      { memberId: f.repId, percent: '50' },
      { memberId: f.otherRepId, percent: '50' },
    ],
  });
  for (const id of [deals.d1, deals.d2, deals.d3, deals.d4]) await admin.request(WIN_DEAL, { id });
  await admin.request(`mutation($id: ID!) { loseDeal(id: $id, input: { reason: "Конкурент" }) { id } }`, { id: deals.d5 });
}, 120_000);
afterAll(() => server?.close());

const FIGURES = 'achieved wonDeals lostDeals';

describe('a split deal in results', () => {
  it('credits each member their share in attainment, the overlay member too, summed exactly and rounded once', async () => {
    const { rep, other, inside } = await server.client().request<Record<string, { attainment: Record<string, unknown> }>>(
      `query($p: ID!, $a: ID!, $b: ID!, $c: ID!) {
         rep: member(id: $a) { attainment(periodId: $p) { ${FIGURES} } }
         other: member(id: $b) { attainment(periodId: $p) { ${FIGURES} } }
         inside: member(id: $c) { attainment(periodId: $p) { ${FIGURES} } }
       }`,
      { p: periods.month, a: f.repId, b: f.otherRepId, c: f.insideRepId },
    );
    // rep: 2 × 600.006 + 500 = 1700.012; other: 2 × 400.004 + 200 = 1000.008; inside: 2 × 100.001 = 200.002.
    expect(rep.attainment).toEqual({ achieved: '1700.01', wonDeals: 3, lostDeals: 1 });
    expect(other.attainment).toEqual({ achieved: '1000.01', wonDeals: 3, lostDeals: 1 });
    expect(inside.attainment).toEqual({ achieved: '200.00', wonDeals: 2, lostDeals: 0 });
  });

  it("credits each regular share's team, never the overlay's, so the teams above count each deal once", async () => {
    const { field, other, inside, root } = await server.client().request<Record<string, { attainment: Record<string, unknown> }>>(
      `query($p: ID!, $a: ID!, $b: ID!, $c: ID!, $d: ID!) {
         field: team(id: $a) { attainment(periodId: $p) { ${FIGURES} } }
         other: team(id: $b) { attainment(periodId: $p) { ${FIGURES} } }
         inside: team(id: $c) { attainment(periodId: $p) { ${FIGURES} } }
         root: team(id: $d) { attainment(periodId: $p) { ${FIGURES} } }
       }`,
      { p: periods.month, a: f.fieldTeamId, b: f.otherTeamId, c: f.insideTeamId, d: f.rootTeamId },
    );
    expect(field.attainment).toEqual({ achieved: '1700.01', wonDeals: 3, lostDeals: 1 });
    expect(other.attainment).toEqual({ achieved: '1000.01', wonDeals: 3, lostDeals: 1 });
    expect(inside.attainment).toEqual({ achieved: '0.00', wonDeals: 0, lostDeals: 0 });
    // 1000.01 + 1000.01 + 500 + 200: the two teams' 1700.012 + 1000.008, nothing of the overlay.
    expect(root.attainment).toEqual({ achieved: '2700.02', wonDeals: 4, lostDeals: 1 });
  });

  it('ranks the leaderboard by credited revenue, deals and attainment', async () => {
    const board = async (metric: string) =>
      (
        await server
          .client()
          .request<{ leaderboard: { entries: { member: { id: string }; value: string; rank: number | null }[] } }>(
            `query($t: ID!, $p: ID!, $m: LeaderboardMetric!) { leaderboard(teamId: $t, periodId: $p, metric: $m) { entries { member { id } value rank } } }`,
            { t: f.rootTeamId, p: periods.month, m: metric },
          )
      ).leaderboard.entries
        .filter((e) => e.rank !== null)
        .map((e) => [e.member.id, e.value, e.rank]);
    expect(await board('REVENUE')).toEqual([
      [f.repId, '1700.01', 1],
      [f.otherRepId, '1000.01', 2],
      [f.insideRepId, '200.00', 3],
    ]);
    // Equal values share a rank and are listed by name ("Otherrep" before "Rep").
    expect((await board('DEALS_WON')).map(([id, value, rank]) => [id, Number(value), rank])).toEqual([
      [f.otherRepId, 3, 1],
      [f.repId, 3, 1],
      [f.insideRepId, 2, 3],
    ]);
    // 1700.012 / 1000 = 1.700012; 200.002 / 200 = 1.00001; 1000.008 / 1000 = 1.000008.
    expect(await board('ATTAINMENT')).toEqual([
      [f.repId, '1.7000', 1],
      [f.insideRepId, '1.0000', 2],
      [f.otherRepId, '1.0000', 2],
    ]);
  });

  it('counts the split the same way in the history of past periods (SMART goal checks)', async () => {
    const owners: [OwnerKind, string][] = [
      [OwnerKind.MEMBER, f.repId],
      [OwnerKind.MEMBER, f.otherRepId],
      [OwnerKind.MEMBER, f.insideRepId],
      [OwnerKind.TEAM, f.fieldTeamId],
      [OwnerKind.TEAM, f.insideTeamId],
      [OwnerKind.TEAM, f.rootTeamId],
    ];
    // Every month that ended before 2100: the current one is the only one with deals.
    const history = await pastPeriods(
      server.app.orm.em.fork(),
      owners.map(([ownerKind, id]) => ({ ownerKind, ownerId: Number(id), periodKind: PeriodKind.MONTH, before: '2100-01-01' })),
    );
    expect(history.map((periods) => periods.map((p) => [String(p.periodId), p.wonAmount, p.wonDeals, p.lostDeals]))).toEqual([
      [[periods.month, '1700.01', 3, 1]],
      [[periods.month, '1000.01', 3, 1]],
      [[periods.month, '200.00', 2, 0]],
      [[periods.month, '1700.01', 3, 1]],
      [],
      [[periods.month, '2700.02', 4, 1]],
    ]);
  });

  it('records milestones from credited revenue, for members, their teams and the teams above, never from an overlay for a team', async () => {
    const rows = await server.app.orm.em
      .fork()
      .execute<{ member_id: number | null; team_id: number | null; threshold: number; deal_id: number; achieved: string }[]>(
        `select member_id, team_id, threshold, deal_id, achieved::text as achieved from milestone where period_id = ? order by member_id, team_id, threshold`,
        [periods.month],
      );
    const of = (owner: { member?: string; team?: string }) =>
      rows
        .filter((r) => (owner.member ? String(r.member_id) === owner.member : String(r.team_id) === owner.team))
        .map((r) => [Number(r.threshold), String(r.deal_id), r.achieved]);
    const { d1, d2, d3, d4 } = deals;
    // rep of 1000: 600.006 after D1 (50 %), 1200.012 after D2 (90, 100, 120 %).
    expect(of({ member: f.repId })).toEqual([
      [50, d1, '600.01'],
      [90, d2, '1200.01'],
      [100, d2, '1200.01'],
      [120, d2, '1200.01'],
    ]);
    // other rep of 1000: 400.004, 800.008 after D2 (50 %), 1000.008 after D4 (90, 100 %).
    expect(of({ member: f.otherRepId })).toEqual([
      [50, d2, '800.01'],
      [90, d4, '1000.01'],
      [100, d4, '1000.01'],
    ]);
    // inside rep of 200, by the overlay alone: 100.001 after D1 (50 %), 200.002 after D2 (90, 100 %).
    expect(of({ member: f.insideRepId })).toEqual([
      [50, d1, '100.00'],
      [90, d2, '200.00'],
      [100, d2, '200.00'],
    ]);
    // field team of 2000: 1200.012 after D2 (50 %), 1700.012 after D3.
    expect(of({ team: f.fieldTeamId })).toEqual([[50, d2, '1200.01']]);
    expect(of({ team: f.otherTeamId })).toEqual([
      [50, d2, '800.01'],
      [90, d4, '1000.01'],
      [100, d4, '1000.01'],
    ]);
    expect(of({ team: f.insideTeamId })).toEqual([]);
    // root of 2000: 1000.01 after D1, 2000.02 after D2, 2500.02 after D3.
    expect(of({ team: f.rootTeamId })).toEqual([
      [50, d1, '1000.01'],
      [90, d2, '2000.02'],
      [100, d2, '2000.02'],
      [120, d3, '2500.02'],
    ]);
  });
  it("records the milestones an admin's split of a won deal takes a newly credited member over, and moves no team's total", async () => {
    const admin = server.client();
    await setRevenueQuota(admin, { memberId: f.subRepId }, periods.month, '100.00');
    const d6 = await openDeal(admin, f, f.repId, '300.00');
    await admin.request(WIN_DEAL, { id: d6 });
    await admin.request(SPLIT, {
      d: d6,
      c: [
        { memberId: f.repId, percent: '80' },
        { memberId: f.subRepId, percent: '20' },
      ],
    });
    const rows = await server.app.orm.em
      .fork()
      .execute<{ threshold: number; deal_id: number; achieved: string }[]>(
        'select threshold, deal_id, achieved::text as achieved from milestone where member_id = ? and period_id = ? order by threshold',
        [f.subRepId, periods.month],
      );
    // 20 % of 300.00 = 60.00 of a 100.00 quota: 50 %.
    expect(rows.map((r) => [Number(r.threshold), String(r.deal_id), r.achieved])).toEqual([[50, d6, '60.00']]);
    const { field } = await admin.request<{ field: { attainment: { achieved: string } } }>(
      'query($p: ID!, $t: ID!) { field: team(id: $t) { attainment(periodId: $p) { achieved } } }',
      { p: periods.month, t: f.fieldTeamId },
    );
    // 1700.012 before, + 240 (rep, field team) + 60 (sub-team rep, below it) = 2000.012.
    expect(field.attainment.achieved).toBe('2000.01');
  });
});
