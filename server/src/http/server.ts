import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import { isDatabaseUnavailable } from '../db/outage.js';
import type { Logger } from '../logger.js';
import { runInRequestScope, type RequestScope } from '../request-scope.js';
import { sendServiceUnavailable } from './respond.js';

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
  /**
   * Stops accepting connections and waits for in-flight requests, at most `timeoutMs`. `proxied`: behind a
   * reverse proxy, idle connections are its pool and it may be sending a request down one this very
   * moment (a request not read yet looks idle); they stay open, each answering at most one more request
   * with `connection: close`, until the proxy closes them (nginx: its upstream keepalive_timeout, below
   * our 5 s keep-alive timeout), or `timeoutMs`.
   */
  drain(timeoutMs: number, options?: { proxied?: boolean }): Promise<void>;
}

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A client's `X-Request-Id`, kept for the log when well-formed; the request's own id is always ours. */
function clientRequestIdOf(request: IncomingMessage): string | undefined {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : undefined;
}

function findRoute(routes: Route[], pathname: string): Route | undefined {
  return routes.find((route) => (route.path.endsWith('/') ? pathname.startsWith(route.path) : pathname === route.path));
}

/** `headers` go on every answer (http/security-headers.ts). */
export async function startHttpServer(options: {
  host: string;
  port: number;
  routes: Route[];
  log: Logger;
  headers: Record<string, string>;
}): Promise<HttpServer> {
  const { routes, log } = options;
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  const server = createServer((request, response) => {
    const scope: RequestScope = { requestId: randomUUID(), clientRequestId: clientRequestIdOf(request), sqlStatements: 0 };
    const started = performance.now();
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = findRoute(routes, pathname);
    inFlight += 1;
    for (const [name, value] of Object.entries(options.headers)) response.setHeader(name, value);
    response.setHeader('x-request-id', scope.requestId);
    if (draining) response.setHeader('connection', 'close');
    response.on('close', () => {
      inFlight -= 1;
      // Outside the request scope: the line names the request itself.
      const line = {
        requestId: scope.requestId,
        clientRequestId: scope.clientRequestId,
        method: request.method,
        path: pathname,
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
        sql: scope.sqlStatements,
        viewer: scope.viewer,
      };
      if (route?.quiet) log.debug(line, 'request');
      else log.info(line, 'request');
      if (inFlight === 0) idle?.();
    });
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    runInRequestScope(scope, async () => {
      try {
        await route.handler(request, response, scope, log);
      } catch (error) {
        if (isDatabaseUnavailable(error) && !response.headersSent) {
          log.error({ err: error }, 'database unavailable');
          return sendServiceUnavailable(response, scope.requestId);
        }
        log.error({ err: error }, 'request failed');
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
    async drain(timeoutMs, { proxied = false } = {}) {
      draining = true;
      // net.Server's close stops listening and calls back once every connection has ended; http.Server's
      // also closes the idle ones at once.
      const closed = new Promise<void>((resolve) => (proxied ? NetServer.prototype.close : server.close).call(server, () => resolve()));
      const done = proxied ? closed : inFlight > 0 ? new Promise<void>((resolve) => (idle = resolve)) : undefined;
      if (done) await Promise.race([done, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      server.closeAllConnections();
      await closed;
    },
  };
}
