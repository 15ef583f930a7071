import { beforeAll, describe, expect, it } from 'vitest';
import { CONFIGURATIONS } from './cluster.js';
import { type ClusterBenchResult, clusterBenchUnavailable, runClusterBenchmark } from './run.js';

/**
 * The cluster benchmark at a tiny size, without timing: every configuration starts through
 * scripts/cluster.mjs on one throw-away primary and standby, gives the same answers and answers every
 * request of the widget mix; those with a replica read from the standby. Runs where nginx, the
 * PostgreSQL 15 programs and Redis are found.
 */
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const skipped = await clusterBenchUnavailable(redisUrl);

describe.skipIf(skipped)(`cluster benchmark smoke test${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  let result: ClusterBenchResult;

  beforeAll(async () => {
    result = await runClusterBenchmark(
      {
        deals: 3000,
        teams: 30,
        members: 300,
        concurrency: [4],
        seconds: 0.6,
        warmupSeconds: 0.3,
        warmupRequestsPerProcess: 5,
        rounds: 2,
        regionDeals: 100,
      },
      redisUrl,
    );
  }, 120_000);

  it('gets the same answers from every configuration', () => {
    expect(result.differences).toEqual([]);
    expect(result.identicalAnswers).toBe(true);
  });

  it('measures every configuration, with ratios to 1 process', () => {
    const [run] = result.runs;
    expect(run.concurrency).toBe(4);
    expect(Object.keys(run.loadAverage).sort()).toEqual(['after', 'before']);
    expect(run.configurations.map((c) => c.name)).toEqual(CONFIGURATIONS.map((c) => c.name));
    for (const c of run.configurations) {
      expect(c.result.rounds, c.name).toBe(2);
      expect(Object.keys(c.ratios).sort()).toEqual(['cpu', 'p50', 'p95', 'throughput']);
      const figures = [c.result.requestsPerSecond, c.result.p95Ms, c.result.cpuMsPerRequest, c.nginxCpuMsPerRequest, c.machineBusy];
      for (const value of [...figures, ...Object.values(c.ratios)]) expect(Number.isFinite(value), c.name).toBe(true);
    }
    expect(run.configurations[0].ratios).toEqual({ throughput: 1, p50: 1, p95: 1, cpu: 1 });
  });

  it('answers every request of every configuration without errors', () => {
    for (const c of result.runs[0].configurations) {
      expect(c.firstFailure, c.name).toBeNull();
      expect(c.failed, c.name).toBe(0);
      expect(c.result.requests, c.name).toBeGreaterThan(0);
    }
  });

  it('reads from the standby with a replica, and only then', () => {
    for (const c of result.runs[0].configurations) {
      if (c.replica) expect(c.reads?.standby, c.name).toBeGreaterThan(0);
      else expect(c.reads, c.name).toBeNull();
    }
  });
});
