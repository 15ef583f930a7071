import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { AuditSubscriber } from '../audit/recorder.js';
import { entities } from '../entities.js';
import { migrations } from './migrations/index.js';
import { recordSqlAnswer, recordSqlStatement } from '../request-scope.js';
import type { Logger } from '../logger.js';

export { MikroORM };
export type { EntityManager } from '@mikro-orm/postgresql';

export interface OrmOptions {
  clientUrl: string;
  embedded: boolean;
  logger?: Logger;
  /** A read replica (db/replicas): connected on first use, so that one down at start-up does not stop the server. */
  replica?: boolean;
}

/**
 * Settings of every PostgreSQL connection: the analytics statements (attainment, funnel) are short and
 * run often, so compiling them with JIT costs more than it saves, and their sorts (medians of stays)
 * should stay in memory.
 */
export const SESSION_SETTINGS = "set jit = off; set work_mem = '32MB'";

function sessionSettings(
  connection: { query(sql: string, done: (error?: Error) => void): void },
  done: (error: Error | undefined, connection: unknown) => void,
): void {
  connection.query(SESSION_SETTINGS, (error) => done(error, connection));
}

export function ormConfig({ clientUrl, embedded, logger, replica }: OrmOptions): Options {
  return {
    clientUrl,
    connect: !replica,
    entities,
    extensions: [Migrator],
    // Collects the change sets of audited mutations and writes their audit entries (audit/recorder.ts).
    subscribers: [new AuditSubscriber()],
    // Entities are listed explicitly; nothing is discovered from the file system.
    discovery: { warnWhenNoEntities: true, requireEntitiesArray: true },
    // The embedded database runs one statement at a time; a small pool is enough and keeps memory low.
    pool: embedded ? { min: 0, max: 4 } : { min: 0, max: 10, afterCreate: sessionSettings },
    migrations: {
      migrationsList: migrations,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // Reads outside a unit of work never flush; every mutation opens its own transaction.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    logger: (message) => logger?.debug({ orm: message }),
    colors: false,
  };
}

export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(options));
  const knex = orm.em.getConnection().getKnex();
  knex.on('query', recordSqlStatement);
  knex.on('query-response', recordSqlAnswer);
  knex.on('query-error', recordSqlAnswer);
  return orm;
}

/** Applies every pending migration; returns the names it ran. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
