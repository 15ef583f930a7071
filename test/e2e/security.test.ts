import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.js';
import { AUTH, identityToken } from '../support/tokens.js';

const token = identityToken;

let folder: string;
let database: ScratchDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-e2e-security-'));
  database = await createScratchDatabase('sales_graph_e2e');
  env = { DATA_DIR: path.join(folder, 'data'), ...(database ? { DATABASE_URL: database.url } : {}) };
});
afterAll(async () => {
  await database?.drop();
  await rm(folder, { recursive: true, force: true });
});

describe('the server process', () => {
  it('refuses to start in production without authentication, and in demo mode off the loopback interface', async () => {
    await expect(startServerProcess({ ...env, NODE_ENV: 'production' })).rejects.toThrow(/production needs authentication/);
    await expect(startServerProcess({ ...env, HOST: '0.0.0.0' })).rejects.toThrow(/demo mode/);
  });

  it('in production, takes the caller from a bearer token only', async () => {
    const server = await startServerProcess({ ...env, ...AUTH, NODE_ENV: 'production' });
    try {
      expect(server.logs.some((l) => l.msg === 'bearer token authentication on')).toBe(true);
      expect(server.logs.some((l) => String(l.msg).startsWith('DEMO MODE'))).toBe(false);
      const ask = (headers: Record<string, string>) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ viewer { role } }' }),
        });
      expect((await ask({})).status).toBe(401);
      expect((await ask({ 'x-viewer': 'ADMIN' })).status).toBe(401);
      const answer = await ask({ authorization: `Bearer ${token({ sub: 'analyst-1', role: 'ANALYST' })}` });
      expect(await answer.json()).toEqual({ data: { viewer: { role: 'ANALYST' } } });
      const introspection = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token({ sub: 'admin-1', role: 'ADMIN' })}` },
        body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
      });
      expect(introspection.status).toBe(400);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('warns loudly when it starts in demo mode', async () => {
    const server = await startServerProcess(env);
    try {
      const warning = server.logs.find((l) => String(l.msg).startsWith('DEMO MODE'));
      expect(warning?.level).toBe(40);
    } finally {
      await server.stop();
    }
  });
});
