import { createScratchDatabase, startEmbeddedPostgres } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrganisation, type LoadSummary } from './generate/load.js';
import { TARGETS } from './harness/report.js';
import { runBenchmark, type QuestionResult } from './harness/run.js';

/**
 * The benchmark at a small size, without timing: the generator fills a fresh database, both servers
 * answer every widget question identically, and each GraphQL request stays within the statement
 * budget. On the PostgreSQL server of DATABASE_URL (a database of its own, dropped afterwards), or
 * without it on the embedded PGlite served over the wire protocol.
 */
interface Database {
  url: string;
  /** PGlite's wire protocol server does not take COPY FROM STDIN. */
  bulk: 'copy' | 'insert';
  drop(): Promise<void>;
}

async function freshDatabase(): Promise<Database> {
  const scratch = await createScratchDatabase('sales_graph_bench');
  if (scratch) return { ...scratch, bulk: 'copy' };
  const database = await startEmbeddedPostgres('memory://');
  return { url: database.url, bulk: 'insert', drop: () => database.stop() };
}

describe(`benchmark smoke test on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'the embedded PGlite'}`, () => {
  let database: Database;
  let summary: LoadSummary;
  let results: QuestionResult[];

  beforeAll(async () => {
    database = await freshDatabase();
    summary = await loadOrganisation({ databaseUrl: database.url, bulk: database.bulk, deals: 5000, teams: 30, members: 300 });
    // A region of about 100 deals in the quarter: a smaller subtree at this size (7,000 deals at 1M).
    results = await runBenchmark({ databaseUrl: database.url, concurrency: [], seconds: 0, warmupSeconds: 0, rounds: 1, regionDeals: 100 });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('generates the organisation it was asked for', () => {
    expect(summary).toMatchObject({ teams: 30, members: 300, deals: 5000 });
    expect(summary.stageChanges).toBeGreaterThan(summary.deals);
    expect(summary.interactions).toBeGreaterThan(0);
    expect(summary.largestTeam.members).toBeGreaterThanOrEqual(20);
  });

  it('gets identical answers from the GraphQL server and the hand-written SQL for every widget question', () => {
    expect(results.map((r) => r.name)).toEqual([
      'TeamCard',
      'QuotaGaugeTeam',
      'QuotaGaugeMember',
      'Funnel',
      'FunnelRegion',
      'ForecastRollup',
    ]);
    for (const r of results) expect(r.difference, r.name).toBeNull();
  });

  it('asks the funnel of a region: a smaller subtree of the department, with deals in the quarter', () => {
    const teams = (name: string) => Number(/subtree of (\d+) teams/.exec(results.find((r) => r.name === name)!.subject)?.[1]);
    expect(teams('FunnelRegion')).toBeGreaterThan(0);
    expect(teams('FunnelRegion')).toBeLessThan(teams('Funnel'));
    expect(Number(/(\d+) deals created/.exec(results.find((r) => r.name === 'FunnelRegion')!.subject)?.[1])).toBeGreaterThan(0);
  });

  it(`costs at most ${TARGETS.maxStatements} SQL statements per widget question, on either side`, () => {
    for (const r of results) {
      expect(r.sqlStatements, `${r.name}: ${r.subject}`).toBeLessThanOrEqual(TARGETS.maxStatements);
      expect(r.baselineStatements, `baseline ${r.name}`).toBeLessThanOrEqual(TARGETS.maxStatements);
    }
    expect(results.find((r) => r.name === 'TeamCard')!.sqlStatements).toBe(3);
    expect(Object.fromEntries(results.map((r) => [r.name, r.baselineStatements]))).toEqual({
      TeamCard: 3,
      QuotaGaugeTeam: 2,
      QuotaGaugeMember: 2,
      Funnel: 2,
      FunnelRegion: 2,
      ForecastRollup: 2,
    });
    // The team (to check access), then the whole roll-up: the same two at 30 teams or 1,000.
    expect(results.find((r) => r.name === 'ForecastRollup')!.sqlStatements).toBe(2);
  });
});
