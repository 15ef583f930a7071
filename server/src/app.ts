import { createViewerResolver, IdentityTokens } from './access/authenticate.js';
import { embedTokenEndpoint } from './access/embed-endpoint.js';
import { accessGuardPlugin } from './access/guard.js';
import { metricsExportEndpoint } from './analytics/export-endpoint.js';
import { recordsExportEndpoint } from './exchange/export/endpoint.js';
import { EmbedTokens } from './access/embed-tokens.js';
import type { ViewerResolver } from './access/viewer.js';
import { auditRefusedMutationsPlugin } from './audit/refusals.js';
import type { Config } from './config.js';
import type { ServerResponse } from 'node:http';
import { openDatabase } from './db/database.js';
import { migrate, type MikroORM } from './db/orm.js';
import { schedulePartitionRoll } from './db/partitions.js';
import { seedDemoIfEmpty } from './seeders/seed.js';
import { useCursorSecret } from './graphql/connection.js';
import { createGraphQLEndpoint } from './graphql/endpoint.js';
import { buildGraphQLSchema } from './schema.js';
import { corsPolicy, withCors } from './http/cors.js';
import { RequestBudgets } from './http/rate-limit.js';
import { RETRY_AFTER_SECONDS, sendJson } from './http/respond.js';
import { securityHeaders } from './http/security-headers.js';
import { startHttpServer, type Route, type RouteHandler } from './http/server.js';
import { staticFiles } from './http/static.js';
import { createLogger, type Logger } from './logger.js';
import { demoPage } from './widgets/demo-page.js';
import { scheduleForecastSnapshots } from './forecast/scheduler.js';
import { scheduleReminders } from './events/reminders/index.js';
import { keepWorkingCalendarLoaded } from './calendar/calendar.service.js';
import { importEndpoint, startImportRunner } from './exchange/jobs/index.js';
import { startLiveEvents } from './events/live/index.js';
import { startWebhookWorker } from './events/webhooks/index.js';
import { callerOf, ReadRouter } from './db/replicas/router.js';

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
  /** Replaces the authentication of config.auth (tests of other viewer sources). */
  resolveViewer?: ViewerResolver;
  logger?: Logger;
  /** Starting content of an in-memory embedded database (tests). */
  template?: Blob;
}

