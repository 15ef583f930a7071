#!/usr/bin/env node
// Several server processes behind nginx on one PostgreSQL database, on this machine (docs/deployment.md):
//   DATABASE_URL=postgresql://… node scripts/cluster.mjs [--processes 3] [--port 8080] [--first-port 4001]
//   node scripts/cluster.mjs --replica [--processes 3] …
// Starts the built server (server/dist/main.js) once per port, all with the same database and secrets, then
// Debian's nginx unprivileged from deploy/nginx/sales-graph.conf with the ports filled in, and waits for
// /readyz through nginx. Prints one JSON line when ready (its url, the processes' ports, pids and logs, the
// nginx access log); SIGTERM or SIGINT stops everything. Build first: `pnpm -r build`.
//
// With --replica (no DATABASE_URL needed) it first builds a throw-away PostgreSQL primary and hot standby
// from the PostgreSQL 15 programs (server/src/db/standby.ts), and every process reads from the standby
// (DATABASE_REPLICA_URLS) and shares read-your-writes through Redis (REDIS_URL, else redis://127.0.0.1:6379;
// docs/replicas.md). Lines on its standard input act on the standby: `standby stop`, `standby start`,
// `standby pause` (replay), `standby resume`; each answers with one JSON line.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STARTUP_MS = 120_000;
const STOP_MS = 30_000;

function fail(message) {
  console.error(`cluster: ${message}`);
  process.exit(2);
}

