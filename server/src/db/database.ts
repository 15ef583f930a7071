import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
import { openOrm, type MikroORM } from './orm.js';

export interface Database {
  orm: MikroORM;
  url: string;
  /** Dumps the embedded database (undefined on a PostgreSQL server). */
  dump?: () => Promise<Blob>;
  /** LISTEN on the embedded database (undefined on a PostgreSQL server: open a connection of your own). */
  listen?: EmbeddedPostgres['listen'];
  close(): Promise<void>;
}

/** The configured database: DATABASE_URL when set, otherwise the embedded PGlite in DATA_DIR. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { logger?: Logger; template?: Blob } = {},
): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, options.template);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const orm = await openOrm({ clientUrl: url, embedded: Boolean(embedded), logger: options.logger });
    return {
      orm,
      url,
      dump: embedded?.dump,
      listen: embedded?.listen,
      async close() {
        await orm.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
