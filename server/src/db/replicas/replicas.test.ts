import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../app.js';
import { loadConfig } from '../../config.js';
import { startStandbyPair, standbyUnavailable, type StandbyPair } from '../standby.js';
import { TEST_AUTH, tokenFor } from '../../testing/tokens.js';
import type { ReplicasStatus } from './router.js';

const unavailable = standbyUnavailable();

interface Readiness extends ReplicasStatus {
  status: string;
}

const TEAM_IDS = 'query TeamIds { teams(first: 100) { nodes { id } } }';
const CREATE_TEAM = 'mutation CreateTeam($i: CreateTeamInput!) { createTeam(input: $i) { id } }';

/** Polls until `check` holds (the health checks run every 200 ms here), failing after 20 s. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(unavailable)(`read replicas on a real hot standby${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let pair: StandbyPair;
  let app: App;
  const client = (viewer: string, server = app) =>
    new GraphQLClient(`${server.url}/graphql`, { headers: { authorization: `Bearer ${tokenFor(viewer)}` } });
  const readiness = async (server = app): Promise<Readiness> => (await fetch(`${server.url}/readyz`)).json() as Promise<Readiness>;
  const teamIds = async (viewer: string, server = app) =>
    (await client(viewer, server).request<{ teams: { nodes: { id: string }[] } }>(TEAM_IDS)).teams.nodes.map((team) => team.id);
  const replicaState = async () => (await readiness()).replicas[0].state;
  const start = (checkMs: string) =>
    startApp(
      loadConfig({
        ...TEST_AUTH,
        NODE_ENV: 'test',
        PORT: '0',
        SEED_DEMO: 'false',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DATABASE_URL: pair.primaryUrl,
        DATABASE_REPLICA_URLS: pair.standbyUrl,
        DATABASE_REPLICA_CHECK_MS: checkMs,
        // The lag made below (replay paused) must not take the replica out: read-your-writes is what is tested.
        DATABASE_REPLICA_MAX_LAG_MS: '600000',
        DATABASE_REPLICA_MAX_LAG_BYTES: '1000000000',
        FORECAST_SNAPSHOTS: 'false',
        REMINDERS: 'false',
        IMPORT_JOBS: 'false',
        WEBHOOK_DELIVERY: 'false',
      }),
    );

  beforeAll(async () => {
    pair = await startStandbyPair();
    app = await start('200');
    // The standby has replayed the migrations before the first read.
    await until(readiness, (ready) => ready.replicas[0].state === 'in rotation' && ready.replicas[0].lagBytes === 0);
  });

  afterAll(async () => {
    await app?.close();
    await pair?.close();
  });

  it('serves queries and the metrics export from the replica and counts them', async () => {
    const before = await readiness();
    await teamIds('ANALYST');
    await teamIds('ADMIN');
    const exported = await fetch(`${app.url}/export/metrics.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor('ANALYST')}` },
      body: JSON.stringify({ measures: ['REVENUE_WON'], dimensions: ['TEAM'] }),
    });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    const after = await readiness();
    expect(after.status).toBe('ready');
    expect(after.replicas[0].reads - before.replicas[0].reads).toBe(3);
    expect(after.primaryReads).toBe(before.primaryReads);
  });

  it('lets a caller read their own write while the replica lags, and keeps the others on the replica', async () => {
    await pair.onStandby('select pg_wal_replay_pause()');
    try {
      const { createTeam } = await client('ADMIN').request<{ createTeam: { id: string } }>(CREATE_TEAM, {
        i: { name: 'Replica lag test', kind: 'GEOGRAPHIC' },
      });
      const before = await readiness();
      expect(await teamIds('ADMIN')).toContain(createTeam.id);
      // The analyst reads the paused replica: the team is not there yet, which shows where the read ran.
      expect(await teamIds('ANALYST')).not.toContain(createTeam.id);
      const after = await readiness();
      expect(after.primaryReads - before.primaryReads).toBe(1);
      expect(after.replicas[0].reads - before.replicas[0].reads).toBe(1);
      expect(after.replicas[0].state).toBe('in rotation');
    } finally {
      await pair.onStandby('select pg_wal_replay_resume()');
    }
    // Once the replica has replayed the write, the writer reads from it again.
    await until(readiness, (ready) => ready.replicas[0].lagBytes === 0);
    const before = await readiness();
    await teamIds('ADMIN');
    expect((await readiness()).replicas[0].reads - before.replicas[0].reads).toBe(1);
  });

  it('takes a stopped replica out of rotation without a failed read, and back in once it is up', async () => {
    // A second server whose replica is checked only at start: there the read, not a check, meets the stopped replica.
    const unchecked = await start('600000');
    try {
      const before = await readiness();
      await pair.stopStandby();
      expect(await teamIds('ANALYST', unchecked)).toBeInstanceOf(Array);
      expect(await teamIds('ANALYST', unchecked)).toBeInstanceOf(Array);
      const retried = await readiness(unchecked);
      expect(retried.replicas[0]).toMatchObject({ state: 'down', reads: 1 });
      expect(retried).toMatchObject({ retriedOnPrimary: 1, primaryReads: 2 });

      // Here a check finds it down: reads go to the primary, whether or not one was retried meanwhile.
      expect(await teamIds('ANALYST')).toBeInstanceOf(Array);
      await until(replicaState, (state) => state === 'down');
      expect(await teamIds('ANALYST')).toBeInstanceOf(Array);
      const down = await readiness();
      expect(down.status).toBe('ready');
      const retries = down.retriedOnPrimary - before.retriedOnPrimary;
      expect(retries).toBeLessThanOrEqual(1);
      expect(down.replicas[0].reads - before.replicas[0].reads).toBe(retries);
      expect(down.primaryReads - before.primaryReads).toBe(2);
    } finally {
      await unchecked.close();
    }

    await pair.startStandby();
    await until(replicaState, (state) => state === 'in rotation');
    const back = await readiness();
    await teamIds('ANALYST');
    const after = await readiness();
    expect(after.replicas[0].reads - back.replicas[0].reads).toBe(1);
    expect(after.primaryReads).toBe(back.primaryReads);
  });
});
