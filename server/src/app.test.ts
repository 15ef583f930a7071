import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './app.js';
import { loadConfig } from './config.js';
import { createTestDatabase } from './testing/database.js';
import { startTestServer, type TestServer } from './testing/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

function post(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP service', () => {
  it('answers liveness and readiness probes', async () => {
    const live = await fetch(`${server.url}/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'reachable' });
  });

  it('names every request by an id of its own, whatever request id the client sends', async () => {
    const given = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const made = await fetch(`${server.url}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.headers.get('x-request-id')).not.toBe(given.headers.get('x-request-id'));
  });

  it('marks GraphQL answers as never cacheable', async () => {
    const answer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: server.bearer() },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses malformed JSON, oversized bodies and unknown paths with clear codes', async () => {
    const malformed = await post(`${server.url}/graphql`, '{"query": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).errors[0].extensions.code).toBe('BAD_REQUEST');
    const huge = await post(`${server.url}/graphql`, JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2_000_000) }), {
      'content-type': 'application/json',
    });
    expect(huge.status).toBe(413);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });

  it('refuses the development viewer header once authentication is configured', async () => {
    const response = await post(`${server.url}/graphql`, JSON.stringify({ query: '{ objectives { code } }' }), {
      'content-type': 'application/json',
      'x-viewer': 'ADMIN',
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'development-header' });
  });
});

describe('lifecycle', () => {
  it('keeps every record created through the API across a restart on the same data', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-restart-'));
    const database = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: path.join(folder, 'data'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    });
    try {
      const first = await startApp(config);
      const client = new GraphQLClient(`${first.url}/graphql`);
      const { createTerritory } = await client.request<{ createTerritory: { id: string } }>(
        `mutation { createTerritory(input: { name: "Калининград", kind: REGION, potential: "1500000.50", marketSize: "9000000" }) { id } }`,
      );
      const { createTeam } = await client.request<{ createTeam: { id: string } }>(
        `mutation($t: ID) { createTeam(input: { name: "Балтика", kind: GEOGRAPHIC, territoryId: $t }) { id } }`,
        { t: createTerritory.id },
      );
      await client.request(
        `mutation($t: ID!) { createMember(input: { fullName: "Балтийский Иван", email: "i.balt@x.ru", role: MANAGER, teamId: $t, hireDate: "2020-05-05" }) { id } }`,
        {
          t: createTeam.id,
        },
      );
      await first.close();

      const second = await startApp(config);
      const again = new GraphQLClient(`${second.url}/graphql`);
      const data = await again.request<{ team: { name: string; territory: { potential: string }; members: { email: string }[] } }>(
        `query($id: ID!) { team(id: $id) { name territory { potential } members { email } } }`,
        { id: createTeam.id },
      );
      expect(data.team).toEqual({ name: 'Балтика', territory: { potential: '1500000.50' }, members: [{ email: 'i.balt@x.ru' }] });
      await second.close();
    } finally {
      await database.drop();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('drains an in-flight request before shutting down', async () => {
    const local = await startTestServer({ seed: true });
    // The request is written with node:http and close() starts only once it has been fully handed to the
    // socket: a request still on its way would meet an idle (closed) connection, not an in-flight one.
    const body = JSON.stringify({
      query: `{ teams(first: 100) { totalCount edges { node { descendants(includeSelf: true) { members { fullName } } } } } }`,
    });
    let written!: () => void;
    const flushed = new Promise<void>((resolve) => (written = resolve));
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(
        `${local.url}/graphql`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: local.bearer() },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.on('finish', () => written());
      request.end(body);
    });
    await flushed;
    await new Promise((resolve) => setTimeout(resolve, 2));
    const closing = local.close();
    const result = await response;
    await closing;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text).data.teams.totalCount).toBe(14);
    await expect(fetch(`${local.url}/healthz`)).rejects.toThrow();
  });
});
