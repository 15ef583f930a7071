import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCurrentPeriods, openDeal, setRevenueQuota, WIN_DEAL, type CurrentPeriods } from '../testing/motivation-fixture.js';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { measured, startTestServer, type TestServer } from '../testing/server.js';

/**
 * salesMetrics with credit splits, against figures computed by hand and against the attainment cards
 * and the leaderboard (docs/pipeline.md, "Credit splits"). In the current month, on a database holding
 * only this fixture:
 * - D1 and D2, 1000.01 each, owned by the rep (field team): 60 % rep, 40 % the other team's rep, 10 %
 *   overlay for the inside team's rep; won. Per deal: 600.006, 400.004 and 100.001 (overlay).
 * - D3, 500.00, the rep's, not split; won.  D4, 200.00, the other rep's, not split; won.
 * - D5, 300.00, the rep's, split 50 / 50 with the other rep; lost.
 * Monthly REVENUE quotas: members rep 1000, other rep 1000, inside rep 200; teams field 2000, other 1000,
 * inside 100, root 2000.
 */
let server: TestServer;
let f: PipelineFixture;
let periods: CurrentPeriods;
let month: { startDate: string; endDate: string };

const SPLIT = `mutation($d: ID!, $c: [DealCreditInput!]!) { setDealCredits(dealId: $d, credits: $c) { id } }`;

beforeAll(async () => {
  server = await startTestServer();
  const admin = server.client();
  f = await buildPipelineFixture(admin);
  periods = await createCurrentPeriods(admin);
  month = (await admin.request<{ period: typeof month }>(`query($p: ID!) { period(id: $p) { startDate endDate } }`, { p: periods.month }))
    .period;
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
  const sixtyForty = [
    { memberId: f.repId, percent: '60' },
    { memberId: f.otherRepId, percent: '40' },
    { memberId: f.insideRepId, percent: '10', overlay: true },
  ];
  const [d1, d2, d3, d4, d5] = [
    await openDeal(admin, f, f.repId, '1000.01'),
    await openDeal(admin, f, f.repId, '1000.01'),
    await openDeal(admin, f, f.repId, '500.00'),
    await openDeal(admin, f, f.otherRepId, '200.00'),
    await openDeal(admin, f, f.repId, '300.00'),
  ];
  await admin.request(SPLIT, { d: d1, c: sixtyForty });
  await admin.request(SPLIT, { d: d2, c: sixtyForty });
  await admin.request(SPLIT, {
    d: d5,
    c: [
      { memberId: f.repId, percent: '50' },
      { memberId: f.otherRepId, percent: '50' },
    ],
  });
  for (const id of [d1, d2, d3, d4]) await admin.request(WIN_DEAL, { id });
  await admin.request(`mutation($id: ID!) { loseDeal(id: $id, input: { reason: "Конкурент" }) { id } }`, { id: d5 });
}, 120_000);
afterAll(() => server?.close());

const METRICS = `query($m: [MetricMeasure!]!, $d: [MetricDimension!], $f: MetricsFilterInput) {
  salesMetrics(measures: $m, dimensions: $d, filter: $f) { rows { cells { value } } } }`;

/** Rows of salesMetrics as { first cell: the other cells }, checking it costs one statement. */
async function metrics(viewer: string, m: string[], d: string[], filter: Record<string, unknown> = {}) {
  const f = { from: month.startDate, to: month.endDate, quotaPeriodKind: 'MONTH', ...filter };
  const { data, statements } = await measured<{ salesMetrics: { rows: { cells: { value: string | null }[] }[] } }>(
    server.client(viewer),
    METRICS,
    { m, d, f },
  );
  // One for the metrics; managers and reps one more that resolves their scope.
  expect(statements).toBeLessThanOrEqual(2);
  const cells = data.salesMetrics.rows.map((r) => r.cells.map((c) => c.value));
  return d.length ? Object.fromEntries(cells.map(([key, ...values]) => [key, values])) : { all: cells[0] };
}

async function card(viewer: string, kind: 'member' | 'team', id: string) {
  const data = await server
    .client(viewer)
    .request<{ owner: { attainment: { achieved: string; ratio: string | null } } }>(
      `query($id: ID!, $p: ID!) { owner: ${kind}(id: $id) { attainment(periodId: $p) { achieved ratio } } }`,
      { id, p: periods.month },
    );
  return data.owner.attainment;
}

