import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import { runInRequestScope, type RequestScope } from '../request-scope.js';

/** A route answers one path; it runs inside the request scope (request id, SQL tally). */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, scope: RequestScope, log: Logger) => Promise<void> | void;

export interface Route {
  /** Exact path, or a prefix when it ends with `/`. */
  path: string;
  handler: RouteHandler;
  /** Log at debug level only (health probes). */
  quiet?: boolean;
}

export interface HttpServer {
  server: Server;
  url: string;
  /** Stops accepting connections and waits for in-flight requests, at most `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

function findRoute(routes: Route[], pathname: string): Route | undefined {
  return routes.find((route) => (route.path.endsWith('/') ? pathname.startsWith(route.path) : pathname === route.path));
}

export async function startHttpServer(options: { host: string; port: number; routes: Route[]; log: Logger }): Promise<HttpServer> {
  const { routes, log } = options;
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  const server = createServer((request, response) => {
    const scope: RequestScope = { requestId: requestIdOf(request), sqlStatements: 0 };
    const requestLog = log.child({ requestId: scope.requestId });
    const started = performance.now();
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = findRoute(routes, pathname);
    inFlight += 1;
    response.setHeader('x-request-id', scope.requestId);
    if (draining) response.setHeader('connection', 'close');
    response.on('close', () => {
      inFlight -= 1;
      const line = { method: request.method, path: pathname, status: response.statusCode, ms: Math.round(performance.now() - started), sql: scope.sqlStatements, viewer: scope.viewer };
      if (route?.quiet) requestLog.debug(line, 'request');
      else requestLog.info(line, 'request');
      if (inFlight === 0) idle?.();
    });
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    runInRequestScope(scope, async () => {
      try {
        await route.handler(request, response, scope, requestLog);
      } catch (error) {
        requestLog.error({ err: error }, 'request failed');
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Internal server error');
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    server,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    async drain(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
