import { spawn } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createScratchDatabase } from '@sales-graph/server/testing';
import { writeDealsFile } from './deals-file.js';

/**
 * `pnpm bench:import [--rows 1000000] [--keep]`: imports generated deals with their stage histories into
 * the demo organisation on a fresh database of the PostgreSQL server in DATABASE_URL, through the
 * command line as an admin would (`pnpm run import deals.csv`), and reports the wall time, the rows a
 * second and the importing process's peak memory (resident set, from /usr/bin/time). Not a test: the
 * figures go to bench/results/import.json and docs/performance.md.
 */
const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const rows = Number(values.rows);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres');

const serverDist = fileURLToPath(new URL('.', import.meta.resolve('@sales-graph/server')));
const scratch = (await createScratchDatabase('sales_graph_import', serverUrl))!;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

const file = join(tmpdir(), `sales-graph-import-${rows}.csv`);
try {
  const env = { DATABASE_URL: scratch.url, LOG_LEVEL: 'warn' };
  if ((await run('node', [join(serverDist, 'scripts/seed.js')], env)).code !== 0) throw new Error('seeding the demo failed');
  const { stageChanges } = await writeDealsFile(scratch.url, file, rows);
  const bytes = statSync(file).size;
  // %e wall seconds, %M peak resident set in KiB, %U %S CPU seconds in user and kernel mode.
  const timed = await run(
    '/usr/bin/time',
    ['-f', 'TIME %e %M %U %S', 'node', join(serverDist, 'scripts/import.js'), file, '--kind', 'deals', '--source', 'bench'],
    env,
  );
  const [, wall, peakKib, user, system] = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(timed.stderr) ?? [];
  if (timed.code !== 0 || !wall) throw new Error(`the import failed (exit ${timed.code})`);
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const counted = await client.query<{ deals: number; changes: number }>(
    `select (select count(*)::int from external_ref where source = 'bench' and kind = 'deals') as deals,
            (select count(*)::int from deal_stage_change c join external_ref x on x.record_id = c.deal_id and x.source = 'bench' and x.kind = 'deals') as changes`,
  );
  await client.end();
  const result = {
    rows,
    stageChanges,
    fileMegabytes: Math.round(bytes / 1e5) / 10,
    seconds: Number(wall),
    rowsPerSecond: Math.round(rows / Number(wall)),
    cpuSeconds: Math.round((Number(user) + Number(system)) * 10) / 10,
    peakMegabytes: Math.round(Number(peakKib) / 1024),
    imported: counted.rows[0],
    measuredAt: new Date().toISOString(),
  };
  if (result.imported.deals !== rows || result.imported.changes !== stageChanges)
    throw new Error(`imported ${JSON.stringify(result.imported)}`);
  const out = fileURLToPath(new URL('../../results/import.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(file, { force: true });
  if (!values.keep) await scratch.drop();
}
