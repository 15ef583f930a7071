import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The PostgreSQL 15 programs the pair is built from. */
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
const PROGRAMS = ['initdb', 'pg_ctl', 'pg_basebackup'];

/** Why a primary + hot standby pair cannot be built on this machine, or undefined when it can. */
export function standbyUnavailable(): string | undefined {
  const missing = PROGRAMS.filter((name) => !existsSync(path.join(POSTGRES_BIN, name)));
  if (missing.length) return `PostgreSQL 15 programs missing in ${POSTGRES_BIN}: ${missing.join(', ')}`;
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser'))
    return 'running as root without runuser: PostgreSQL refuses to run as root';
  return undefined;
}

/** A primary and its streaming hot standby, both throw-away, each on its own free loopback port. */
export interface StandbyPair {
  primaryUrl: string;
  standbyUrl: string;
  /** Runs SQL on the standby (pg_wal_replay_pause(), …) and returns the rows. */
  onStandby(sql: string): Promise<Record<string, unknown>[]>;
  stopStandby(): Promise<void>;
  startStandby(): Promise<void>;
  /** Stops both servers and removes their files. */
  close(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, its programs run as the postgres OS user. */
async function asPostgres(folder: string, program: string, args: string[]): Promise<void> {
  const binary = path.join(POSTGRES_BIN, program);
  const [command, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  await run(command, argv, { cwd: folder, env: { ...process.env, LC_ALL: 'C' } });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ownedFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-standby-'));
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(folder, Number(stdout.trim()), Number(group.trim()));
  }
  return folder;
}

/** Settings of both servers: loopback only, their own socket folder, no durability (throw-away data). */
function settings(folder: string, port: number): string {
  return [
    '',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${folder}'`,
    'wal_level = replica',
    'max_wal_senders = 4',
    'hot_standby = on',
    'fsync = off',
    'full_page_writes = off',
    'shared_buffers = 16MB',
    '',
  ].join('\n');
}

/**
 * Builds a fresh primary (initdb, replication allowed from 127.0.0.1) and a hot standby cloned from it
 * with `pg_basebackup -R`, both started with pg_ctl. Nothing of the machine's own clusters is touched.
 */
export async function startStandbyPair(): Promise<StandbyPair> {
  const folder = await ownedFolder();
  const primary = path.join(folder, 'primary');
  const standby = path.join(folder, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const pgCtl = (dir: string, ...args: string[]) => asPostgres(folder, 'pg_ctl', ['-D', dir, '-l', `${dir}.log`, '-w', ...args]);
  try {
    await asPostgres(folder, 'initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await appendFile(path.join(primary, 'postgresql.conf'), settings(folder, primaryPort));
    await appendFile(path.join(primary, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    await pgCtl(primary, 'start');
    await asPostgres(folder, 'pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby],
      ...['-R', '-X', 'stream', '--no-sync'],
    ]);
    await appendFile(path.join(standby, 'postgresql.conf'), `\nport = ${standbyPort}\n`);
    await pgCtl(standby, 'start');
  } catch (error) {
    await stopQuietly(pgCtl, [standby, primary]);
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/postgres`;
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    standbyUrl,
    async onStandby(sql) {
      const client = new pg.Client({ connectionString: standbyUrl });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
    stopStandby: () => pgCtl(standby, '-m', 'fast', 'stop'),
    startStandby: () => pgCtl(standby, 'start'),
    async close() {
      await stopQuietly(pgCtl, [standby, primary]);
      await rm(folder, { recursive: true, force: true });
    },
  };
}

async function stopQuietly(pgCtl: (dir: string, ...args: string[]) => Promise<void>, dirs: string[]): Promise<void> {
  for (const dir of dirs) await pgCtl(dir, '-m', 'immediate', 'stop').catch(() => {});
}
