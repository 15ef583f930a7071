import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGraphQLError } from './respond.js';
import type { RequestScope } from '../request-scope.js';
import type { RouteHandler } from './server.js';

/**
 * Cross-origin access for intranet pages: only the configured origins (CORS_ORIGINS; in demo mode also
 * http://localhost and http://127.0.0.1 on any port) may call /graphql or load /widgets/ from another
 * origin. A request from any other origin is refused outright, so that it has no effect at all.
 */
export interface CorsPolicy {
  allows(origin: string): boolean;
}

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function corsPolicy(origins: string[], allowLoopback: boolean): CorsPolicy {
  const allowed = new Set(origins);
  return { allows: (origin) => allowed.has(origin) || (allowLoopback && LOOPBACK_ORIGIN.test(origin)) };
}

function isSameOrigin(request: IncomingMessage, origin: string): boolean {
  const host = request.headers.host;
  return Boolean(host) && (origin === `http://${host}` || origin === `https://${host}`);
}

const ALLOWED_HEADERS = 'authorization, content-type, x-request-id, apollo-require-preflight, x-apollo-operation-name';

/** Wraps a route: answers preflights, refuses foreign origins, adds the CORS headers for allowed ones. */
export function withCors(handler: RouteHandler, policy: CorsPolicy, methods: string): RouteHandler {
  return (request: IncomingMessage, response: ServerResponse, scope: RequestScope, log) => {
    const origin = request.headers.origin;
    response.setHeader('vary', 'Origin');
    if (origin !== undefined && !isSameOrigin(request, origin)) {
      if (!policy.allows(origin)) {
        response.setHeader('connection', 'close'); // its body is not read
        return sendGraphQLError(
          response,
          403,
          'ORIGIN_NOT_ALLOWED',
          `Origin ${origin.slice(0, 200)} is not allowed (CORS_ORIGINS)`,
          scope.requestId,
        );
      }
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-expose-headers', 'x-request-id');
      if (request.method === 'OPTIONS') {
        response.setHeader('access-control-allow-methods', methods);
        response.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
        response.setHeader('access-control-max-age', '600');
        response.writeHead(204).end();
        return;
      }
    }
    if (request.method === 'OPTIONS') {
      response.setHeader('allow', methods);
      response.writeHead(204).end();
      return;
    }
    return handler(request, response, scope, log);
  };
}
