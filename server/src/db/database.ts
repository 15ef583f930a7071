import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
import { openOrm, type MikroORM } from './orm.js';

export interface Database {
  orm: MikroORM;
  url: string;
  /** One ORM per read replica (DATABASE_REPLICA_URLS), same entities and settings as the primary's (db/replicas). */
  replicas: { url: string; orm: MikroORM }[];
  /** Dumps the embedded database (undefined on a PostgreSQL server). */
  dump?: () => Promise<Blob>;
  /** LISTEN on the embedded database (undefined on a PostgreSQL server: open a connection of your own). */
  listen?: EmbeddedPostgres['listen'];
  close(): Promise<void>;
}

/** The configured database: DATABASE_URL when set, otherwise the embedded PGlite in DATA_DIR. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { logger?: Logger; template?: Blob; replicaUrls?: string[] } = {},
): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, options.template);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const orm = await openOrm({ clientUrl: url, embedded: Boolean(embedded), logger: options.logger });
    const replicas = await Promise.all(
      (options.replicaUrls ?? []).map(async (replicaUrl) => ({
        url: replicaUrl,
        orm: await openOrm({ clientUrl: replicaUrl, embedded: false, logger: options.logger, replica: true }),
      })),
    );
    return {
      orm,
      url,
      replicas,
      dump: embedded?.dump,
      listen: embedded?.listen,
      async close() {
        for (const replica of replicas) await replica.orm.close();
        await orm.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
