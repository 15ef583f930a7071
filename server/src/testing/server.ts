import { GraphQLClient, ClientError } from 'graphql-request';
import { expect } from 'vitest';
import { startApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { seedDemo } from '../seeders/seed.js';
import type { Logger } from '../logger.js';
import { createTestDatabase } from './database.js';
import { TEST_AUTH, tokenFor } from './tokens.js';

export interface TestServer {
  app: App;
  url: string;
  /**
   * A GraphQL client acting as the given viewer ("ADMIN", "ANALYST", "MANAGER:12", "REP:34"): it sends a
   * Bearer token of the test identity provider (or, with `auth: false`, the demo-mode X-Viewer header).
   */
  client(viewer?: string): GraphQLClient;
  /** A GraphQL client sending exactly these headers. */
  clientWithHeaders(headers: Record<string, string>): GraphQLClient;
  /** The Authorization header value `client(viewer)` sends. */
  bearer(viewer?: string): string;
  close(): Promise<void>;
}

/**
 * The real server on a fresh database (embedded in memory, or a new PostgreSQL database), with token
 * authentication against the test identity provider (testing/tokens.ts); `auth: false` starts it in
 * demo mode instead. `logger` replaces the server's log (tests that read its lines).
 */
export async function startTestServer(
  options: { seed?: boolean; env?: NodeJS.ProcessEnv; auth?: boolean; logger?: Logger } = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: 'memory://',
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Test files send many requests from one address as one caller; only the rate-limit test sets real budgets.
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_SUBJECT: '1000000',
    // Test files that run as production (NODE_ENV) must not take the weekly snapshot in the background.
    FORECAST_SNAPSHOTS: 'false',
    // Nor send reminders: the reminder tests run their ticks at the times they choose.
    REMINDERS: 'false',
    // Nor poll the import queue: only the tests of import jobs start the runner (IMPORT_JOBS: 'true').
    IMPORT_JOBS: 'false',
    // Nor send webhooks: the webhook tests start their delivery workers themselves.
    WEBHOOK_DELIVERY: 'false',
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...(options.auth === false ? {} : TEST_AUTH),
    ...options.env,
  });
  const app = await startApp(config, { template: database.template, logger: options.logger });
  if (options.seed) await seedDemo(app.orm);
  return {
    app,
    url: app.url,
    client: (viewer = 'ADMIN') =>
      new GraphQLClient(`${app.url}/graphql`, {
        headers: config.auth ? { authorization: `Bearer ${tokenFor(viewer)}` } : { 'x-viewer': viewer },
      }),
    clientWithHeaders: (headers) => new GraphQLClient(`${app.url}/graphql`, { headers }),
    bearer: (viewer = 'ADMIN') => `Bearer ${tokenFor(viewer)}`,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

interface GraphQLErrorShape {
  message: string;
  extensions?: Record<string, unknown>;
}

/** Runs a request that must fail and returns its first error, checking its code (and field). */
export async function expectGraphQLError(request: Promise<unknown>, code: string, field?: string): Promise<GraphQLErrorShape> {
  let error: unknown;
  try {
    await request;
  } catch (caught) {
    error = caught;
  }
  expect(error, 'the request should have failed').toBeInstanceOf(ClientError);
  const first = (error as ClientError).response.errors?.[0] as GraphQLErrorShape | undefined;
  expect(first?.extensions?.code, first?.message).toBe(code);
  if (field !== undefined) expect(first?.extensions?.field, first?.message).toBe(field);
  expect(JSON.stringify(first)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  return first!;
}

/** Sends a query and returns its data together with the SQL statements it cost. */
export async function measured<T>(client: GraphQLClient, query: string, variables?: Record<string, unknown>) {
  const response = await client.rawRequest<T>(query, variables);
  return { data: response.data, statements: Number(response.headers.get('x-sql-statements')) };
}