describe('salesMetrics with credit splits', () => {
  it("credits each member's share of revenue and attainment as their attainment card and the leaderboard, overlay included", async () => {
    const rows = await metrics('ADMIN', ['REVENUE_WON', 'ATTAINMENT', 'DEALS_WON', 'AVERAGE_DEAL_SIZE'], ['MEMBER']);
    // rep: 2 × 600.006 + 500 = 1700.012 of 1000; other: 2 × 400.004 + 200 = 1000.008 of 1000; inside: the
    // overlay, 2 × 100.001 = 200.002 of 200. Deals won and their average size stay whole deals of their
    // owner: the rep's three (2500.02 / 3), the other rep's D4.
    expect(rows).toEqual({
      [f.repId]: ['1700.01', '1.7000', '3', '833.34'],
      [f.otherRepId]: ['1000.01', '1.0000', '1', '200.00'],
      [f.insideRepId]: ['200.00', '1.0000', '0', null],
    });
    for (const id of [f.repId, f.otherRepId, f.insideRepId]) {
      const { achieved, ratio } = await card('ADMIN', 'member', id);
      expect(rows[id].slice(0, 2), id).toEqual([achieved, ratio]);
    }
    const { leaderboard } = await server
      .client()
      .request<{ leaderboard: { entries: { member: { id: string }; value: string }[] } }>(
        `query($t: ID!, $p: ID!) { leaderboard(teamId: $t, periodId: $p, metric: REVENUE) { entries { member { id } value } } }`,
        { t: f.rootTeamId, p: periods.month },
      );
    for (const entry of leaderboard.entries.filter((e) => rows[e.member.id])) expect(rows[entry.member.id][0]).toBe(entry.value);
  });

  it("credits each regular share's team, never the overlay's, and rolls teams up as their cards", async () => {
    const rows = await metrics('ANALYST', ['ATTAINMENT', 'REVENUE_WON'], ['TEAM']);
    // ATTAINMENT rolls the subtree up: field 1700.012 / 2000, other 1000.008 / 1000, inside nothing of the
    // overlay / 100, root the deals' 2700.02 / 2000. REVENUE_WON is each team's own credit, not rolled up.
    expect(rows).toEqual({
      [f.rootTeamId]: ['1.3500', '0.00'],
      [f.fieldTeamId]: ['0.8500', '1700.01'],
      [f.otherTeamId]: ['1.0000', '1000.01'],
      [f.insideTeamId]: ['0.0000', '0.00'],
    });
    for (const id of [f.rootTeamId, f.fieldTeamId, f.otherTeamId, f.insideTeamId])
      expect(rows[id][0], id).toBe((await card('ANALYST', 'team', id)).ratio);
  });

  it('counts every deal once in totals and deal breakdowns, an overlay only in members’ figures', async () => {
    // 2 × 1000.01 + 500 + 200: the regular shares add up to the deals.
    expect(await metrics('ANALYST', ['REVENUE_WON', 'DEALS_WON'], [])).toEqual({ all: ['2700.02', '4'] });
    expect(await metrics('ANALYST', ['REVENUE_WON'], ['CHANNEL'])).toEqual({ [f.channelId]: ['2700.02'] });
    expect(await metrics('ANALYST', ['REVENUE_WON'], ['TEAM_KIND'])).toEqual({ GEOGRAPHIC: ['2700.02'] });
    expect(await metrics('ANALYST', ['REVENUE_WON'], [], { memberIds: [f.insideRepId, f.otherRepId] })).toEqual({
      all: ['1200.01'],
    });
    // Placed by creation date (all created this month too), the shares are the same.
    expect(await metrics('ANALYST', ['REVENUE_WON'], ['MEMBER'], { dateBasis: 'CREATED' })).toEqual({
      [f.repId]: ['1700.01'],
      [f.otherRepId]: ['1000.01'],
      [f.insideRepId]: ['200.00'],
    });
  });

  it("gives a manager and a rep their own cards' figures: a share is read with the member and team it credits", async () => {
    const manager = `MANAGER:${f.managerId}`;
    // The field team's manager reads the field subtree: the rep, not the other team's 40 %.
    expect(await metrics(manager, ['REVENUE_WON'], ['MEMBER'])).toEqual({ [f.repId]: ['1700.01'] });
    const teams = await metrics(manager, ['ATTAINMENT'], ['TEAM']);
    expect(teams[f.fieldTeamId]).toEqual([(await card(manager, 'team', f.fieldTeamId)).ratio]);
    // Reps read their own records: the rep their deals less the shares of others, the other rep their shares too.
    for (const id of [f.repId, f.otherRepId]) {
      const { achieved } = await card(`REP:${id}`, 'member', id);
      expect(await metrics(`REP:${id}`, ['REVENUE_WON'], []), id).toEqual({ all: [achieved] });
    }
    expect(await metrics(`REP:${f.otherRepId}`, ['REVENUE_WON'], [])).toEqual({ all: ['1000.01'] });
  });

  it('exports the same credited figures as CSV', async () => {
    const response = await fetch(`${server.url}/export/metrics.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: server.bearer('ANALYST') },
      body: JSON.stringify({
        measures: ['REVENUE_WON'],
        dimensions: ['MEMBER'],
        filter: { from: month.startDate, to: month.endDate },
        sort: [{ measure: 'REVENUE_WON', direction: 'DESC' }],
      }),
    });
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.slice(1).map((line) => line.split(',').at(-1))).toEqual(['1700.01', '1000.01', '200.00']);
  });
});
