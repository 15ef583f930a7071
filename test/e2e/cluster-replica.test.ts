import { randomUUID } from 'node:crypto';
import { standbyUnavailable } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nginxPath, redisListening, startCluster, type AccessLine, type Cluster } from '../support/cluster.js';
import { ask } from '../support/graphql.js';
import { AUTH, identityToken } from '../support/tokens.js';

/**
 * Beyond one machine, all together: `scripts/cluster.mjs --replica` runs three built server processes
 * behind nginx on a throw-away PostgreSQL primary and its hot standby (docs/deployment.md#with-a-read-replica),
 * every process reading from the standby and sharing read-your-writes positions in Redis (docs/replicas.md).
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const skipped = !nginxPath()
  ? 'nginx is not installed (apt-get install -y nginx, or set NGINX)'
  : (standbyUnavailable() ??
    (!(await redisListening(REDIS_URL)) ? `no Redis answers at ${new URL(REDIS_URL).host} (apt-get install -y redis-server)` : undefined));

const ROUNDS = 20;
const CLIENTS = 4;
const CREATE_TEAM = 'mutation CreateTeam($input: CreateTeamInput!) { createTeam(input: $input) { id name } }';
const TEAMS_NAMED = 'query TeamsNamed($text: String!) { teams(filter: { text: $text }, first: 5) { nodes { id } } }';
const READ = '{ teams(first: 20) { totalCount nodes { id name } } }';

/** Callers of their own in this run: write positions kept in Redis by earlier runs never apply to them. */
const run = randomUUID().slice(0, 8);
const caller = (role: string, name: string) => ({
  authorization: `Bearer ${identityToken({ sub: `cluster-replica-${name}-${run}`, role })}`,
});
const writer = caller('ADMIN', 'writer');
const reader = (client: number) => caller('ANALYST', `reader-${client}`);

let cluster: Cluster;

beforeAll(async () => {
  if (skipped) return;
  cluster = await startCluster(
    {
      ...AUTH,
      REDIS_URL,
      DATABASE_REPLICA_CHECK_MS: '250',
      // The replica stays in rotation while its replay is paused below: read-your-writes is what is tested.
      DATABASE_REPLICA_MAX_LAG_MS: '600000',
      DATABASE_REPLICA_MAX_LAG_BYTES: '1000000000',
    },
    3,
    { replica: true },
  );
});
afterAll(async () => {
  await cluster?.stop();
});

interface Readiness {
  status: string;
  replicas: { state: string; lagBytes?: number; reads: number }[];
  primaryReads: number;
  retriedOnPrimary: number;
}

/** Each process's own /readyz, asked directly rather than through nginx. */
const readiness = (): Promise<Readiness[]> =>
  Promise.all(cluster.processes.map(async ({ port }) => (await fetch(`http://127.0.0.1:${port}/readyz`)).json() as Promise<Readiness>));

/** The read counters of /readyz summed over the processes. */
async function tally() {
  const all = await readiness();
  const sum = (count: (ready: Readiness) => number) => all.reduce((total, ready) => total + count(ready), 0);
  return {
    replicaReads: sum((ready) => ready.replicas[0].reads),
    primaryReads: sum((ready) => ready.primaryReads),
    retried: sum((ready) => ready.retriedOnPrimary),
  };
}

