import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { sendJson } from './respond.js';
import { type HttpServer, startHttpServer } from './server.js';

const start = () =>
  startHttpServer({
    host: '127.0.0.1',
    port: 0,
    routes: [{ path: '/ping', handler: (_req, res) => sendJson(res, 200, { ok: true }) }],
    log: createLogger('silent'),
    headers: {},
  });

/** A keep-alive connection on which requests are written by hand, as a proxy's pooled upstream connection. */
async function pooledConnection(http: HttpServer): Promise<{ socket: Socket; ask(): Promise<string>; closed: Promise<void> }> {
  const { port } = new URL(http.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let buffer = '';
  let waiting: ((answer: string) => void) | undefined;
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    if (waiting && buffer.includes('{"ok":true}')) {
      waiting(buffer);
      buffer = '';
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    closed,
    ask: () =>
      new Promise((resolve, reject) => {
        waiting = resolve;
        socket.once('close', () => reject(new Error('closed before answering')));
        socket.write('GET /ping HTTP/1.1\r\nHost: upstream\r\nConnection: keep-alive\r\n\r\n');
      }),
  };
}

describe('draining', () => {
  it('closes idle connections at once when no proxy fronts the server', async () => {
    const http = await start();
    const connection = await pooledConnection(http);
    expect(await connection.ask()).toMatch(/^HTTP\/1\.1 200/);
    await http.drain(2000);
    await connection.closed;
  });

  it('behind a proxy, answers one more request on a pooled connection, with connection: close, then lets it go', async () => {
    const http = await start();
    const connection = await pooledConnection(http);
    expect(await connection.ask()).toMatch(/^HTTP\/1\.1 200/);
    const drained = http.drain(5000, { proxied: true });
    // The proxy sends a request down its idle connection just as the server starts to stop.
    const answer = await connection.ask();
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer.toLowerCase()).toContain('connection: close');
    await connection.closed;
    await drained;
  });
});
