import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../generate/load.js';
import { clusterMarkdown, clusterReport } from './report.js';
import { REGION_DEALS } from '../harness/questions.js';
import { clusterBenchUnavailable, runClusterBenchmark, stopRunning } from './run.js';

/**
 * `pnpm bench:cluster`: the widget mix through 1 and 3 server processes behind nginx, with and without a
 * hot-standby replica, on a throw-away PostgreSQL pair filled by the generator. Writes
 * bench/results/cluster.json and cluster.md (or --out's .json and .md).
 */
const { values } = parseArgs({
  options: {
    deals: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '4,16' },
    /** Timed seconds per configuration at each number of clients, over all its rounds. */
    seconds: { type: 'string', default: '30' },
    /** Untimed seconds per configuration before its first round at each number of clients … */
    warmup: { type: 'string', default: '5' },
    /** … and at least as long as it takes each server process to answer this many requests. */
    'warmup-requests': { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '6' },
    out: { type: 'string', default: path.join(repoRoot, 'bench', 'results', 'cluster') },
  },
});
// Interrupted: stop the clusters and the databases first.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopRunning().finally(() => process.exit(130)));

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const unavailable = await clusterBenchUnavailable(redisUrl);
if (unavailable) {
  console.error(`Cannot run the cluster benchmark: ${unavailable}.`);
  process.exit(2);
}
const settings = {
  deals: Number(values.deals),
  clients: values.clients,
  seconds: Number(values.seconds),
  warmupSeconds: Number(values.warmup),
  warmupRequestsPerProcess: Number(values['warmup-requests']),
  rounds: Number(values.rounds),
};
if (!Number.isInteger(settings.rounds) || settings.rounds < 1) {
  console.error('--rounds takes a whole number of at least 1.');
  process.exit(2);
}
const result = await runClusterBenchmark(
  {
    deals: settings.deals,
    concurrency: settings.clients.split(',').filter(Boolean).map(Number),
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
    warmupRequestsPerProcess: settings.warmupRequestsPerProcess,
    rounds: settings.rounds,
    // A region as large a share of the organisation as the harness's at 1M deals, so that at this size it
    // is a smaller subtree than the department's funnel, not the department itself.
    regionDeals: Math.round((REGION_DEALS * settings.deals) / 1_000_000),
    log: (line) => console.log(line),
  },
  redisUrl,
);
const report = clusterReport(result, settings);
await mkdir(path.dirname(values.out), { recursive: true });
await writeFile(`${values.out}.json`, `${JSON.stringify(report, null, 2)}\n`);
const table = clusterMarkdown(report);
await writeFile(`${values.out}.md`, table);
console.log(`\n${table}\nWritten to ${path.relative(process.cwd(), values.out)}.json and .md`);
const failed = report.runs.flatMap((run) => run.configurations).filter((c) => c.failed > 0);
if (!report.identicalAnswers || failed.length) {
  console.error(
    `Not every configuration answered alike and without failures: ${failed.map((c) => c.name).join(', ') || 'answers differ'}.`,
  );
  process.exitCode = 1;
}
