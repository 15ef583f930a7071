import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { repoRoot } from './server-process.js';

/** Debian's nginx (installed by .ci/run): NGINX, else /usr/sbin/nginx. */
export function nginxPath(): string | undefined {
  return [process.env.NGINX, '/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => candidate && existsSync(candidate));
}

/** Whether something listens at the host and port of a PostgreSQL URL. */
export const postgresListening = (url: string): Promise<boolean> => listening(url, 5432);

/** Whether something listens at the host and port of a redis:// URL. */
export const redisListening = (url: string): Promise<boolean> => listening(url, 6379);

async function listening(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    const answer = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.setTimeout(2_000, () => answer(false));
  });
}

/** A line of the nginx access log (log_format sales_graph in deploy/nginx/sales-graph.conf). */
export interface AccessLine {
  method: string;
  uri: string;
  status: number;
  /** Every process tried, in order, as host:port. */
  upstreams: string[];
}

export interface ClusterProcess {
  port: number;
  pid: number;
  log: string;
}

/** What scripts/cluster.mjs --replica does to its standby on a line of its standard input. */
export type StandbyCommand = 'stop' | 'start' | 'pause' | 'resume';

/** The throw-away primary and hot standby of a cluster started with --replica. */
export interface ClusterReplica {
  primaryUrl: string;
  standbyUrl: string;
  /** `standby <command>`: stops or starts the standby, pauses or resumes its replay; resolves once done. */
  standby(command: StandbyCommand): Promise<void>;
}

/** scripts/cluster.mjs running: server processes behind nginx. */
export interface Cluster {
  url: string;
  processes: ClusterProcess[];
  /** With --replica only. */
  replica?: ClusterReplica;
  /** The access log lines written so far. */
  accessLog(): Promise<AccessLine[]>;
  /** Sends the signal to one server process and resolves once it is gone. */
  signal(process: ClusterProcess, signal: NodeJS.Signals): Promise<void>;
  /** Stops nginx and the processes (SIGTERM to the script); resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** A JSON line the script prints. */
interface Message {
  msg: string;
  error?: string;
}

interface Ready extends Message {
  url: string;
  processes: ClusterProcess[];
  nginx: { accessLog: string };
  replica?: { primaryUrl: string; standbyUrl: string };
}

const STANDBY_DONE: Record<StandbyCommand, string> = {
  stop: 'standby stopped',
  start: 'standby started',
  pause: 'standby replay paused',
  resume: 'standby replay resumed',
};

/**
 * Starts `node scripts/cluster.mjs --processes <count>` with `env` (DATABASE_URL at least, unless `replica`:
 * then with --replica, on a primary and hot standby of its own) and waits until it is ready.
 */
export async function startCluster(env: Record<string, string>, count = 3, { replica = false } = {}): Promise<Cluster> {
  const args = [path.join(repoRoot, 'scripts', 'cluster.mjs'), '--processes', String(count), ...(replica ? ['--replica'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    // The tests send many requests from one address as one caller: request budgets out of their way.
    env: { ...process.env, NGINX: nginxPath() ?? 'nginx', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_SUBJECT: '1000000', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const nextMessage = messages(child.stdout!);
  const ready = (await Promise.race([
    nextMessage((message) => message.msg === 'cluster ready'),
    exited.then((code) => Promise.reject(new Error(`the cluster exited with ${code} before it was ready:\n${stderr}`))),
  ])) as Ready;
  return {
    url: ready.url,
    processes: ready.processes,
    replica: ready.replica && {
      ...ready.replica,
      async standby(command) {
        const answer = nextMessage((message) => message.msg === STANDBY_DONE[command] || message.msg === 'standby command failed');
        child.stdin!.write(`standby ${command}\n`);
        const { msg, error } = await answer;
        if (msg !== STANDBY_DONE[command]) throw new Error(`standby ${command} failed: ${error}`);
      },
    },
    async accessLog() {
      const text = await readFile(ready.nginx.accessLog, 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const entry = JSON.parse(line) as { method: string; uri: string; status: number; upstream: string };
          return { method: entry.method, uri: entry.uri, status: entry.status, upstreams: entry.upstream.split(/\s*[,:]\s+/) };
        });
    },
    async signal(target, signal) {
      process.kill(target.pid, signal);
      while (alive(target.pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The JSON lines read from `stdout`: each call waits for the next one that `wanted` accepts. */
function messages(stdout: Readable): (wanted: (message: Message) => boolean) => Promise<Message> {
  const waiting = new Set<(message: Message) => void>();
  let pending = '';
  stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines.filter((text) => text.startsWith('{'))) {
      const message = JSON.parse(line) as Message;
      for (const deliver of [...waiting]) deliver(message);
    }
  });
  return (wanted) =>
    new Promise((resolve) => {
      const deliver = (message: Message) => {
        if (!wanted(message)) return;
        waiting.delete(deliver);
        resolve(message);
      };
      waiting.add(deliver);
    });
}

/** The cluster script reaps its children at once: a pid that no longer answers signal 0 is gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
