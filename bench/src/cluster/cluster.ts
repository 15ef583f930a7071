import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../generate/load.js';
import { BENCH_AUTH } from '../harness/processes.js';

/** One arrangement measured: server processes behind nginx, reading from the primary or from the standby. */
export interface Configuration {
  name: string;
  processes: number;
  replica: boolean;
}

export const CONFIGURATIONS: Configuration[] = [
  { name: '1 process', processes: 1, replica: false },
  { name: '3 processes', processes: 3, replica: false },
  { name: '1 process + replica', processes: 1, replica: true },
  { name: '3 processes + replica', processes: 3, replica: true },
];

/** Where the configurations' processes read and share read-your-writes positions. */
export interface Databases {
  primaryUrl: string;
  standbyUrl: string;
  redisUrl: string;
}

/** scripts/cluster.mjs running one configuration. */
export interface RunningCluster {
  configuration: Configuration;
  url: string;
  ports: number[];
  pids: number[];
  nginxPid: number;
  stop(): Promise<void>;
}

interface ReadyLine {
  msg: string;
  url: string;
  processes: { port: number; pid: number }[];
  nginx: { pid: number };
}

/** Debian's nginx as scripts/cluster.mjs finds it: NGINX, else on the PATH, else in /usr/sbin. */
export function nginxFound(): boolean {
  if (process.env.NGINX) return existsSync(process.env.NGINX);
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin'];
  return folders.some((folder) => existsSync(path.join(folder, 'nginx')));
}

/** Whether something accepts connections at a URL's host and port. */
export function listening(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    const answer = (yes: boolean) => {
      socket.destroy();
      resolve(yes);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.setTimeout(2_000, () => answer(false));
  });
}

/**
 * The processes run as the harness's server does (harness/processes.ts): production mode, its identity
 * provider, no request budgets, no forecast snapshot written while timing. All configurations share one
 * primary; those with a replica also read from its standby, with Redis for read-your-writes, as
 * docs/replicas.md deploys them. (`--replica` of the script would build a new pair per cluster: each
 * configuration would then read data of its own.)
 */
function serverEnv(configuration: Configuration, databases: Databases): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...BENCH_AUTH,
    NODE_ENV: 'production',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_SUBJECT: '0',
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: '86400',
    FORECAST_SNAPSHOTS: 'false',
    DATABASE_URL: databases.primaryUrl,
  };
  delete env.DATABASE_REPLICA_URLS;
  delete env.REDIS_URL;
  if (configuration.replica) Object.assign(env, { DATABASE_REPLICA_URLS: databases.standbyUrl, REDIS_URL: databases.redisUrl });
  return env;
}

/** The first line of `text` that is a JSON object with msg "cluster ready". */
function readyLine(text: string): ReadyLine | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line) as ReadyLine;
    if (message.msg === 'cluster ready') return message;
  }
  return undefined;
}

/** Starts `node scripts/cluster.mjs --processes N` for the configuration and waits for its ready line. */
export async function startCluster(configuration: Configuration, databases: Databases): Promise<RunningCluster> {
  const script = path.join(repoRoot, 'scripts', 'cluster.mjs');
  const child = spawn(process.execPath, [script, '--processes', String(configuration.processes)], {
    cwd: repoRoot,
    env: serverEnv(configuration, databases),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // SIGTERM, not SIGKILL: the script then stops its nginx and processes.
  const orphan = () => child.kill('SIGTERM');
  process.once('exit', orphan);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = readyLine(stdout);
      if (line) resolve(line);
    });
    void exited.then(() => reject(new Error(`${configuration.name}: the cluster script exited before it was ready:\n${stderr}`)));
  });
  const running: RunningCluster = {
    configuration,
    url: ready.url,
    ports: ready.processes.map((p) => p.port),
    pids: ready.processes.map((p) => p.pid),
    nginxPid: ready.nginx.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      process.off('exit', orphan);
    },
  };
  if (configuration.replica) await Promise.all(running.ports.map(waitStandbyInRotation));
  return running;
}

interface Readiness {
  replicas?: { state: string; reads: number }[];
  primaryReads?: number;
}

const readiness = (port: number): Promise<Readiness | undefined> =>
  fetch(`http://127.0.0.1:${port}/readyz`).then(
    (response) => response.json() as Promise<Readiness>,
    () => undefined,
  );

/** The script without --replica does not wait for the standby: each process must have it in rotation. */
async function waitStandbyInRotation(port: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ready = await readiness(port);
    if (ready?.replicas?.length && ready.replicas.every((r) => r.state === 'in rotation')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the process on port ${port} did not put the standby in rotation within 60 s`);
}

/** Read requests served so far by the standby and by the primary, summed over the processes' /readyz. */
export async function readCounts(cluster: RunningCluster): Promise<{ standby: number; primary: number }> {
  const all = await Promise.all(cluster.ports.map(readiness));
  return {
    standby: all.reduce((sum, r) => sum + (r?.replicas ?? []).reduce((s, replica) => s + replica.reads, 0), 0),
    primary: all.reduce((sum, r) => sum + (r?.primaryReads ?? 0), 0),
  };
}
