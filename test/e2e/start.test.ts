import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLClient } from 'graphql-request';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.js';

let folder: string;
let database: ScratchDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-e2e-'));
  database = await createScratchDatabase('sales_graph_e2e');
  env = { DATA_DIR: path.join(folder, 'data'), ...(database ? { DATABASE_URL: database.url } : {}) };
});
afterAll(async () => {
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

describe('the start command', () => {
  it('starts with the demo organisation, stops gracefully and keeps its data on restart', async () => {
    const first = await startServerProcess(env);
    expect(first.logs.some((l) => l.msg === 'demo organisation seeded')).toBe(true);
    const client = new GraphQLClient(`${first.url}/graphql`);
    const { teams } = await client.request<{ teams: { totalCount: number; nodes: { name: string; kind: string }[] } }>(
      `{ teams(first: 50) { totalCount nodes { name kind } } }`,
    );
    expect(teams.totalCount).toBeGreaterThanOrEqual(10);
    expect(teams.nodes.map((t) => t.name)).toContain('Национальный отдел продаж');
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    await client.request(
      `mutation { createTerritory(input: { name: "Крым", kind: REGION, potential: "100.00", marketSize: "200.00" }) { id } }`,
    );
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.logs.some((l) => l.msg === 'stopped')).toBe(true);

    const second = await startServerProcess(env);
    expect(second.logs.some((l) => l.msg === 'demo organisation seeded')).toBe(false);
    const again = new GraphQLClient(`${second.url}/graphql`);
    const { territories } = await again.request<{ territories: { nodes: { name: string }[] } }>(
      `{ territories(filter: { text: "Крым" }) { nodes { name } } }`,
    );
    expect(territories.nodes).toEqual([{ name: 'Крым' }]);
    expect(await second.stop('SIGINT')).toBe(0);
  });
});
