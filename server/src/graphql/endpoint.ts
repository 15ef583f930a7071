import type { IncomingMessage } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema, OperationTypeNode } from 'graphql';
import type { EmbedTokens } from '../access/embed-tokens.js';
import { AccessPolicy } from '../access/policy.js';
import type { Viewer, ViewerResolver } from '../access/viewer.js';
import { operationKind } from '../db/replicas/operation-kind.js';
import { callerOf, type ReadRoute, type ReadRouter } from '../db/replicas/router.js';
import type { QueryLimits } from '../config.js';
import { DomainError } from '../errors.js';
import { BodyTooLargeError, readBody } from '../http/body.js';
import { endCompressed } from '../http/compress.js';
import { refuseMethod, RETRY_AFTER_SECONDS, sendGraphQLError } from '../http/respond.js';
import type { RouteHandler } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { RequestScope } from '../request-scope.js';
import type { Context } from './context.js';
import { createErrorFormatter, toGraphQLError } from './format-error.js';
import { inputFieldPlugin } from './input-field.js';
import { limitsPlugin, limitValidationRules } from './limits.js';
import { LoaderCache } from './loaders.js';
import { servedOperationTypesRule } from './operation-types.js';

export interface GraphQLEndpointOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  resolveViewer: ViewerResolver;
  log: Logger;
  /** Introspection on (off in production). */
  introspection: boolean;
  /** Stack traces and messages of unexpected errors in responses (development only). */
  exposeInternals: boolean;
  /** No "Did you mean …?" suggestions that reveal the schema (production). */
  hideSchemaDetails: boolean;
  maxBodyBytes: number;
  limits: QueryLimits;
  exposeSqlCount: boolean;
  embedTokens: EmbedTokens;
  /** Request plugins of the domains (authorization, auditing refusals), run after the endpoint's own. */
  plugins: ApolloServerPlugin<Context>[];
  /** Read replicas (DATABASE_REPLICA_URLS): queries read from one of them, everything else from the primary. */
  reads?: ReadRouter;
}

/** How one request is routed between the primary and the replicas (db/replicas, docs/replicas.md). */
export interface Routing {
  kind?: OperationTypeNode;
  /** Set once chosen (a query), or beforehand for the retry on the primary. */
  route?: ReadRoute;
  viewer?: Viewer;
}

export interface GraphQLEndpoint {
  handler: RouteHandler;
  /** The context of one request (viewer, access policy, loaders, unit of work), for the stream endpoint too. */
  context(request: IncomingMessage, scope: RequestScope, log: Logger, routing?: Routing): Promise<Context>;
  stop(): Promise<void>;
}

function contextError(error: unknown): unknown {
  return error instanceof DomainError ? toGraphQLError(error) : error;
}

