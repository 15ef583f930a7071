import http from 'node:http';
import os from 'node:os';
import { loadOrganisation, type LoadSummary } from '../generate/load.js';
import { firstDifference } from '../harness/compare.js';
import { type LoadResult, type Round, send, summarise } from '../harness/load.js';
import { adminToken, chooseQuestions, graphqlTarget, type Target } from '../harness/questions.js';
import {
  CONFIGURATIONS,
  type Configuration,
  type Databases,
  listening,
  nginxFound,
  type RunningCluster,
  readCounts,
  startCluster,
} from './cluster.js';
import { clusterCpuMs, machineTicks } from './cpu.js';
import { standbyUnavailable, startStandbyPair, waitStandbyCaughtUp } from './database.js';
import { type MixRound, openMix } from './mix.js';

export interface ClusterBenchOptions {
  /** Size of the generated organisation (bench/src/generate); teams and members default from it. */
  deals: number;
  teams?: number;
  members?: number;
  /** Concurrent clients of each timed run. */
  concurrency: number[];
  /** Timed seconds per configuration at each concurrency, split over the rounds. */
  seconds: number;
  /** Untimed seconds per configuration before its first round at each concurrency. */
  warmupSeconds: number;
  /**
   * Requests each server process must have answered before any round is timed: a process's CPU per
   * request keeps falling over its first thousands of requests (V8 optimising the hot paths), and three
   * processes sharing the load each see a third of it.
   */
  warmupRequestsPerProcess: number;
  /** Timed rounds per configuration, alternating: 1 process, 3 processes, …, 1 process, … */
  rounds: number;
  /** Deals in the quarter of the region whose funnel is asked (harness/questions.ts). */
  regionDeals?: number;
  log?: (line: string) => void;
}

/** One configuration at one concurrency, over all its rounds. */
export interface ConfigurationResult extends Configuration {
  result: LoadResult;
  /** Requests that were not answered with a 200 free of GraphQL errors. */
  failed: number;
  firstFailure: string | null;
  /** nginx's CPU time (master and worker) per request, apart from the servers'. */
  nginxCpuMsPerRequest: number;
  /** Share of all the machine's cores busy during the rounds, whoever's work: PostgreSQL, the clients, other jobs. */
  machineBusy: number;
  /** Read requests served by the standby and by the primary during the rounds (/readyz counters; replica only). */
  reads: { standby: number; primary: number } | null;
  /** This configuration / the 1-process configuration of the same run and concurrency. */
  ratios: { throughput: number; p50: number; p95: number; cpu: number };
}

export interface ClusterRun {
  concurrency: number;
  /** The machine's 1-minute load average before the warm-ups and after the last round. */
  loadAverage: { before: number; after: number };
  configurations: ConfigurationResult[];
}

export interface ClusterBenchResult {
  organisation: LoadSummary;
  questions: { name: string; subject: string }[];
  /** Every configuration gave each question the same answer as the first configuration. */
  identicalAnswers: boolean;
  differences: string[];
  runs: ClusterRun[];
}

/** Why the benchmark cannot run on this machine, or undefined when it can. */
export async function clusterBenchUnavailable(redisUrl: string): Promise<string | undefined> {
  if (!nginxFound()) return 'nginx is not installed (apt-get install -y nginx, or set NGINX)';
  const standby = standbyUnavailable();
  if (standby) return standby;
  if (!(await listening(redisUrl, 6379))) return `no Redis answers at ${new URL(redisUrl).host} (set REDIS_URL)`;
  return undefined;
}

const twoDigits = (value: number) => Math.round(value * 100) / 100;
const ratio = (a: number, b: number) => twoDigits(a / b);

