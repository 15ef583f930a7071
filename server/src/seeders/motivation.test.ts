import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measured, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seed: true });
}, 120_000);
afterAll(() => server?.close());

const sql = <T>(query: string) => server.app.orm.em.fork().execute<T[]>(query);

describe('motivation demo data', () => {
  it('records the milestones of the seeded won deals once each, each by the deal that crossed it', async () => {
    const [counts] = await sql<{ members: string; teams: string; duplicates: string }>(
      `select count(member_id) as members, count(team_id) as teams,
              count(*) - count(distinct (coalesce(member_id, 0), coalesce(team_id, 0), period_id, threshold)) as duplicates
         from milestone`,
    );
    expect(Number(counts.members)).toBeGreaterThan(0);
    expect(Number(counts.teams)).toBeGreaterThan(0);
    expect(Number(counts.duplicates)).toBe(0);
    // The crossing deal is won, in the period, and the total before it was still below the threshold.
    const wrong = await sql<{ id: number }>(
      `select ms.id from milestone ms join deal d on d.id = ms.deal_id join period p on p.id = ms.period_id
        where d.status <> 'WON' or d.close_date not between p.start_date and p.end_date
           or ms.achieved * 100 < ms.quota * ms.threshold or (ms.achieved - d.amount) * 100 >= ms.quota * ms.threshold`,
    );
    expect(wrong).toEqual([]);
  });

  it('has expectations, feedback, recognitions and development records, and a leaderboard of the whole organisation for the last month', async () => {
    const [row] = await sql<Record<string, string>>(
      `select (select count(*) from expectation) as expectations, (select count(*) from feedback) as feedback,
              (select count(*) from recognition) as recognitions, (select count(*) from skill_assessment) as skills,
              (select count(*) from training where completed_on is null) as planned, (select count(*) from development_plan) as plans,
              (select t.id from team t where t.parent_id is null) as root, (select p.id from period p where p.kind = 'MONTH' and p.end_date < current_date order by p.end_date desc limit 1) as month`,
    );
    for (const key of ['expectations', 'feedback', 'recognitions', 'skills', 'planned', 'plans'])
      expect(Number(row[key]), key).toBeGreaterThan(0);
    const { data, statements } = await measured<{ leaderboard: { hasResults: boolean; entries: { rank: number | null }[] } }>(
      server.client('ANALYST'),
      `query($t: ID!, $p: ID!) { leaderboard(teamId: $t, periodId: $p, metric: REVENUE, first: 50) { hasResults entries { rank rankChange member { fullName } } } }`,
      { t: String(row.root), p: String(row.month) },
    );
    expect(data.leaderboard.hasResults).toBe(true);
    expect(data.leaderboard.entries.length).toBeGreaterThan(10);
    expect(data.leaderboard.entries[0].rank).toBe(1);
    expect(statements).toBeLessThanOrEqual(7);
  });
});
