import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { listenThroughSockets, type Listen } from './pglite-notifications.js';

/** PGlite served over the PostgreSQL wire protocol, so that the ordinary driver connects to it unchanged. */
export interface EmbeddedPostgres {
  url: string;
  /** The whole data directory as a tarball, to start other in-memory databases from. */
  dump(): Promise<Blob>;
  /** LISTEN for notifications, those of statements sent through the socket server included. */
  listen: Listen;
  stop(): Promise<void>;
}

/**
 * The embedded database's memory (docs/operations.md, "Memory of the embedded database"). PostgreSQL
 * allocates and zeroes its shared memory when it starts, and PGlite's WebAssembly memory is never given
 * back, so the shared buffers stay resident for the life of the process: PGlite's default of 128 MB
 * (145 MB of shared memory in all) was the largest part of the server. 16 MB hold most of the demo
 * organisation (27 MB with the catalogues) and of a test file's data; a page that does not fit is read
 * again from the operating system's file cache (from memory for `memory://`). work_mem,
 * maintenance_work_mem and temp_buffers keep their defaults: they are taken per query, as far as it needs.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * `template` is a data-directory dump (see `EmbeddedPostgres.dump`) that an in-memory database starts
 * from; tests use one with the migrations applied, which starts several times faster than initdb. Without
 * one, and for a data directory that holds no database yet, initdb runs in a child process first.
 */
export async function startEmbeddedPostgres(dataDir: string, template?: Blob): Promise<EmbeddedPostgres> {
  const options = { startParams: START_PARAMS };
  let db: PGlite;
  if (dataDir.startsWith('memory://')) {
    db = await PGlite.create({ ...options, loadDataDir: template ?? (await initdbInChildProcess(undefined)) });
  } else {
    await mkdir(dataDir, { recursive: true });
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initdbInChildProcess(dataDir);
    db = await PGlite.create(dataDir, options);
  }
  const listen = listenThroughSockets(db);
  // PGlite executes one statement at a time for all sockets, and while one socket is in a transaction
  // the others wait for it, so transactions never interleave. The ORM pool uses a few of these slots
  // (see orm.ts); the rest serve test and admin clients.
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  return {
    dump: () => db.dumpDataDir('none'),
    listen,
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

// Run by `node -e` with: the PGlite module, the data directory ('' for an in-memory one), the file to dump
// an in-memory database to, and the start parameters as JSON.
const INITDB_SCRIPT = `
const { writeFileSync } = require('node:fs');
const { PGlite } = require(process.argv[1]);
const [dataDir, dumpFile, startParams] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4])];
(async () => {
  const db = await PGlite.create(dataDir || 'memory://', { startParams });
  if (!dataDir) writeFileSync(dumpFile, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()));
  await db.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/**
 * Creates a new database cluster (initdb) in a child process: in `dataDir`, or, without one, in memory,
 * returning its dump. PGlite's initdb runs a second PGlite and a WebAssembly initdb beside the database
 * and snapshots their heap, some 600 MB more at the peak; in this process that memory would stay until V8
 * next collects garbage (an idle server waits a minute or more for it), and what the C allocator got back
 * it would keep. A child process that exits returns it all.
 */
async function initdbInChildProcess(dataDir: string | undefined): Promise<Blob | undefined> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const folder = dataDir ? undefined : await mkdtemp(path.join(tmpdir(), 'pglite-initdb-'));
  const dumpFile = folder ? path.join(folder, 'datadir.tar') : '';
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', INITDB_SCRIPT, pglite, dataDir ?? '', dumpFile, JSON.stringify(START_PARAMS)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
      });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`initdb of the embedded database failed (${signal ?? `exit code ${code}`}): ${stderr.trim()}`));
      });
    });
    return folder ? new Blob([await readFile(dumpFile)]) : undefined;
  } finally {
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