/** Asks every question once through each cluster; the differences from the first cluster's answers. */
async function compareAnswers(clusters: RunningCluster[], targets: Target[], names: string[]): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: false });
  const answers = await Promise.all(
    clusters.map((cluster) =>
      Promise.all(targets.map(async (target) => (JSON.parse((await send(agent, cluster.url, target)).body) as { data: unknown }).data)),
    ),
  );
  const differences: string[] = [];
  for (const [c, cluster] of clusters.entries()) {
    for (const [q, name] of names.entries()) {
      const difference = firstDifference(answers[c][q], answers[0][q]);
      if (difference) differences.push(`${cluster.configuration.name}, ${name}: ${difference}`);
    }
  }
  return differences;
}

interface Timed {
  rounds: Round[];
  /** The warm-ups and the timed rounds, for their failures. */
  failures: MixRound[];
  nginxCpuMs: number;
  machine: { busy: number; total: number };
}

/** One round of one cluster, with the CPU time its servers and its nginx used meanwhile. */
async function timedRound(cluster: RunningCluster, mix: ReturnType<typeof openMix>, seconds: number, into: Timed): Promise<MixRound> {
  const before = clusterCpuMs(cluster);
  const machineBefore = machineTicks();
  const round = await mix.round(seconds);
  const after = clusterCpuMs(cluster);
  const machineAfter = machineTicks();
  into.rounds.push({ latencies: round.latencies, seconds: round.seconds, cpuMs: after.servers - before.servers });
  into.failures.push(round);
  into.nginxCpuMs += after.nginx - before.nginx;
  into.machine.busy += machineAfter.busy - machineBefore.busy;
  into.machine.total += machineAfter.total - machineBefore.total;
  return round;
}

/**
 * Times the clusters at one concurrency in alternating rounds after one warm-up each, so that noise of a
 * shared machine and the database's caches hit every configuration alike. A warm-up lasts until the
 * cluster has answered its share of requests (`answered`, kept across concurrencies) and at least
 * `warmupSeconds`.
 */
async function timeInRounds(
  clusters: RunningCluster[],
  targets: Target[],
  concurrency: number,
  answered: Map<RunningCluster, number>,
  options: ClusterBenchOptions,
) {
  const mixes = clusters.map((cluster) => openMix(cluster.url, targets, concurrency));
  try {
    const timed: Timed[] = clusters.map(() => ({ rounds: [], failures: [], nginxCpuMs: 0, machine: { busy: 0, total: 0 } }));
    const count = (cluster: RunningCluster, round: MixRound) =>
      answered.set(cluster, (answered.get(cluster) ?? 0) + round.latencies.length + round.failed);
    for (const [i, cluster] of clusters.entries()) {
      const enough = cluster.configuration.processes * options.warmupRequestsPerProcess;
      do {
        const warmup = await mixes[i].round(options.warmupSeconds);
        timed[i].failures.push(warmup);
        count(cluster, warmup);
      } while ((answered.get(cluster) ?? 0) < enough);
      options.log?.(`  ${cluster.configuration.name}: warmed up, ${answered.get(cluster)} requests answered so far`);
    }
    const readsBefore = await Promise.all(clusters.map(readCounts));
    for (let round = 0; round < options.rounds; round += 1) {
      for (const [i, cluster] of clusters.entries()) {
        count(cluster, await timedRound(cluster, mixes[i], options.seconds / options.rounds, timed[i]));
      }
    }
    const readsAfter = await Promise.all(clusters.map(readCounts));
    return clusters.map((cluster, i) => {
      const result = summarise(concurrency, timed[i].rounds);
      return {
        cluster,
        result,
        failed: timed[i].failures.reduce((sum, r) => sum + r.failed, 0),
        firstFailure: timed[i].failures.find((r) => r.firstFailure)?.firstFailure ?? null,
        nginxCpuMsPerRequest: Math.round((timed[i].nginxCpuMs / result.requests) * 1000) / 1000,
        machineBusy: ratio(timed[i].machine.busy, timed[i].machine.total),
        reads: cluster.configuration.replica
          ? { standby: readsAfter[i].standby - readsBefore[i].standby, primary: readsAfter[i].primary - readsBefore[i].primary }
          : null,
      };
    });
  } finally {
    for (const mix of mixes) mix.close();
  }
}

