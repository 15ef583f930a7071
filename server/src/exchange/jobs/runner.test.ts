import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLClient } from 'graphql-request';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { MAX_ATTEMPTS, startImportRunner, type ImportRunner } from './runner.js';

// IMPORT_JOBS=false: the queue is run only by the runners each test starts, as other processes would.
let server: TestServer;
let admin: GraphQLClient;
beforeAll(async () => {
  server = await startTestServer({ env: { IMPORT_JOBS: 'false' } });
  admin = server.client('ADMIN');
});
afterAll(() => server?.close());

const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => server.app.orm.em.fork().execute<T[]>(query, params);

async function queue(name: string): Promise<number> {
  const { startImport } = await admin.request<{ startImport: { id: string } }>(
    `mutation($i: StartImportInput!) { startImport(input: $i) { id } }`,
    {
      i: {
        source: 'runner-test',
        files: [
          {
            kind: 'TERRITORIES',
            format: 'CSV',
            name: 'territories.csv',
            content: `name,kind,potential,marketSize\n${name},REGION,1.00,2.00\n`,
          },
        ],
      },
    },
  );
  return Number(startImport.id);
}

async function jobRow(id: number) {
  const [row] = await sql<{ status: string; attempts: number; failure: string | null; chunks: number }>(
    'select status, attempts, failure, (select count(*)::int from import_job_chunk c where c.job_id = j.id) as chunks from import_job j where id = ?',
    [id],
  );
  return row;
}

async function until(id: number, status: string) {
  for (let i = 0; i < 400; i += 1) {
    const row = await jobRow(id);
    if (row.status === status) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} never reached ${status}: ${JSON.stringify(await jobRow(id))}`);
}

/** What a process that died while running a job leaves behind: RUNNING, its heartbeat two minutes old. */
async function diedWhileRunning(id: number, attempts: number): Promise<void> {
  await sql(
    `update import_job set status = 'RUNNING', attempts = ?, started_at = now() - interval '3 minutes', heartbeat_at = now() - interval '2 minutes' where id = ?`,
    [attempts, id],
  );
}

describe('the import runner', () => {
  let runners: ImportRunner[] = [];
  const start = () => {
    const runner = startImportRunner(server.app.orm, server.app.log, 50);
    runners.push(runner);
    return runner;
  };
  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    runners = [];
  });

  it('takes back a job whose process died, runs it again from its stored bytes and drops them once done', async () => {
    const id = await queue('Restarted Territory');
    expect(await jobRow(id)).toMatchObject({ status: 'QUEUED', attempts: 0, chunks: 1 });
    await diedWhileRunning(id, 1);
    start();
    expect(await until(id, 'SUCCEEDED')).toMatchObject({ attempts: 2, failure: null, chunks: 0 });
    const [territory] = await sql(`select count(*)::int as n from territory where name = 'Restarted Territory'`);
    expect(territory.n).toBe(1);
  });

  it(`fails a job whose process died ${MAX_ATTEMPTS} times`, async () => {
    const id = await queue('Doomed Territory');
    await diedWhileRunning(id, MAX_ATTEMPTS);
    start();
    const row = await until(id, 'FAILED');
    expect(row.failure).toMatch(/stopped 3 times/);
    expect(row.chunks).toBe(0);
  });

  it('leaves alone a running job whose heartbeat is fresh', async () => {
    const id = await queue('Busy Territory');
    await sql(`update import_job set status = 'RUNNING', attempts = 1, heartbeat_at = now() where id = ?`, [id]);
    start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await jobRow(id)).toMatchObject({ status: 'RUNNING', attempts: 1 });
    await sql(`update import_job set status = 'FAILED' where id = ?`, [id]);
  });

  it('shares the queue between runners: each job runs exactly once', async () => {
    const ids = [await queue('Shared One'), await queue('Shared Two'), await queue('Shared Three')];
    start();
    start();
    for (const id of ids) expect(await until(id, 'SUCCEEDED')).toMatchObject({ attempts: 1 });
  });
});