/** Opens the database (embedded or not), migrates it, seeds the demo if empty and starts HTTP. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config, { logger: log, template: options.template, replicaUrls: config.replicas.urls });
  const { orm } = database;
  try {
    if (!config.databaseUrl) log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL (PGlite) started');
    const applied = await migrate(orm);
    if (applied.length) log.info({ migrations: applied }, 'migrations applied');
    if (config.seedDemo && (await seedDemoIfEmpty(orm))) log.info('demo organisation seeded');
    // History partitions (db/partitions.ts): rolled forward now and hourly, and dropped once past retention.
    const stopPartitionRoll = schedulePartitionRoll(() => orm.em.fork(), config.retention, log);
    // Pace counts working days synchronously, from memory: the calendar is loaded before the first request.
    const stopCalendar = await keepWorkingCalendarLoaded(orm, config.workingCalendar, log);
    // Read replicas (docs/replicas.md): checked once before the first request, then every few seconds.
    const reads = database.replicas.length
      ? new ReadRouter(orm, database.replicas, config.replicas, config.rateLimits.redisUrl, log)
      : undefined;
    await reads?.start();

    const demoMode = !config.auth;
    const cors = corsPolicy(config.corsOrigins, demoMode);
    const embedTokens = new EmbedTokens(config.embed, (origin) => cors.allows(origin));
    const budgets = new RequestBudgets(config.rateLimits, config.trustProxy, log);
    const identify =
      options.resolveViewer ?? createViewerResolver({ identity: config.auth && new IdentityTokens(config.auth), embed: embedTokens });
    const resolveViewer = budgets.limitSubjects(identify);
    if (config.cursorSecret) useCursorSecret(config.cursorSecret);
    if (demoMode) {
      log.warn(
        { host: config.host },
        'DEMO MODE, NOT SECURE: no authentication is configured (AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_PUBLIC_KEY). ' +
          'Callers are trusted to name themselves in the X-Viewer header and default to ADMIN; the server listens on the loopback interface only.',
      );
    } else {
      log.info(
        { issuer: config.auth!.issuer, audience: config.auth!.audience, algorithms: config.auth!.algorithms },
        'bearer token authentication on',
      );
      if (embedTokens.ephemeralKey)
        log.warn('EMBED_TOKEN_SECRET is not set: embed tokens are signed with a random key and stop working when this process restarts');
    }

    const schema = await buildGraphQLSchema();
    const graphql = await createGraphQLEndpoint({
      schema,
      orm,
      resolveViewer,
      log,
      introspection: config.introspection,
      exposeInternals: config.env === 'development',
      hideSchemaDetails: config.env === 'production',
      maxBodyBytes: config.maxBodyBytes,
      limits: config.limits,
      exposeSqlCount: config.exposeSqlCount,
      embedTokens,
      plugins: [accessGuardPlugin(), auditRefusedMutationsPlugin()],
      reads,
    });
    // Subscriptions: the same schema, context and limits as /graphql, streamed as server-sent events.
    const live = await startLiveEvents({
      schema,
      orm,
      database,
      context: graphql.context,
      limits: config.limits,
      maxBodyBytes: config.maxBodyBytes,
      exposeInternals: config.env === 'development',
      log,
    });
    // The metrics export reads from a replica too: its caller is identified once more (not counted
    // against the budgets) to find their last write, and its unit of work is forked from the chosen database.
    const exportOrm = reads?.routedOrm() ?? orm;
    const readRoute = (handler: RouteHandler): RouteHandler =>
      reads
        ? async (request, response, scope, requestLog) => {
            const viewer = await identify(request).catch(() => undefined);
            const route = await reads.routeRead(viewer && callerOf(viewer));
            return reads.runRead(route, () => handler(request, response, scope, requestLog));
          }
        : handler;
    const imports = importEndpoint({ orm, resolveViewer, serviceKey: config.embed.serviceKey, maxBytes: config.importMaxBytes });
    const routes: Route[] = [
      { path: '/graphql', handler: budgets.limitAddresses(withCors(graphql.handler, cors, 'GET, POST, OPTIONS')) },
      { path: '/graphql/stream', handler: budgets.limitAddresses(withCors(live.handler, cors, 'GET, POST, OPTIONS')) },
      {
        path: '/auth/embed-tokens',
        handler: budgets.limitAddresses(embedTokenEndpoint({ orm, embedTokens, resolveViewer, serviceKey: config.embed.serviceKey })),
      },
      {
        path: '/export/metrics.csv',
        handler: budgets.limitAddresses(readRoute(metricsExportEndpoint({ orm: exportOrm, resolveViewer }))),
      },
      ...['/import', '/import/'].map((path) => ({ path, handler: budgets.limitAddresses(imports) })),
      // Records exports stay on the primary: each writes its audit entry through the export's own unit of work.
      { path: '/export/records/', handler: budgets.limitAddresses(recordsExportEndpoint({ orm, resolveViewer })) },
      {
        path: '/widgets/',
        handler: withCors(
          staticFiles('/widgets/', config.widgetsDir, { sourceMaps: config.env !== 'production' }),
          cors,
          'GET, HEAD, OPTIONS',
        ),
      },
      { path: '/healthz', quiet: true, handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
      { path: '/readyz', quiet: true, handler: (_req, res) => readiness(orm, res, log, reads) },
      // The demo intranet page trusts demo mode (no sign-in); with authentication configured it is off.
      ...(demoMode ? [{ path: '/demo', handler: demoPage(orm, config.widgetsDir) }] : []),
    ];
    const http = await startHttpServer({
      host: config.host,
      port: config.port,
      routes,
      log,
      headers: securityHeaders(config.hstsMaxAgeSeconds),
    });
    log.info({ url: `${http.url}/graphql`, ...(demoMode ? { demo: `${http.url}/demo` } : {}) }, 'GraphQL endpoint ready');
    const stopSnapshots = config.forecastSnapshots ? scheduleForecastSnapshots(orm, log) : async () => {};
    const stopReminders = config.reminders.enabled ? scheduleReminders(orm, config.reminders, log) : async () => {};
    const importRunner = config.importJobs ? startImportRunner(orm, log) : null;
    const webhookWorker = config.webhookDelivery ? startWebhookWorker(orm, log, config.webhooks) : null;
    return {
      url: http.url,
      orm,
      log,
      databaseUrl: database.url,
      async close() {
        // No new import job starts from here; the one running may finish while requests drain, within the
        // same time limit. One still running then dies with the database connection and, its heartbeat
        // stopped, is queued again by the next process (nothing of it was applied).
        const importsStopped = importRunner?.stop();
        // Webhook requests in flight are cut: their deliveries are due again at once, for the next process.
        await webhookWorker?.stop();
        await stopSnapshots();
        await stopReminders();
        await stopPartitionRoll();
        stopCalendar();
        // Open streams would hold the drain until its time limit: they end now, and their clients reconnect.
        await live.close();
        // Behind a reverse proxy (TRUST_PROXY), its pooled connections are left for it to close (http/server.ts).
        await http.drain(config.shutdownTimeoutMs, { proxied: config.trustProxy });
        if (importsStopped)
          await Promise.race([importsStopped, new Promise((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref())]);
        await graphql.stop();
        await budgets.close();
        await reads?.stop();
        await database.close();
        log.info('stopped');
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The reason a database is unreachable names its host and port: it goes to the log, not to the prober. */
async function readiness(orm: MikroORM, response: ServerResponse, log: Logger, reads?: ReadRouter): Promise<void> {
  try {
    await orm.em.getConnection().execute('select 1');
    // Replicas only add capacity: ready while the primary answers, whatever their state.
    sendJson(response, 200, { status: 'ready', database: 'reachable', ...(reads ? reads.status() : {}) });
  } catch (error) {
    log.warn({ err: error }, 'readiness: database unreachable');
    sendJson(response, 503, { status: 'not ready', database: 'unreachable' }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }
}
