import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../generate/load.js';

export interface Child {
  url: string;
  /** The Node.js process answering (CPU time is read from /proc/<pid>/stat). */
  pid: number;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on nearly every Linux); asked once, when first timed. */
let clockTicks: number | undefined;

/** CPU time a process has used so far (user + system, all its threads), in ms; Linux only. */
export function cpuMs(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15 (proc(5)). comm may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/**
 * Starts a Node.js script as a child process and resolves with the URL it reports on stdout: a JSON
 * line with `url` (the baseline) or the server's "GraphQL endpoint ready" log line.
 */
function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A child must not outlive the benchmark (its output pipe would be gone).
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start in time:\n${stderr}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        let entry: { url?: string };
        try {
          entry = JSON.parse(line);
        } catch {
          continue;
        }
        if (!entry.url) continue;
        clearTimeout(timer);
        resolve({
          url: entry.url.replace(/\/graphql$/, ''),
          pid: child.pid!,
          async stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
            process.off('exit', orphan);
          },
        });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready:\n${stderr}`));
    });
  });
}

/** The identity provider the benchmark's server trusts (HS256), so that it runs as in production. */
export const BENCH_AUTH = {
  AUTH_JWT_SECRET: 'benchmark-only-secret-of-the-identity-provider',
  AUTH_ISSUER: 'https://idp.bench.example/realms/sales',
  AUTH_AUDIENCE: 'sales-graph-bench',
};

/** The GraphQL server (server/dist/main.js) in production mode, reporting SQL statements per request. */
export function startGraphQLServer(databaseUrl: string): Promise<Child> {
  return startChild(path.join(repoRoot, 'server', 'dist', 'main.js'), {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
    EXPOSE_SQL_COUNT: 'true',
    // The benchmark measures the queries, not the request budgets (0 turns them off).
    RATE_LIMIT_PER_IP: '0',
    RATE_LIMIT_PER_SUBJECT: '0',
    // Its token lives a day (harness/questions.ts), for runs that take hours.
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: '86400',
    // No weekly forecast snapshot written over the deals while the questions are timed.
    FORECAST_SNAPSHOTS: 'false',
    ...BENCH_AUTH,
  });
}

/** The hand-written SQL baseline (baseline/server.js). */
export function startBaselineServer(databaseUrl: string): Promise<Child> {
  return startChild(path.join(repoRoot, 'bench', 'dist', 'baseline', 'server.js'), { DATABASE_URL: databaseUrl, PORT: '0' });
}