/** Polls every process's /readyz until `check` holds for each (their health checks run every 250 ms). */
async function untilEvery(check: (ready: Readiness) => boolean): Promise<Readiness[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const all = await readiness();
    if (all.every(check)) return all;
    if (Date.now() > deadline) throw new Error(`not every process got there; last: ${JSON.stringify(all)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The access log lines written from now on. */
async function accessLogFromNow(): Promise<() => Promise<AccessLine[]>> {
  const before = (await cluster.accessLog()).length;
  return async () => (await cluster.accessLog()).slice(before);
}

const teamIdsNamed = async (text: string, headers: Record<string, string>) =>
  (await ask<{ teams: { nodes: { id: string }[] } }>(cluster.url, TEAMS_NAMED, { text }, headers)).teams.nodes.map((team) => team.id);

/** `CLIENTS` callers, none of whom writes, each reading through nginx one read after the other until stopped. */
function steadyReads() {
  const outcomes: { client: number; status: number; ok: boolean }[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  let running = true;
  const read = async (client: number) => {
    try {
      const response = await fetch(`${cluster.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...reader(client) },
        body: JSON.stringify({ query: READ }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      return { client, status: response.status, ok: response.status === 200 && !body.errors };
    } catch {
      return { client, status: 0, ok: false };
    }
  };
  const loops = Array.from({ length: CLIENTS }, async (_, client) => {
    while (running) {
      outcomes.push(await read(client));
      for (const waiter of waiting.filter((w) => outcomes.length >= w.count)) waiter.resolve();
    }
  });
  return {
    /** Resolves once `count` more reads have been answered. */
    answered: (count: number) => new Promise<void>((resolve) => waiting.push({ count: outcomes.length + count, resolve })),
    async stop() {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

describe.skipIf(skipped)(`three processes behind nginx on a primary and a hot standby${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it('a writer reads each write at once through another process; other callers read the replica', async () => {
    // With its replay paused the replica has none of the writes below: a read served there would miss them.
    await cluster.replica!.standby('pause');
    const written = await accessLogFromNow();
    const before = await tally();
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        const name = `Replica round ${round} ${run}`;
        const { createTeam } = await ask<{ createTeam: { id: string } }>(
          cluster.url,
          CREATE_TEAM,
          { input: { name, kind: 'GEOGRAPHIC' } },
          writer,
        );
        expect(await teamIdsNamed(name, writer)).toEqual([createTeam.id]);
        expect(await teamIdsNamed(name, reader(round % CLIENTS))).toEqual([]);
      }
    } finally {
      await cluster.replica!.standby('resume');
    }
    const after = await tally();
    // Every other caller's read was served by the replica, every one of the writer's by the primary.
    expect(after.replicaReads - before.replicaReads).toBe(ROUNDS);
    expect(after.primaryReads - before.primaryReads).toBe(ROUNDS);

    // Round robin: each round's write, the writer's read and the other caller's read went to three processes,
    // so the process that read the writer's write learnt of it through Redis.
    const lines = (await written()).filter((line) => line.uri === '/graphql');
    expect(lines).toHaveLength(3 * ROUNDS);
    const answeredBy = (line: AccessLine) => line.upstreams.at(-1);
    const readWhereWritten = lines.filter((line, i) => i % 3 === 1 && answeredBy(line) === answeredBy(lines[i - 1]));
    expect(readWhereWritten).toEqual([]);

    // Once the replica has replayed the writes, the writer reads from it again.
    await untilEvery((ready) => ready.replicas[0].state === 'in rotation' && ready.replicas[0].lagBytes === 0);
    const caughtUp = await tally();
    expect(await teamIdsNamed(`Replica round 0 ${run}`, writer)).toHaveLength(1);
    expect((await tally()).replicaReads - caughtUp.replicaReads).toBe(1);
  });

  it('loses the standby under a steady read load without a failed read, and takes it back once it is up', async () => {
    const before = await tally();
    const reads = steadyReads();
    await reads.answered(40);
    await cluster.replica!.standby('stop');
    const down = await untilEvery((ready) => ready.replicas[0].state === 'down');
    expect(down.map((ready) => ready.status)).toEqual(['ready', 'ready', 'ready']);
    await reads.answered(40);
    const whileDown = await tally();
    await cluster.replica!.standby('start');
    await untilEvery((ready) => ready.replicas[0].state === 'in rotation');
    const back = await tally();
    await reads.answered(40);
    const outcomes = await reads.stop();
    const after = await tally();

    // A read that met the stopping standby was run again on the primary inside the server (docs/replicas.md,
    // "The one retry"): callers see no failure.
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    // While it was down the primary served the reads; back in rotation, the replica serves them again.
    expect(whileDown.primaryReads).toBeGreaterThan(before.primaryReads);
    expect(after.replicaReads).toBeGreaterThan(back.replicaReads);
    console.info(
      `standby stopped and started under ${outcomes.length} reads: none failed, ${after.retried - before.retried} retried on the primary`,
    );
  });
});