function mediaType(request: IncomingMessage): string {
  return String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/** Apollo Server behind our own node:http route: body limit, request scope and per-request context. */
export async function createGraphQLEndpoint(options: GraphQLEndpointOptions): Promise<GraphQLEndpoint> {
  const { log } = options;
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: options.exposeInternals,
    hideSchemaDetailsFromClientErrors: options.hideSchemaDetails,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Query limits (graphql/limits.ts): tokens while parsing, depth / aliases / directives while
    // validating, cost and page size once the operation and its variables are known.
    parseOptions: { maxTokens: options.limits.maxTokens },
    validationRules: [...limitValidationRules(options.limits), servedOperationTypesRule],
    // Shutdown is ours (main.ts): drain HTTP first, then stop Apollo, then the database.
    stopOnTerminationSignals: false,
    // Apollo's cache-control plugin wraps every field resolver to collect hints we never give; answers
    // carry private data and are never cacheable, so the endpoint sets `cache-control: no-store` itself.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      limitsPlugin(options.limits),
      inputFieldPlugin(),
      ...options.plugins,
    ],
    formatError: createErrorFormatter({
      exposeInternals: options.exposeInternals,
      onInternalError: (error) => log.error({ err: error }, 'unexpected error in a resolver'),
      onDatabaseUnavailable: (error) => log.error({ err: error }, 'database unavailable'),
    }),
    // Apollo's own messages go to our log, where lines written during a request name it (logger.ts).
    logger: log,
  });
  await apollo.start();

  async function buildContext(request: IncomingMessage, scope: RequestScope, requestLog: Logger, routing?: Routing): Promise<Context> {
    try {
      const viewer = await options.resolveViewer(request);
      scope.viewer = `${viewer.role}${viewer.memberId ? `:${viewer.memberId}` : ''}`;
      if (routing) routing.viewer = viewer;
      if (routing && !routing.route && routing.kind === 'query' && options.reads)
        routing.route = await options.reads.routeRead(callerOf(viewer));
      const em = (routing?.route?.orm ?? options.orm).em.fork();
      const access = new AccessPolicy(em, viewer);
      await access.scope();
      return {
        requestId: scope.requestId,
        log: requestLog,
        em,
        viewer,
        access,
        loaders: new LoaderCache(em),
        limits: { maxPageSize: options.limits.maxPageSize },
        embedTokens: options.embedTokens,
      };
    } catch (error) {
      throw contextError(error);
    }
  }

  const handler: RouteHandler = async (request, response, scope, requestLog) => {
    let body: unknown;
    if (request.method !== 'POST' && request.method !== 'GET')
      return refuseMethod(response, 'GET, POST, OPTIONS', 'Use POST (or GET for queries)', scope.requestId);
    if (request.method === 'POST') {
      if (mediaType(request) !== 'application/json') {
        response.setHeader('connection', 'close'); // its body is not read
        return sendGraphQLError(response, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request as application/json', scope.requestId);
      }
      let text: string;
      try {
        text = await readBody(request, options.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          // Discard what the client is still sending (for a few seconds at most), so that it reads the answer.
          response.setHeader('connection', 'close');
          request.resume();
          setTimeout(() => request.destroy(), 5_000).unref();
          return sendGraphQLError(
            response,
            413,
            'PAYLOAD_TOO_LARGE',
            `Request body exceeds ${options.maxBodyBytes} bytes`,
            scope.requestId,
          );
        }
        throw error;
      }
      try {
        body = JSON.parse(text);
      } catch {
        return sendGraphQLError(response, 400, 'BAD_REQUEST', 'Request body is not valid JSON', scope.requestId);
      }
      if (Array.isArray(body))
        return sendGraphQLError(
          response,
          400,
          'BATCHING_DISABLED',
          'Batched requests are not accepted: send one operation per request',
          scope.requestId,
        );
      if (!body || typeof body !== 'object')
        return sendGraphQLError(response, 400, 'BAD_REQUEST', 'Request body must be a JSON object', scope.requestId);
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const search = new URL(request.url ?? '/', 'http://localhost').search;
    const routing: Routing = { kind: options.reads && operationKind(body, search, options.limits.maxTokens) };
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search, body },
        context: () => buildContext(request, scope, requestLog, routing),
      });
    let result = await execute();
    if (options.reads && routing.route?.replica && (scope.databaseUnavailable || scope.internalError)) {
      // A read changes nothing: the one retry runs it again on the primary (docs/replicas.md). Besides a
      // lost connection, a standby cancels queries that conflict with the WAL it replays (SQLSTATE 40001).
      requestLog.warn({ replica: routing.route.replica.name }, 'read failed on a replica, retried on the primary');
      routing.route = options.reads.retryOnPrimary(routing.route);
      scope.databaseUnavailable = false;
      scope.internalError = false;
      result = await execute();
    }
    // Before the answer leaves: the caller's next read must find their write.
    if (options.reads && routing.kind === 'mutation' && routing.viewer) await options.reads.recordWrite(callerOf(routing.viewer));
    response.setHeader('cache-control', 'no-store');
    for (const [name, value] of result.headers) response.setHeader(name, value);
    if (options.exposeSqlCount) response.setHeader('x-sql-statements', String(scope.sqlStatements));
    response.statusCode = result.status ?? 200;
    if (scope.databaseUnavailable) {
      response.statusCode = 503;
      response.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    }
    if (result.body.kind === 'complete') {
      endCompressed(request, response, result.body.string);
      return;
    }
    // Incremental delivery goes out uncompressed: each part must reach the client as soon as it is ready.
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  return { handler, context: buildContext, stop: () => apollo.stop() };
}
