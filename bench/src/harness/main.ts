import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { repoRoot } from '../generate/load.js';
import { growthFile, readGrowth } from './growth.js';
import { checkTargets, type DatabaseSummary, machine, markdown, type Report } from './report.js';
import { runBenchmark } from './run.js';

/**
 * `pnpm bench`: the widget questions through the GraphQL server and through the hand-written SQL
 * baseline, against the database at DATABASE_URL (filled by `pnpm bench:data`). Writes
 * bench/results/latest.json and latest.md (or --out's .json and .md) and, in the same folder,
 * deals-<N>.json, from which the report's growth table is built.
 */
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '1,8,32' },
    /** Timed seconds per side at each number of clients, over all its rounds. */
    seconds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '1.5' },
    rounds: { type: 'string', default: '3' },
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

async function describeDatabase(url: string): Promise<DatabaseSummary> {
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

const settings = {
  clients: values.clients,
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
  rounds: Number(values.rounds),
};
if (!Number.isInteger(settings.rounds) || settings.rounds < 1) {
  console.error('--rounds takes a whole number of at least 1.');
  process.exit(2);
}
const database = await describeDatabase(databaseUrl);
console.log(`${database.deals.toLocaleString('en')} deals, ${database.teams} teams, ${database.members} members (${database.server})`);
const results = await runBenchmark({
  databaseUrl,
  concurrency: values.clients.split(',').filter(Boolean).map(Number),
  seconds: settings.seconds,
  warmupSeconds: settings.warmupSeconds,
  rounds: settings.rounds,
  log: (line) => console.log(line),
});
const folder = path.dirname(values.out);
const growth = await readGrowth(folder, { deals: database.deals, results });
const report: Report = {
  date: new Date().toISOString(),
  machine: machine(),
  database,
  settings,
  results,
  targets: checkTargets(results, growth),
};
await mkdir(folder, { recursive: true });
const json = `${JSON.stringify(report, null, 2)}\n`;
await writeFile(`${values.out}.json`, json);
await writeFile(growthFile(folder, database.deals), json);
const table = markdown(report, growth);
await writeFile(`${values.out}.md`, table);
console.log(
  `\n${table}\nWritten to ${path.relative(process.cwd(), values.out)}.json and .md, and ${path.relative(process.cwd(), growthFile(folder, database.deals))}`,
);
const different = results.filter((r) => !r.identical);
if (different.length) {
  console.error(`The GraphQL server and the baseline disagree on ${different.map((r) => r.name).join(', ')}.`);
  process.exitCode = 1;
}
