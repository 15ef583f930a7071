import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCurrentPeriods,
  openDeal,
  REOPEN_DEAL,
  setRevenueQuota,
  WIN_DEAL,
  type CurrentPeriods,
} from '../testing/motivation-fixture.js';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let f: PipelineFixture;
let periods: CurrentPeriods;

beforeAll(async () => {
  server = await startTestServer();
  f = await buildPipelineFixture(server.client());
  periods = await createCurrentPeriods(server.client());
}, 60_000);
afterAll(() => server?.close());

interface Row {
  id: number;
  threshold: number;
  deal_id: number;
  achieved: string;
  period_id: number;
}

async function milestones(owner: { memberId: string } | { teamId: string }, periodId: string): Promise<Row[]> {
  const column = 'memberId' in owner ? 'member_id' : 'team_id';
  const id = 'memberId' in owner ? owner.memberId : owner.teamId;
  const rows = await server.app.orm.em
    .fork()
    .execute<Row[]>(
      `select id, threshold, deal_id, achieved::text as achieved, period_id from milestone where ${column} = ? and period_id = ? order by threshold`,
      [id, periodId],
    );
  return rows.map((r) => ({ ...r, deal_id: Number(r.deal_id), threshold: Number(r.threshold) }));
}

describe('quota milestones', () => {
  it('records both thresholds a single deal crosses, with that deal, and the next one later', async () => {
    const admin = server.client();
    await setRevenueQuota(admin, { memberId: f.repId }, periods.month, '1000.00');
    const first = await openDeal(admin, f, f.repId, '950.00');
    await admin.request(WIN_DEAL, { id: first });
    const afterFirst = await milestones({ memberId: f.repId }, periods.month);
    expect(afterFirst.map((m) => [m.threshold, m.deal_id, m.achieved])).toEqual([
      [50, Number(first), '950.00'],
      [90, Number(first), '950.00'],
    ]);

    const second = await openDeal(admin, f, f.repId, '100.00');
    await admin.request(WIN_DEAL, { id: second });
    const afterSecond = await milestones({ memberId: f.repId }, periods.month);
    expect(afterSecond.map((m) => [m.threshold, m.deal_id])).toEqual([
      [50, Number(first)],
      [90, Number(first)],
      [100, Number(second)],
    ]);
  });

  it('does not record a period without a quota, nor duplicate after a reopen and a new win', async () => {
    const admin = server.client();
    expect(await milestones({ memberId: f.repId }, periods.quarter)).toEqual([]);
    const before = await milestones({ memberId: f.repId }, periods.month);
    const deal = String(before.find((m) => m.threshold === 100)!.deal_id);
    await admin.request(REOPEN_DEAL, { id: deal });
    expect(await milestones({ memberId: f.repId }, periods.month)).toEqual(before);
    await admin.request(WIN_DEAL, { id: deal });
    expect(await milestones({ memberId: f.repId }, periods.month)).toEqual(before);
  });

  it('records every threshold exactly once when several deals are won at the same time', async () => {
    const admin = server.client();
    await setRevenueQuota(admin, { memberId: f.otherRepId }, periods.month, '1000.00');
    const deals = (await Promise.all(['400.00', '400.00', '400.00'].map((amount) => openDeal(admin, f, f.otherRepId, amount)))).sort(
      (a, b) => Number(a) - Number(b),
    );
    await Promise.all(deals.map((id) => server.client().request(WIN_DEAL, { id })));
    const recorded = await milestones({ memberId: f.otherRepId }, periods.month);
    expect(recorded.map((m) => m.threshold)).toEqual([50, 90, 100, 120]);
    // 400 → 800 (50 %) → 1200 (90, 100 and 120 % at once); which deal crossed depends on which win committed first.
    expect(recorded.map((m) => m.achieved)).toEqual(['800.00', '1200.00', '1200.00', '1200.00']);
    expect(deals).toEqual(expect.arrayContaining(recorded.map((m) => String(m.deal_id))));
    expect(new Set(recorded.slice(1).map((m) => m.deal_id)).size).toBe(1);
  });

  it('records the milestones of every team above the deal, in each period with a quota', async () => {
    const admin = server.client();
    await setRevenueQuota(admin, { teamId: f.fieldTeamId }, periods.quarter, '4000.00');
    await setRevenueQuota(admin, { teamId: f.rootTeamId }, periods.year, '100000.00');
    const deal = await openDeal(admin, f, f.subRepId, '1000.00');
    await admin.request(WIN_DEAL, { id: deal });
    // Field team: 950 + 100 earlier (rep) + 1000 (sub-team rep) = 2050 of 4000.
    expect((await milestones({ teamId: f.fieldTeamId }, periods.quarter)).map((m) => [m.threshold, m.deal_id, m.achieved])).toEqual([
      [50, Number(deal), '2050.00'],
    ]);
    expect(await milestones({ teamId: f.rootTeamId }, periods.year)).toEqual([]);
    expect(await milestones({ teamId: f.subTeamId }, periods.quarter)).toEqual([]);
  });
});
