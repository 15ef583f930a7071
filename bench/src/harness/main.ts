import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { repoRoot } from '../generate/load.js';
import { checkTargets, machine, markdown } from './report.js';
import { runBenchmark } from './run.js';

/**
 * `pnpm bench`: the widget questions through the GraphQL server and through the hand-written SQL
 * baseline, against the database at DATABASE_URL (filled by `pnpm bench:data`). Writes
 * bench/results/latest.json and latest.md.
 */
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1,8,32' },
    seconds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '1.5' },
    out: { type: 'string', default: path.join(repoRoot, 'bench', 'results', 'latest') },
  },
});
// Interrupted: exit, which stops the servers (see processes.ts).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('Set DATABASE_URL to a database filled by `pnpm bench:data`.');
  process.exit(2);
}

async function describeDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ deals: string; teams: string; members: string; server: string }>(
      `select (select count(*) from deal) as deals, (select count(*) from team) as teams, (select count(*) from member) as members,
              split_part(version(), ' on ', 1) as server`,
    );
    return { deals: Number(rows[0].deals), teams: Number(rows[0].teams), members: Number(rows[0].members), server: rows[0].server };
  } finally {
    await client.end();
  }
}

const database = await describeDatabase(databaseUrl);
console.log(`${database.deals.toLocaleString('en')} deals, ${database.teams} teams, ${database.members} members (${database.server})`);
const results = await runBenchmark({
  databaseUrl,
  concurrency: values.clients.split(',').filter(Boolean).map(Number),
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
  log: (line) => console.log(line),
});
const report = {
  date: new Date().toISOString(),
  machine: machine(),
  database,
  settings: { clients: values.clients, seconds: Number(values.seconds), warmupSeconds: Number(values.warmup) },
  results,
  targets: checkTargets(results),
};
await mkdir(path.dirname(values.out), { recursive: true });
await writeFile(`${values.out}.json`, JSON.stringify(report, null, 2) + '\n');
const table = markdown(report);
await writeFile(`${values.out}.md`, table);
console.log(`\n${table}\nWritten to ${path.relative(process.cwd(), values.out)}.json and .md`);
const different = results.filter((r) => !r.identical);
if (different.length) {
  console.error(`The GraphQL server and the baseline disagree on ${different.map((r) => r.name).join(', ')}.`);
  process.exitCode = 1;
}
