import type { IncomingMessage } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { AccessPolicy } from '../access/policy.js';
import type { ViewerResolver } from '../access/viewer.js';
import { DomainError } from '../errors.js';
import { BodyTooLargeError, readBody } from '../http/body.js';
import { sendGraphQLError } from '../http/respond.js';
import type { RouteHandler } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { RequestScope } from '../request-scope.js';
import type { Context } from './context.js';
import { createErrorFormatter } from './format-error.js';
import { LoaderCache } from './loaders.js';

export interface GraphQLEndpointOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  resolveViewer: ViewerResolver;
  log: Logger;
  /** Introspection on (off in production). */
  introspection: boolean;
  /** Stack traces and messages of unexpected errors in responses (development only). */
  exposeInternals: boolean;
  maxBodyBytes: number;
  maxPageSize: number;
  exposeSqlCount: boolean;
}

export interface GraphQLEndpoint {
  handler: RouteHandler;
  stop(): Promise<void>;
}

function contextError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const status = error.code === 'UNAUTHENTICATED' ? 401 : error.code === 'FORBIDDEN' ? 403 : 400;
  return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details, http: { status } } });
}

/** Apollo Server behind our own node:http route: body limit, request scope and per-request context. */
export async function createGraphQLEndpoint(options: GraphQLEndpointOptions): Promise<GraphQLEndpoint> {
  const { log } = options;
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: options.exposeInternals,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Shutdown is ours (main.ts): drain HTTP first, then stop Apollo, then the database.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    formatError: createErrorFormatter({
      exposeInternals: options.exposeInternals,
      onInternalError: (error) => log.error({ err: error }, 'unexpected error in a resolver'),
    }),
  });
  await apollo.start();

  async function buildContext(request: IncomingMessage, scope: RequestScope, requestLog: Logger): Promise<Context> {
    try {
      const viewer = await options.resolveViewer(request);
      const em = options.orm.em.fork();
      const access = new AccessPolicy(em, viewer);
      await access.scope();
      return { requestId: scope.requestId, log: requestLog, em, viewer, access, loaders: new LoaderCache(em), limits: { maxPageSize: options.maxPageSize } };
    } catch (error) {
      throw contextError(error);
    }
  }

  const handler: RouteHandler = async (request, response, scope, requestLog) => {
    let body: unknown;
    if (request.method === 'POST') {
      let text: string;
      try {
        text = await readBody(request, options.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          return sendGraphQLError(response, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${options.maxBodyBytes} bytes`, scope.requestId);
        }
        throw error;
      }
      if ((request.headers['content-type'] ?? '').toLowerCase().includes('application/json')) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendGraphQLError(response, 400, 'BAD_REQUEST', 'Request body is not valid JSON', scope.requestId);
        }
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: new URL(request.url ?? '/', 'http://localhost').search, body },
      context: () => buildContext(request, scope, requestLog),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    if (options.exposeSqlCount) response.setHeader('x-sql-statements', String(scope.sqlStatements));
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  return { handler, stop: () => apollo.stop() };
}
