import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { repoRoot } from './server-process.js';

/** Debian's nginx (installed by .ci/run): NGINX, else /usr/sbin/nginx. */
export function nginxPath(): string | undefined {
  return [process.env.NGINX, '/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => candidate && existsSync(candidate));
}

/** Whether something listens at the host and port of a PostgreSQL URL. */
export async function postgresListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
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

/** scripts/cluster.mjs running: server processes behind nginx. */
export interface Cluster {
  url: string;
  processes: ClusterProcess[];
  /** The access log lines written so far. */
  accessLog(): Promise<AccessLine[]>;
  /** Sends the signal to one server process and resolves once it is gone. */
  signal(process: ClusterProcess, signal: NodeJS.Signals): Promise<void>;
  /** Stops nginx and the processes (SIGTERM to the script); resolves with its exit code. */
  stop(): Promise<number | null>;
}

interface Ready {
  msg: string;
  url: string;
  processes: ClusterProcess[];
  nginx: { accessLog: string };
}

/** Starts `node scripts/cluster.mjs --processes <count>` with `env` (DATABASE_URL at least) and waits until it is ready. */
export async function startCluster(env: Record<string, string>, count = 3): Promise<Cluster> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'cluster.mjs'), '--processes', String(count)], {
    cwd: repoRoot,
    // The tests send many requests from one address as one caller: request budgets out of their way.
    env: { ...process.env, NGINX: nginxPath() ?? 'nginx', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_SUBJECT: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const ready = await new Promise<Ready>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.includes('"cluster ready"'));
      if (line) resolve(JSON.parse(line) as Ready);
    });
    void exited.then((code) => reject(new Error(`the cluster exited with ${code} before it was ready:\n${stderr}`)));
  });
  return {
    url: ready.url,
    processes: ready.processes,
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

/** The cluster script reaps its children at once: a pid that no longer answers signal 0 is gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
