import 'reflect-metadata';
import { redisAnswers, TEST_REDIS_URL } from '../testing/redis.js';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded.js';
import { isDatabaseUnavailable } from '../db/outage.js';
import { createLogger } from '../logger.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { tokenFor } from '../testing/tokens.js';

/**
 * Hardening at the HTTP level, on production-configured servers: database outages, the request id,
 * the audit of refused requests, rate limits and the headers of every answer.
 */

interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

async function send(
  server: TestServer,
  route: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const response = await fetch(`${server.url}${route}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

const as = (viewer: string) => ({ authorization: `Bearer ${tokenFor(viewer)}` });
const gql = (server: TestServer, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = as('ADMIN')) =>
  send(server, '/graphql', { headers, body: { query, variables } });

const CREATE_TERRITORY = `mutation($i: CreateTerritoryInput!) { createTerritory(input: $i) { id } }`;
const territory = (name: string) => ({ name, kind: 'REGION', potential: '1000', marketSize: '5000' });

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  clientRequestId?: string;
  [key: string]: unknown;
}

/** A logger whose lines the test reads. */
function capturedLog() {
  const lines: LogLine[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

interface DatabaseProxy {
  url: string;
  /** Resets every connection and refuses new ones: the database is gone. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy in front of the database that the test can cut and restore. */
async function databaseProxy(upstreamUrl: string): Promise<DatabaseProxy> {
  const upstream = new URL(upstreamUrl);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const backend = connect(Number(upstream.port || 5432), upstream.hostname);
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        backend.destroy();
      });
    }
    client.pipe(backend).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), cut: stop, restore: () => listen(port), close: stop };
}

describe('database outages', () => {
  const withCode = (code: string) => Object.assign(new Error(`failed (${code})`), { code });
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['an administrator shutdown (57P01)', withCode('57P01')],
    ['a server that cannot accept connections yet (57P03)', withCode('57P03')],
    ['a connection failure (08006)', withCode('08006')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool that hands out no connection', new Error('Knex: Timeout acquiring a connection. The pool is probably full.')],
    [
      'a GraphQL error around an ORM exception',
      new GraphQLError('wrapped', { originalError: Object.assign(new Error('orm'), { cause: withCode('57P01') }) }),
    ],
  ])('are recognised: %s', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(true));
  it.each([
    ['a unique violation (23505)', withCode('23505')],
    ['a missing table (42P01)', withCode('42P01')],
    ['a rule violation', new Error('the team is archived')],
    ['not an error', { code: 'ECONNREFUSED' }],
  ])('are not confused with %s', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});

describe('a database outage', () => {
  let server: TestServer;
  let proxy: DatabaseProxy;
  let database: TestDatabase;
  let embedded: EmbeddedPostgres | undefined;
  const log = capturedLog();

  beforeAll(async () => {
    // The database the server reaches through the proxy: a PostgreSQL database, or an embedded one.
    database = await createTestDatabase();
    embedded = database.databaseUrl ? undefined : await startEmbeddedPostgres('memory://', database.template);
    proxy = await databaseProxy(database.databaseUrl ?? embedded!.url);
    server = await startTestServer({
      logger: log.logger,
      env: { NODE_ENV: 'production', DATABASE_URL: proxy.url, EMBED_SERVICE_KEY: 'service-key-of-the-intranet-backend-0001' },
    });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await embedded?.stop();
    await database?.drop();
  });

  const unavailable = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(503);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: answer.headers.get('x-request-id') });
    expect(answer.text).not.toMatch(/ECONN|127\.0\.0\.1|localhost|:\d{4,5}\b|terminated|stack/i);
  };

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After on every endpoint while the database is unreachable, and recovers', async () => {
    expect((await gql(server, `{ teams { totalCount } }`)).status).toBe(200);
    await proxy.cut();
    try {
      unavailable(await gql(server, `{ teams { totalCount } }`));
      unavailable(await gql(server, `{ teams { totalCount } }`, undefined, as('REP:1')));
      unavailable(await gql(server, CREATE_TERRITORY, { i: territory('During the outage') }));
      unavailable(
        await send(server, '/export/metrics.csv', { headers: as('ADMIN'), body: { measures: ['REVENUE_WON'], dimensions: ['TEAM'] } }),
      );
      unavailable(
        await send(server, '/auth/embed-tokens', {
          headers: { 'x-service-key': 'service-key-of-the-intranet-backend-0001' },
          body: { teamId: '1', widgets: ['FUNNEL'] },
        }),
      );
      const ready = await send(server, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'not ready', database: 'unreachable' });
    } finally {
      await proxy.restore();
    }
    const answer = await gql(server, `{ teams { totalCount } }`);
    expect(answer.status, answer.text).toBe(200);
    expect((await send(server, '/readyz')).status).toBe(200);
  });

  it('names no host, port or database in /readyz', async () => {
    const name = new URL(database.databaseUrl ?? embedded!.url).pathname.slice(1);
    const port = new URL(proxy.url).port;
    await proxy.cut();
    try {
      const ready = await send(server, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.text).not.toContain(port);
      expect(ready.text).not.toContain(name);
      expect(ready.text).not.toMatch(/127\.0\.0\.1|localhost|ECONN/);
    } finally {
      await proxy.restore();
    }
  });

  it('writes every error line with the request id', async () => {
    await proxy.cut();
    try {
      await gql(server, `{ teams { totalCount } }`);
      await send(server, '/export/metrics.csv', { headers: as('ADMIN'), body: { measures: ['REVENUE_WON'] } });
    } finally {
      await proxy.restore();
    }
    await server.app.orm.em.getConnection().execute('alter table territory rename to territory_hidden');
    try {
      expect((await gql(server, `{ territories { totalCount } }`)).body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await server.app.orm.em.getConnection().execute('alter table territory_hidden rename to territory');
    }
    const errors = log.lines.filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toEqual(expect.arrayContaining(['database unavailable', 'unexpected error in a resolver']));
    for (const line of errors) expect(line.requestId, JSON.stringify(line)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a production server', () => {
  let server: TestServer;
  const log = capturedLog();
  const SERVICE_KEY = 'service-key-of-the-intranet-backend-0001';

  beforeAll(async () => {
    server = await startTestServer({
      seed: true,
      logger: log.logger,
      env: { NODE_ENV: 'production', EMBED_SERVICE_KEY: SERVICE_KEY, HSTS_MAX_AGE: '31536000' },
    });
  });
  afterAll(() => server?.close());

  /** The audit entries of one request, found by the request id the server answered with. */
  async function auditOf(answer: Answer) {
    const requestId = answer.headers.get('x-request-id')!;
    const { body } = await gql(
      server,
      `query($r: String) { auditLog(filter: { requestId: $r }) { nodes { requestId operation outcome actorRole actorSubject arguments error } } }`,
      { r: requestId },
    );
    return body.data.auditLog.nodes as {
      requestId: string;
      operation: string;
      outcome: string;
      actorRole: string;
      actorSubject: string;
      arguments: any;
      error: string;
    }[];
  }

  it('names each request by its own id, logging the client one beside it', async () => {
    const answer = await gql(
      server,
      CREATE_TERRITORY,
      { i: territory('Request id check') },
      { ...as('ADMIN'), 'x-request-id': 'client-chosen-id' },
    );
    expect(answer.status, answer.text).toBe(200);
    const requestId = answer.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await auditOf(answer)).toMatchObject([{ requestId, operation: 'createTerritory', outcome: 'OK' }]);
    const claimed = await gql(server, `{ auditLog(filter: { requestId: "client-chosen-id" }) { totalCount } }`);
    expect(claimed.body.data.auditLog.totalCount).toBe(0);
    expect(log.lines.find((line) => line.msg === 'request' && line.requestId === requestId)).toMatchObject({
      clientRequestId: 'client-chosen-id',
    });
    const hostile = await gql(server, `{ __typename }`, undefined, { ...as('ADMIN'), 'x-request-id': `${'x'.repeat(200)}` });
    const line = log.lines.find((entry) => entry.msg === 'request' && entry.requestId === hostile.headers.get('x-request-id'));
    expect(line).toBeDefined();
    expect(line!.clientRequestId).toBeUndefined();
  });

  it('audits a mutation the access guard refuses, with its arguments', async () => {
    const answer = await gql(server, `mutation($id: ID!) { archiveTeam(id: $id) { id } }`, { id: '1' }, as('ANALYST'));
    expect(answer.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await auditOf(answer)).toMatchObject([
      { operation: 'archiveTeam', outcome: 'FORBIDDEN', actorRole: 'ANALYST', arguments: { id: '1' } },
    ]);
  });

  it('audits a mutation its resolver refuses, with its arguments', async () => {
    const answer = await gql(server, CREATE_TERRITORY, { i: territory('   ') });
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await auditOf(answer)).toMatchObject([
      { operation: 'createTerritory', outcome: 'BAD_USER_INPUT', arguments: { input: { name: '   ', kind: 'REGION' } } },
    ]);
  });

  it('audits mutations refused before any resolver ran, with their variables made storable', async () => {
    const surrogate = await gql(server, CREATE_TERRITORY, { i: territory('x\ud800y') });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'lone-surrogate' });
    expect(await auditOf(surrogate)).toMatchObject([
      { operation: 'createTerritory', outcome: 'BAD_USER_INPUT', arguments: { variables: { i: { name: 'x\uFFFDy' } } } },
    ]);

    const farFuture = await gql(server, `mutation($i: CreatePeriodInput!) { createPeriod(input: $i) { id } }`, {
      i: { kind: 'MONTH', startDate: '9999-12-01', endDate: '9999-12-31' },
    });
    expect(farFuture.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'date-range', field: 'startDate' });
    expect(await auditOf(farFuture)).toMatchObject([
      { operation: 'createPeriod', outcome: 'BAD_USER_INPUT', arguments: { variables: { i: { endDate: '9999-12-31' } } } },
    ]);

    const { totalCount } = (await gql(server, `{ territories(filter: { text: "x" }) { totalCount } }`)).body.data.territories;
    expect(totalCount).toBe(0);
  });

  it('audits failed service-key attempts at POST /auth/embed-tokens, without the key', async () => {
    const presented = 'a-guessed-service-key-that-is-long-enough';
    const answer = await send(server, '/auth/embed-tokens', {
      headers: { 'x-service-key': presented },
      body: { teamId: '1', widgets: ['FUNNEL'] },
    });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'service-key' });
    const entries = await auditOf(answer);
    expect(entries).toMatchObject([
      {
        operation: 'POST /auth/embed-tokens',
        outcome: 'UNAUTHENTICATED',
        actorSubject: 'service-key',
        arguments: { teamId: '1', widgets: ['FUNNEL'] },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain(presented);
  });

  it('sends the security headers on every answer, with HSTS when configured', async () => {
    for (const answer of [
      await gql(server, `{ __typename }`),
      await gql(server, `{ teamz }`),
      await send(server, '/healthz'),
      await send(server, '/nowhere'),
      await send(server, '/widgets/missing.js'),
      await send(server, '/export/metrics.csv', { method: 'PUT' }),
    ]) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000');
    }
  });
});

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'production', RATE_LIMIT_PER_SUBJECT: '3', RATE_LIMIT_PER_IP: '8' } });
  });
  afterAll(() => server?.close());

  const limited = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(429);
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(answer.body.errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter,
      requestId: answer.headers.get('x-request-id'),
    });
  };

  it('answer 429 RATE_LIMITED with Retry-After per caller, then per client address, on every limited endpoint', async () => {
    for (let i = 0; i < 3; i += 1) expect((await gql(server, `{ __typename }`)).status).toBe(200);
    limited(await gql(server, `{ __typename }`));
    // Another caller from the same address still has its budget
    expect((await gql(server, `{ __typename }`, undefined, as('ANALYST'))).status).toBe(200);
    limited(await send(server, '/export/metrics.csv', { headers: as('ADMIN'), body: { measures: ['REVENUE_WON'] } }));
    limited(await send(server, '/auth/embed-tokens', { headers: as('ADMIN'), body: { teamId: '1', widgets: ['FUNNEL'] } }));
    expect((await gql(server, `{ __typename }`, undefined, as('ANALYST'))).status).toBe(200);
    // The address has spent its eight requests: even an unauthenticated one is refused before anything else.
    limited(await gql(server, `{ __typename }`, undefined, {}));
    limited(await send(server, '/auth/embed-tokens', { headers: { 'x-service-key': 'whatever' }, body: {} }));
    // Probes are not limited
    expect((await send(server, '/healthz')).status).toBe(200);
    expect((await send(server, '/readyz')).status).toBe(200);
  });

  it('send no Strict-Transport-Security unless configured', async () => {
    expect((await send(server, '/healthz')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe.runIf(await redisAnswers())('rate limits counted in Redis', () => {
  const instances: TestServer[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1)
      instances.push(
        await startTestServer({
          env: { NODE_ENV: 'production', REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_PER_SUBJECT: '2', RATE_LIMIT_PER_IP: '0' },
        }),
      );
  });
  afterAll(() => Promise.all(instances.map((instance) => instance.close())));

  it('are shared by the instances', async () => {
    // A subject of its own: the counts outlive this test in Redis.
    const caller = { authorization: `Bearer ${tokenFor('ADMIN', { sub: `redis-test-${randomUUID()}` })}` };
    const [first, second] = instances;
    expect((await gql(first, `{ __typename }`, undefined, caller)).status).toBe(200);
    expect((await gql(second, `{ __typename }`, undefined, caller)).status).toBe(200);
    expect((await gql(first, `{ __typename }`, undefined, caller)).status).toBe(429);
    expect((await gql(second, `{ __typename }`, undefined, caller)).status).toBe(429);
  });
});

describe('the demo page', () => {
  let server: TestServer;
  const script = `document.body.dataset.ready = 'yes';`;
  const style = `body { margin: 0; }`;
  beforeAll(async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-demo-'));
    const widgets = path.join(folder, 'widgets');
    await mkdir(widgets);
    await writeFile(
      path.join(widgets, 'demo.html'),
      `<!doctype html><html><head><style>${style}</style><script type="module" src="/widgets/sales-widgets.js"></script></head>` +
        `<body><sales-team-card team-id="{{teamId}}"></sales-team-card><script type="module">${script}</script></body></html>`,
    );
    await writeFile(path.join(widgets, 'sales-widgets.js'), 'export {};\n//# sourceMappingURL=sales-widgets.js.map\n');
    await writeFile(path.join(widgets, 'sales-widgets.js.map'), '{"version":3}');
    server = await startTestServer({ seed: true, auth: false, env: { WIDGETS_DIR: widgets } });
  });
  afterAll(() => server?.close());

  it('has a strict Content-Security-Policy that admits its own inline script and style by hash', async () => {
    const page = await send(server, '/demo');
    expect(page.status).toBe(200);
    const policy = Object.fromEntries(
      page.headers
        .get('content-security-policy')!
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'", hash(script)]);
    expect(policy['style-src']).toEqual(["'self'", hash(style)]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves source maps outside production', async () => {
    expect((await send(server, '/widgets/sales-widgets.js')).text).toContain('sourceMappingURL=sales-widgets.js.map');
    expect((await send(server, '/widgets/sales-widgets.js.map')).status).toBe(200);
  });
});
