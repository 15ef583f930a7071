import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** PGlite served over the PostgreSQL wire protocol, so that the ordinary driver connects to it unchanged. */
export interface EmbeddedPostgres {
  url: string;
  /** The whole data directory as a tarball, to start other in-memory databases from. */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * `template` is a data-directory dump (see `dumpEmbeddedPostgres`) that an in-memory database starts
 * from; tests use one with the migrations applied, which starts several times faster than initdb.
 */
export async function startEmbeddedPostgres(dataDir: string, template?: Blob): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const db = inMemory ? await PGlite.create({ loadDataDir: template }) : await PGlite.create(dataDir);
  // PGlite executes one statement at a time for all sockets, and while one socket is in a transaction
  // the others wait for it, so transactions never interleave. The ORM pool uses a few of these slots
  // (see orm.ts); the rest serve test and admin clients.
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  return {
    dump: () => db.dumpDataDir('none'),
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
