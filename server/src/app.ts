import { developmentHeaderViewer, type ViewerResolver } from './access/viewer.js';
import { repoRoot, type Config } from './config.js';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { openDatabase } from './db/database.js';
import { migrate, type MikroORM } from './db/orm.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { createGraphQLEndpoint } from './graphql/endpoint.js';
import { buildGraphQLSchema } from './graphql/schema.js';
import { sendJson } from './http/respond.js';
import { startHttpServer, type Route } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { widgetRoutes } from './widgets/routes.js';

export interface App {
  url: string;
  orm: MikroORM;
  log: Logger;
  /** The PostgreSQL URL the server uses (the embedded one when DATABASE_URL is not set). */
  databaseUrl: string;
  /** Graceful shutdown: drain HTTP, stop GraphQL, close the ORM, stop the embedded database. */
  close(): Promise<void>;
}

export interface AppOptions {
  resolveViewer?: ViewerResolver;
  logger?: Logger;
  /** Starting content of an in-memory embedded database (tests). */
  template?: Blob;
}

/** Opens the database (embedded or not), migrates it, seeds the demo if empty and starts HTTP. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config, { logger: log, template: options.template });
  const { orm } = database;
  try {
    if (!config.databaseUrl) log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL (PGlite) started');
    const applied = await migrate(orm);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    if (config.seedDemo && (await seedDemoIfEmpty(orm))) log.info('demo organisation seeded');

    const graphql = await createGraphQLEndpoint({
      schema: await buildGraphQLSchema(),
      orm,
      resolveViewer: options.resolveViewer ?? developmentHeaderViewer,
      log,
      introspection: config.env !== 'production',
      exposeInternals: config.env === 'development',
      maxBodyBytes: config.maxBodyBytes,
      maxPageSize: 100,
      exposeSqlCount: config.exposeSqlCount,
    });
    const routes: Route[] = [
      { path: '/graphql', handler: graphql.handler },
      { path: '/healthz', quiet: true, handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
      { path: '/readyz', quiet: true, handler: (_req, res) => readiness(orm, res) },
      ...widgetRoutes({ orm, widgetsDir: path.join(repoRoot, 'widgets') }),
    ];
    const http = await startHttpServer({ host: config.host, port: config.port, routes, log });
    log.info({ url: `${http.url}/graphql`, demo: `${http.url}/demo` }, 'GraphQL endpoint ready');
    return {
      url: http.url,
      orm,
      log,
      databaseUrl: database.url,
      async close() {
        await http.drain(config.shutdownTimeoutMs);
        await graphql.stop();
        await database.close();
        log.info('stopped');
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function readiness(orm: MikroORM, response: ServerResponse): Promise<void> {
  try {
    await orm.em.getConnection().execute('select 1');
    sendJson(response, 200, { status: 'ready', database: 'reachable' });
  } catch (error) {
    sendJson(response, 503, { status: 'not ready', database: 'unreachable', error: (error as Error).message });
  }
}