/** Each configuration's figures, with its ratios to the first configuration's (1 process). */
function withRatios(measured: Awaited<ReturnType<typeof timeInRounds>>): ConfigurationResult[] {
  const base = measured[0].result;
  return measured.map(({ cluster, ...m }) => ({
    ...cluster.configuration,
    ...m,
    ratios: {
      throughput: ratio(m.result.requestsPerSecond, base.requestsPerSecond),
      p50: ratio(m.result.p50Ms, base.p50Ms),
      p95: ratio(m.result.p95Ms, base.p95Ms),
      cpu: ratio(m.result.cpuMsPerRequest, base.cpuMsPerRequest),
    },
  }));
}

/** How to stop what the running benchmark started: its clusters, then the primary and standby. */
const stopping = new Set<() => Promise<void>>();

/** Stops whatever a benchmark still runs, for an interruption: process.exit would leave the databases running. */
export async function stopRunning(): Promise<void> {
  await Promise.all([...stopping].map((stop) => stop()));
}

/**
 * Builds a throw-away primary and hot standby, loads the generated organisation into the primary, starts
 * every configuration at once through scripts/cluster.mjs on that one pair, checks they answer the widget
 * questions alike, then times the widget mix through each one's nginx at each concurrency.
 */
export async function runClusterBenchmark(options: ClusterBenchOptions, redisUrl: string): Promise<ClusterBenchResult> {
  const log = options.log ?? (() => {});
  const pair = await startStandbyPair();
  const clusters: RunningCluster[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= Promise.all(clusters.map((cluster) => cluster.stop())).then(() => pair.close());
    return stopped;
  };
  stopping.add(stop);
  try {
    const organisation = await loadOrganisation({
      databaseUrl: pair.primaryUrl,
      deals: options.deals,
      teams: options.teams,
      members: options.members,
    });
    await waitStandbyCaughtUp(pair);
    log(
      `${organisation.deals.toLocaleString('en')} deals, ${organisation.teams} teams, ${organisation.members} members loaded in ${organisation.seconds} s`,
    );
    const databases: Databases = { primaryUrl: pair.primaryUrl, standbyUrl: pair.standbyUrl, redisUrl };
    // All settled before going on, so that a cluster that failed to start leaves none of the others running.
    const started = await Promise.allSettled(CONFIGURATIONS.map((configuration) => startCluster(configuration, databases)));
    for (const outcome of started) if (outcome.status === 'fulfilled') clusters.push(outcome.value);
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    log('every configuration ready');
    const questions = await chooseQuestions(pair.primaryUrl, options.regionDeals);
    const token = adminToken();
    const targets = questions.map((question) => graphqlTarget(question, token));
    const differences = await compareAnswers(
      clusters,
      targets,
      questions.map((q) => q.name),
    );
    log(differences.length ? `ANSWERS DIFFER: ${differences.join('; ')}` : 'identical answers from every configuration');
    const runs: ClusterRun[] = [];
    const answered = new Map<RunningCluster, number>();
    for (const concurrency of options.concurrency) {
      log(`${concurrency} clients`);
      const before = os.loadavg()[0];
      const measured = withRatios(await timeInRounds(clusters, targets, concurrency, answered, options));
      const run = { concurrency, loadAverage: { before: twoDigits(before), after: twoDigits(os.loadavg()[0]) }, configurations: measured };
      for (const c of run.configurations)
        log(
          `  ${c.name}: ${c.result.requestsPerSecond} req/s (${c.ratios.throughput} ×), p50 ${c.result.p50Ms} ms, p95 ${c.result.p95Ms} ms, ` +
            `${c.result.cpuMsPerRequest} CPU ms/req, machine ${Math.round(c.machineBusy * 100)} % busy, ${c.failed} failed`,
        );
      runs.push(run);
    }
    return {
      organisation,
      questions: questions.map((q) => ({ name: q.name, subject: q.subject })),
      identicalAnswers: differences.length === 0,
      differences,
      runs,
    };
  } finally {
    stopping.delete(stop);
    await stop();
  }
}
