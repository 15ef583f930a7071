import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  GraphQLError,
  parse,
  specifiedRules,
  subscribe,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { createHandler, type ExecutionResult } from 'graphql-sse';
import { fieldsBeyondWidgets, readWidgetOperations, widgetFieldAllowance } from '../../access/widget-fields.js';
import { repoRoot, type QueryLimits } from '../../config.js';
import { domainErrorIn, forbidden } from '../../errors.js';
import type { Context } from '../../graphql/context.js';
import { createErrorFormatter, toGraphQLError } from '../../graphql/format-error.js';
import { limitValidationRules } from '../../graphql/limits.js';
import { BodyTooLargeError, readBody } from '../../http/body.js';
import { refuseMethod, sendDomainError, sendGraphQLError } from '../../http/respond.js';
import type { RouteHandler } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import type { RequestScope } from '../../request-scope.js';
import { LiveStreamInterrupted, type LiveEventBus } from './bus.js';
import type { LiveContext } from './live-events.resolver.js';

export interface LiveEndpointOptions {
  schema: GraphQLSchema;
  bus: LiveEventBus;
  /** The context of /graphql (graphql/endpoint.ts): the same viewer, access policy and loaders. */
  context(request: IncomingMessage, scope: RequestScope, log: Logger): Promise<Context>;
  limits: QueryLimits;
  maxBodyBytes: number;
  exposeInternals: boolean;
  log: Logger;
}

/** Queries and mutations go to /graphql, where they are audited and answered in one response. */
const subscriptionsOnly: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription')
      context.reportError(
        new GraphQLError(`/graphql/stream serves subscriptions; send ${node.operation} operations to /graphql.`, { nodes: node }),
      );
  },
});

/** A refusal graphql-js reports without a code gets the one /graphql gives it. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code } });
}

/** graphql-sse types a context as a record. */
type StreamContext = LiveContext & Record<PropertyKey, unknown>;

const failed = (errors: readonly GraphQLError[]): ExecutionResult => ({ data: null, errors });

/**
 * GraphQL subscriptions over server-sent events (graphql-sse, "distinct connections" mode: one stream per
 * subscription) at /graphql/stream. The request is authenticated and its context built exactly as for
 * /graphql; the document passes the same limits, and an embed token selects only its widgets' fields.
 * Results and errors are formatted as /graphql formats them.
 */
export function liveEventsEndpoint(options: LiveEndpointOptions): RouteHandler {
  const { schema, log } = options;
  const rules = [...specifiedRules, ...limitValidationRules(options.limits), subscriptionsOnly];
  const format = createErrorFormatter({
    exposeInternals: options.exposeInternals,
    onInternalError: (error) => log.error({ err: error }, 'unexpected error in a live subscription'),
    onDatabaseUnavailable: (error) => log.error({ err: error }, 'database unavailable'),
  });
  let widgetAllowance: ReturnType<typeof widgetFieldAllowance> | undefined;
  const beyondWidgets = (document: DocumentNode, ctx: Context): string[] => {
    widgetAllowance ??= widgetFieldAllowance(schema, readWidgetOperations(path.join(repoRoot, 'schema', 'operations')));
    return fieldsBeyondWidgets(schema, document, widgetAllowance, ctx.viewer.embed!.widgets);
  };

  const handle = createHandler<IncomingMessage, StreamContext, StreamContext>({
    schema,
    // No reserved streams: every subscription is its own request ("distinct connections" mode).
    authenticate: () => null,
    validate: (against, document) => validate(against, document, rules).map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')),
    async onSubscribe(request, params) {
      let document: DocumentNode;
      try {
        document = parse(params.query, { maxTokens: options.limits.maxTokens });
      } catch (error) {
        return failed([withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')]);
      }
      const { operationName, variables: variableValues } = params;
      return { schema, document, operationName, variableValues, contextValue: request.context };
    },
    // Runs once the document is valid: the embed check of the access guard (access/guard.ts), then the subscription.
    subscribe(args) {
      const ctx = args.contextValue;
      const beyond = ctx.viewer.embed ? beyondWidgets(args.document, ctx) : [];
      if (beyond.length) {
        const grant = ctx.viewer.embed!;
        return failed([
          toGraphQLError(forbidden(`an embed token for ${grant.widgets.join(', ')} may not read ${beyond.slice(0, 5).join(', ')}`)),
        ]);
      }
      return subscribe(args);
    },
    onNext(_ctx, _request, result) {
      if (!result.errors?.length) return result;
      return { ...result, errors: result.errors.map((error) => format(error.toJSON(), error)) } as unknown as ExecutionResult;
    },
  });

  return async (request, response, scope) => {
    if (request.method !== 'GET' && request.method !== 'POST')
      return refuseMethod(response, 'GET, POST, OPTIONS', 'Use POST (or GET) with Accept: text/event-stream', scope.requestId);
    if (request.headers.accept !== 'text/event-stream')
      return sendGraphQLError(response, 400, 'BAD_REQUEST', 'Ask for the stream with Accept: text/event-stream', scope.requestId);
    let body: string | null = null;
    if (request.method === 'POST') {
      try {
        body = await readBody(request, options.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        response.setHeader('connection', 'close');
        request.resume();
        return sendGraphQLError(response, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${options.maxBodyBytes} bytes`, scope.requestId);
      }
    }
    let context: Context;
    try {
      context = await options.context(request, scope, log);
    } catch (error) {
      // Refused credentials get the answer /graphql gives; an unreachable database is answered by the server (503).
      const refusal = domainErrorIn(error);
      if (!refusal) throw error;
      return sendDomainError(response, refusal, scope.requestId);
    }
    const [stream, init] = await handle({
      method: request.method,
      url: request.url ?? '/',
      headers: { get: (name) => headerOf(request, name) },
      body,
      raw: request,
      context: { ...context, liveEvents: options.bus },
    });
    // nginx buffers responses unless told otherwise; a stream must reach the client as it is written.
    response.writeHead(init.status, init.statusText, { ...init.headers, 'x-accel-buffering': 'no' });
    if (!stream || typeof stream === 'string') return void response.end(stream ?? undefined);
    await pipeStream(stream, response, log);
  };
}

function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/** Writes the stream until it ends or the client leaves; an interrupted stream ends without `complete`. */
async function pipeStream(stream: AsyncGenerator<string, void, undefined>, response: ServerResponse, log: Logger): Promise<void> {
  const leave = () => void stream.return(undefined);
  response.once('close', leave);
  try {
    for await (const message of stream) {
      if (!response.writable) break;
      await new Promise<void>((resolve, reject) => response.write(message, (error) => (error ? reject(error) : resolve())));
    }
  } catch (error) {
    if (!(error instanceof LiveStreamInterrupted)) log.error({ err: error }, 'live stream failed');
  } finally {
    response.off('close', leave);
    response.end();
  }
}
