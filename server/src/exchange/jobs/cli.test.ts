import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { parseCliArgs, UsageError } from './cli-args.js';
import { rejectedPath } from './cli.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const script = path.join(serverDir, 'dist/scripts/import.js');

describe('the command line', () => {
  it('takes kind and format from the file names unless given', () => {
    const options = parseCliArgs(['data/follow-ups.ndjson', 'bitrix-deals-2026.csv', 'customers.json']);
    expect(options).toMatchObject({
      files: [
        { kind: 'follow-ups', format: 'NDJSON' },
        { kind: 'deals', format: 'CSV' },
        { kind: 'customers', format: 'JSON' },
      ],
      source: 'generic',
      dryRun: false,
      mode: 'ALL_OR_NOTHING',
    });
    expect(
      parseCliArgs(['export.txt', '--kind', 'deals', '--format', 'csv', '--mapping', 'bitrix24', '--partial', '--delimiter', ';']),
    ).toMatchObject({
      files: [{ kind: 'deals', format: 'CSV' }],
      mapping: 'bitrix24',
      source: 'bitrix24',
      mode: 'PARTIAL',
      delimiter: ';',
    });
  });

  it('refuses what it cannot run as usage errors', () => {
    expect(() => parseCliArgs(['deals.csv', '--frobnicate'])).toThrow(UsageError);
    expect(() => parseCliArgs([])).toThrow(UsageError);
    expect(() => parseCliArgs(['stuff.csv'])).toThrow(/--kind/);
    expect(() => parseCliArgs(['deals.xlsx'])).toThrow(/--format/);
    expect(() => parseCliArgs(['deals.csv', '--mapping', 'a', '--mapping-file', 'b'])).toThrow(UsageError);
    expect(() => parseCliArgs(['deals.csv', '--encoding', 'KOI8'])).toThrow(/--encoding/);
  });

  it('writes the rejected rows beside the file', () => {
    expect(rejectedPath('/tmp/x/deals.csv')).toBe('/tmp/x/deals.rejected.csv');
  });
});

// The built script (`pnpm --filter @sales-graph/server build`), run as `pnpm run import` runs it, against
// the database of a test server: the job it records is the graph's.
describe.runIf(existsSync(script))('pnpm run import', () => {
  let server: TestServer;
  let folder: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { IMPORT_JOBS: 'false' } });
    folder = await mkdtemp(path.join(tmpdir(), 'import-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: server.app.databaseUrl, INIT_CWD: folder };
      execFile(process.execPath, [script, ...args], { env, cwd: serverDir, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('imports a file, prints the summary and exits 0; the job shows in the graph', async () => {
    await writeFile(
      path.join(folder, 'territories.csv'),
      'externalId,name,kind,potential,marketSize\ncli-1,Cli Territory,REGION,1.00,2.00\n',
    );
    const { code, stdout, stderr } = await run(['territories.csv', '--source', 'cli-test']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Import job \d+: applied/);
    expect(stdout).toMatch(/territories\s+1\s+1\s+0\s+0\s+0/);
    const { importJobs } = await server
      .client('ADMIN')
      .request<{ importJobs: { nodes: Record<string, unknown>[] } }>(
        `{ importJobs(first: 1) { nodes { status source requestedBy counts { created } } } }`,
      );
    expect(importJobs.nodes[0]).toEqual({
      status: 'SUCCEEDED',
      source: 'cli-test',
      requestedBy: 'cli:pnpm-import',
      counts: [{ created: 1 }],
    });
  });

  it('exits 1 with the row errors when a row is refused, and writes the rejected rows beside the file with --partial', async () => {
    const csv = 'externalId,name,kind,potential,marketSize\ncli-2,Cli Good,REGION,1.00,2.00\ncli-3,Cli Bad,NOWHERE,1.00,2.00\n';
    await writeFile(path.join(folder, 'regions-territories.csv'), csv);
    const refused = await run(['regions-territories.csv', '--source', 'cli-test']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused, nothing written: 1 errors/);
    expect(refused.stdout).toMatch(/regions-territories\.csv:3 kind \S+ /);
    const partial = await run(['regions-territories.csv', '--source', 'cli-test', '--partial']);
    expect(partial.code).toBe(1);
    expect(await readFile(path.join(folder, 'regions-territories.rejected.csv'), 'utf8')).toContain('Cli Bad');
  });

  it('exits 2 on an unknown flag or a missing file', async () => {
    expect((await run(['territories.csv', '--frobnicate'])).code).toBe(2);
    const missing = await run(['no-such-territories.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