function options() {
  const { values } = parseArgs({
    options: {
      processes: { type: 'string', default: '3' },
      port: { type: 'string' },
      'first-port': { type: 'string' },
      replica: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.processes);
  if (!Number.isInteger(count) || count < 1 || count > 32) fail('--processes must be an integer from 1 to 32');
  if (!values.replica && !process.env.DATABASE_URL)
    fail('DATABASE_URL is required: the processes share one PostgreSQL database (PGlite serves one process)');
  if (!existsSync(path.join(root, 'server', 'dist', 'main.js'))) fail('server/dist/main.js is missing: run `pnpm -r build` first');
  const portOf = (name) => {
    if (values[name] === undefined) return undefined;
    const port = Number(values[name]);
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : fail(`--${name} must be a port number`);
  };
  const port = portOf('port');
  const firstPort = portOf('first-port');
  return { count, port, firstPort, replica: values.replica, nginx: nginxBinary() };
}

/** Debian's nginx: NGINX, else on the PATH, else in /usr/sbin (not on an unprivileged user's PATH). */
function nginxBinary() {
  if (process.env.NGINX) return process.env.NGINX;
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin'];
  return folders.map((folder) => path.join(folder, 'nginx')).find((candidate) => existsSync(candidate)) ?? fail('nginx is not installed');
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `url` to answer 200; stops waiting when `gone` settles (the process exited). */
async function waitReady(url, gone, what) {
  let exited = false;
  void gone.then(() => (exited = true));
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${what} exited before it was ready`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`${what} was not ready within ${STARTUP_MS / 1000} s`);
}

/** Every child started, so that stopping stops them all, even those still starting. */
const children = [];

/** A child whose output goes to `logPath`; `exited` resolves with its exit code or signal. */
async function startChild(command, args, env, logPath) {
  const log = await open(logPath, 'a');
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', log.fd, log.fd] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  void exited.then(() => log.close());
  children.push({ child, exited });
  return { child, exited };
}

/** The settings every process shares, so that any of them serves any request (docs/deployment.md#settings). */
function sharedEnv() {
  const secret = () => randomBytes(32).toString('hex');
  return {
    ...process.env,
    HOST: '127.0.0.1',
    TRUST_PROXY: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    CURSOR_SECRET: process.env.CURSOR_SECRET || secret(),
    EMBED_TOKEN_SECRET: process.env.EMBED_TOKEN_SECRET || secret(),
  };
}

/** Whether something accepts connections at a URL's host and port. */
async function listening(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || defaultPort) });
    const answer = (yes) => {
      socket.destroy();
      resolve(yes);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.setTimeout(2_000, () => answer(false));
  });
}

/**
 * A throw-away primary and hot standby, built by the server package's own helper (the replica tests'),
 * and the settings that point every process at them and at the Redis they share write positions in.
 */
async function startReplicaPair() {
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!(await listening(redisUrl, 6379)))
    throw new Error(`--replica: no Redis answers at ${new URL(redisUrl).host}; read-your-writes across processes needs it (set REDIS_URL)`);
  const standby = await import(pathToFileURL(path.join(root, 'server', 'dist', 'db', 'standby.js')).href);
  const unavailable = standby.standbyUnavailable();
  if (unavailable) throw new Error(`--replica: ${unavailable}`);
  const pair = await standby.startStandbyPair();
  return { pair, env: { DATABASE_URL: pair.primaryUrl, DATABASE_REPLICA_URLS: pair.standbyUrl, REDIS_URL: redisUrl } };
}

/** Waits until the process on `port` reports every replica in rotation: the standby has replayed the migrations. */
async function waitReplicasInRotation(port) {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    const readiness = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.json(),
      () => undefined,
    );
    if (readiness?.replicas?.every((replica) => replica.state === 'in rotation')) return;
    await sleep(200);
  }
  throw new Error(`the process on port ${port} did not put its replica in rotation within ${STARTUP_MS / 1000} s`);
}

/** `standby stop|start|pause|resume` lines on standard input act on the standby, to rehearse losing it. */
function acceptStandbyCommands(pair) {
  const commands = {
    stop: ['standby stopped', () => pair.stopStandby()],
    start: ['standby started', () => pair.startStandby()],
    pause: ['standby replay paused', () => pair.onStandby('select pg_wal_replay_pause()')],
    resume: ['standby replay resumed', () => pair.onStandby('select pg_wal_replay_resume()')],
  };
  // One command at a time, in the order given.
  let previous = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (line) => {
    const name = /^\s*standby\s+(\w+)\s*$/.exec(line)?.[1];
    const command = Object.hasOwn(commands, name ?? '') ? commands[name] : undefined;
    if (!command) return console.error(`cluster: unknown command "${line.trim()}"; try standby stop|start|pause|resume`);
    const [done, act] = command;
    previous = previous.then(() =>
      act().then(
        () => console.log(JSON.stringify({ msg: done })),
        (error) => console.log(JSON.stringify({ msg: 'standby command failed', command: name, error: error.message })),
      ),
    );
  });
}

async function startProcess(port, env, logs) {
  const log = path.join(logs, `server-${port}.log`);
  const started = await startChild(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], { ...env, PORT: String(port) }, log);
  await waitReady(`http://127.0.0.1:${port}/readyz`, started.exited, `the process on port ${port} (log: ${log})`);
  return { port, log, ...started };
}

/** deploy/nginx/sales-graph.conf with this cluster's ports and log folder. */
function siteConfig(template, { port, processPorts, logs }) {
  const replace = (text, pattern, by) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx/sales-graph.conf no longer has ${pattern}`);
    return text.replace(pattern, by);
  };
  let site = replace(
    template,
    /^( *)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n(?: *server 127\.0\.0\.1:\d+[^;\n]*;\n)*/m,
    (_, indent, parameters = '') => processPorts.map((p) => `${indent}server 127.0.0.1:${p}${parameters};\n`).join(''),
  );
  site = replace(site, /^( *)listen 80;$/m, `$1listen 127.0.0.1:${port};`);
  site = replace(site, /^ *listen \[::\]:80;\n/m, '');
  return replace(site, /\/var\/log\/nginx\//g, `${logs}/`);
}

/** The main file: nginx in the foreground, its pid, logs and temporary files in `folder`. */
function mainConfig(folder, logs) {
  const temp = (name) => `${name}_temp_path ${path.join(folder, 'temp', name)};`;
  return `daemon off;
worker_processes 1;
pid ${path.join(folder, 'nginx.pid')};
error_log ${path.join(logs, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
    ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n    ')}
    include ${path.join(folder, 'sales-graph.conf')};
}
`;
}

async function startNginx(nginx, folder, logs, port, processPorts) {
  const template = await readFile(path.join(root, 'deploy', 'nginx', 'sales-graph.conf'), 'utf8');
  await writeFile(path.join(folder, 'sales-graph.conf'), siteConfig(template, { port, processPorts, logs }));
  await writeFile(path.join(folder, 'nginx.conf'), mainConfig(folder, logs));
  const errorLog = path.join(logs, 'nginx-error.log');
  const args = ['-e', errorLog, '-p', folder, '-c', path.join(folder, 'nginx.conf')];
  const started = await startChild(nginx, args, process.env, path.join(logs, 'nginx-output.log'));
  await waitReady(`http://127.0.0.1:${port}/readyz`, started.exited, `nginx (log: ${errorLog})`);
  return { ...started, accessLog: path.join(logs, 'sales-graph.access.log'), errorLog };
}

/** SIGTERM, then SIGKILL after STOP_MS. */
async function stopChild({ child, exited }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
  await exited;
  clearTimeout(timer);
}

async function main() {
  const { count, port = await freePort(), firstPort, replica, nginx: nginxPath } = options();
  const folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-cluster-'));
  // nginx started by root runs its workers as nobody: they must reach their temporary folders.
  await chmod(folder, 0o755);
  const logs = path.join(folder, 'logs');
  await mkdir(logs);
  await mkdir(path.join(folder, 'temp'));
  const ports = [];
  for (let i = 0; i < count; i += 1) ports.push(firstPort ? firstPort + i : await freePort());
  let stopping = false;
  // Pending while it is built: stopping meanwhile waits for it, then removes it.
  let replicaStarting;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map(stopChild));
    await replicaStarting?.then(({ pair }) => pair.close()).catch(() => {});
    // After a failure the logs stay, to be read.
    if (code === 0) await rm(folder, { recursive: true, force: true });
    else console.error(`cluster: logs kept in ${logs}`);
    process.exit(code);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  try {
    replicaStarting = replica ? startReplicaPair() : undefined;
    const replicaPair = await replicaStarting;
    const env = { ...sharedEnv(), ...replicaPair?.env };
    // The first process migrates the database and seeds it when empty; the others start on the result.
    const first = await startProcess(ports[0], env, logs);
    const processes = [first, ...(await Promise.all(ports.slice(1).map((p) => startProcess(p, env, logs))))];
    if (replicaPair) {
      await Promise.all(ports.map(waitReplicasInRotation));
      acceptStandbyCommands(replicaPair.pair);
    }
    for (const { port: p, exited } of processes)
      void exited.then((how) => stopping || console.error(`cluster: the process on port ${p} exited (${how})`));
    const nginx = await startNginx(nginxPath, folder, logs, port, ports);
    void nginx.exited.then(() => stopping || (console.error('cluster: nginx exited'), stop(1)));
    const url = `http://127.0.0.1:${port}`;
    console.log(
      JSON.stringify({
        msg: 'cluster ready',
        url,
        processes: processes.map(({ port: p, child, log }) => ({ port: p, pid: child.pid, log })),
        nginx: { pid: nginx.child.pid, accessLog: nginx.accessLog, errorLog: nginx.errorLog },
        ...(replicaPair ? { replica: { primaryUrl: replicaPair.pair.primaryUrl, standbyUrl: replicaPair.pair.standbyUrl } } : {}),
      }),
    );
    const reading = replicaPair ? `, reading from the standby ${replicaPair.pair.standbyUrl}` : '';
    console.error(`cluster: ${url}/graphql, ${count} process(es) on ports ${ports.join(', ')}${reading}; logs in ${logs}; Ctrl-C stops`);
  } catch (error) {
    console.error(`cluster: ${error.message}`);
    await stop(1);
  }
}

await main();
