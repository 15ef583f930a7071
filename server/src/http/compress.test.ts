import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config.js';
import { createLogger } from '../logger.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { COMPRESS_FROM_BYTES, negotiateEncoding } from './compress.js';
import { type HttpServer, startHttpServer } from './server.js';
import { staticFiles } from './static.js';

/** Response compression: negotiation, GraphQL answers and the widget bundle, over real HTTP. */

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire. */
  body: Buffer;
}

/** node:http adds no Accept-Encoding of its own (fetch would) and leaves the body as sent. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The body as the client reads it, checking that Content-Length counts the bytes sent. */
function decoded(answer: Answer): string {
  expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(answer.body).toString('utf8');
  expect(encoding).toBeUndefined();
  return answer.body.toString('utf8');
}

const varies = (answer: Answer) => String(answer.headers.vary ?? '').split(/\s*,\s*/);

describe('Accept-Encoding negotiation', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip;q=1.0, br;q=1', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0.9, br;q=0.899', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['deflate, compress', 'identity'],
    ['*', 'br'],
    ['*;q=0.5, gzip', 'gzip'],
    ['*, br;q=0', 'gzip'],
    ['*;q=0', 'identity'],
    ['identity', 'identity'],
    ['identity, gzip;q=0.5', 'identity'],
    ['identity;q=0.5, gzip', 'gzip'],
    ['identity;q=0, gzip;q=0.1', 'gzip'],
    ['identity;q=0', 'identity'],
    [' GZIP ; Q=0.7 , Br;q=0.8 ', 'br'],
    ['x-gzip', 'gzip'],
    ['br;q=2, gzip;q=0.1', 'gzip'],
    ['br;q=high, gzip;q=0.1', 'gzip'],
    ['br;q=0.0001', 'identity'],
    ['gzip;level=9', 'gzip'],
  ])('%j → %s', (header, expected) => expect(negotiateEncoding(header)).toBe(expected));
});

describe('over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server?.close());

  describe('GraphQL answers', () => {
    const LARGE = `{ teams(first: 50) { nodes { id name kind members { id fullName role } } } }`;
    const ask = (query: string, headers: Record<string, string> = {}) =>
      raw(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: server.bearer(), ...headers },
        body: JSON.stringify({ query }),
      });

    it.each(['br', 'gzip'])('come %s above the threshold, decoding to the uncompressed answer', async (coding) => {
      const plain = await ask(LARGE);
      expect(plain.status).toBe(200);
      expect(plain.body.length).toBeGreaterThan(COMPRESS_FROM_BYTES);
      const compressed = await ask(LARGE, { 'accept-encoding': coding });
      expect(compressed.headers['content-encoding']).toBe(coding);
      expect(compressed.body.length).toBeLessThan(plain.body.length / 2);
      expect(decoded(compressed)).toBe(decoded(plain));
      expect(JSON.parse(decoded(compressed)).data.teams.nodes.length).toBeGreaterThan(0);
      // CORS put Origin in Vary; compression adds to it.
      for (const answer of [plain, compressed]) expect(varies(answer)).toEqual(['Origin', 'Accept-Encoding']);
    });

    it('prefer br when the client takes both, and honour its weights', async () => {
      expect((await ask(LARGE, { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('br');
      expect((await ask(LARGE, { 'accept-encoding': 'br;q=0.5, gzip' })).headers['content-encoding']).toBe('gzip');
    });

    it.each([
      ['no Accept-Encoding', {}],
      ['Accept-Encoding: identity', { 'accept-encoding': 'identity' }],
      ['br and gzip refused', { 'accept-encoding': 'br;q=0, gzip;q=0' }],
    ])('stay uncompressed with %s', async (_name, headers) => {
      const answer = await ask(LARGE, headers);
      expect(answer.status).toBe(200);
      expect(JSON.parse(decoded(answer)).data.teams.nodes.length).toBeGreaterThan(0);
    });

    it('stay uncompressed below the threshold, still varying on Accept-Encoding', async () => {
      const answer = await ask('{ __typename }', { 'accept-encoding': 'br, gzip' });
      expect(JSON.parse(decoded(answer))).toEqual({ data: { __typename: 'Query' } });
      expect(varies(answer)).toContain('Accept-Encoding');
    });
  });

  describe('the widget bundle', () => {
    let url: string;
    let identity: Answer;
    beforeAll(async () => {
      // Test servers serve WIDGETS_DIR's default, the built bundle (pnpm --filter @sales-graph/widgets build).
      await stat(path.join(repoRoot, 'widgets', 'dist', 'sales-widgets.js'));
      url = `${server.url}/widgets/sales-widgets.js`;
      identity = await raw(url);
    });

    it('is sent as stored without Accept-Encoding, varying on it', async () => {
      expect(identity.status).toBe(200);
      expect(identity.headers['content-encoding']).toBeUndefined();
      expect(identity.headers.etag).toMatch(/^W\/"[0-9a-z]+-[0-9a-z]+"$/);
      expect(varies(identity)).toContain('Accept-Encoding');
      expect(decoded(identity)).toContain('sourceMappingURL=sales-widgets.js.map');
      const declined = await raw(url, { headers: { 'accept-encoding': 'identity' } });
      expect(declined.headers['content-encoding']).toBeUndefined();
      expect(declined.body.equals(identity.body)).toBe(true);
    });

    it.each([
      ['br', 'br'],
      ['gzip', 'gz'],
    ])('comes %s, much smaller, under an ETag of its own', async (coding, suffix) => {
      const answer = await raw(url, { headers: { 'accept-encoding': coding } });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(coding);
      expect(answer.headers.etag).toBe(identity.headers.etag!.replace(/"$/, `-${suffix}"`));
      expect(answer.body.length).toBeLessThan(identity.body.length / 3);
      expect(decoded(answer)).toBe(decoded(identity));
      expect(varies(answer)).toContain('Accept-Encoding');
      expect(answer.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
    });

    it('comes br smaller than gzip', async () => {
      const [br, gzip] = await Promise.all(['br', 'gzip'].map((coding) => raw(url, { headers: { 'accept-encoding': coding } })));
      expect(br.body.length).toBeLessThan(gzip.body.length);
    });

    it('answers 304 to the ETag of the encoding it would send, and only to that one', async () => {
      const br = await raw(url, { headers: { 'accept-encoding': 'br' } });
      const revalidated = await raw(url, { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! } });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.etag).toBe(br.headers.etag);
      expect(varies(revalidated)).toContain('Accept-Encoding');
      expect(revalidated.body.length).toBe(0);
      // A cache holding the identity copy asks again, now taking br: that is another representation.
      const other = await raw(url, { headers: { 'accept-encoding': 'br', 'if-none-match': identity.headers.etag! } });
      expect(other.status).toBe(200);
      expect(other.headers.etag).toBe(br.headers.etag);
      const gzip = await raw(url, { headers: { 'accept-encoding': 'gzip' } });
      const both = `${identity.headers.etag}, ${gzip.headers.etag}`;
      expect((await raw(url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': both } })).status).toBe(304);
      expect((await raw(url, { headers: { 'if-none-match': both } })).status).toBe(304);
    });

    it('answers HEAD with the headers of the encoding, without a body', async () => {
      const get = await raw(url, { headers: { 'accept-encoding': 'br' } });
      const head = await raw(url, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      for (const name of ['content-encoding', 'content-length', 'etag', 'vary', 'content-type'])
        expect(head.headers[name], name).toBe(get.headers[name]);
    });
  });
});

describe('static files in production', () => {
  let folder: string;
  let http: HttpServer;
  const at = (file: string) => `${http.url}/widgets/${file}`;
  const BR = { 'accept-encoding': 'br' };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-compress-'));
    await copyFile(path.join(repoRoot, 'widgets', 'dist', 'sales-widgets.js'), path.join(folder, 'index.js'));
    await writeFile(path.join(folder, 'index.js.map'), '{"version":3}');
    await writeFile(path.join(folder, 'small.js'), `export const small = '${'x'.repeat(COMPRESS_FROM_BYTES - 100)}';\n`);
    await writeFile(path.join(folder, 'font.woff2'), randomBytes(4096));
    await writeFile(path.join(folder, 'data.json'), JSON.stringify({ version: 1, rows: Array(200).fill('row') }));
    http = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      routes: [{ path: '/widgets/', handler: staticFiles('/widgets/', folder, { sourceMaps: false }) }],
      log: createLogger('silent'),
      headers: {},
    });
  });
  afterAll(async () => {
    await http?.drain(1000);
    await rm(folder, { recursive: true, force: true });
  });

  it('compress the script without the comment that points at its source map, which stays hidden', async () => {
    const plain = decoded(await raw(at('index.js')));
    expect(plain).not.toContain('sourceMappingURL');
    for (const coding of ['br', 'gzip']) expect(decoded(await raw(at('index.js'), { headers: { 'accept-encoding': coding } }))).toBe(plain);
    expect((await raw(at('index.js.map'), { headers: BR })).status).toBe(404);
  });

  it('leave files under 1 KiB and fonts as they are', async () => {
    const small = await raw(at('small.js'), { headers: BR });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(decoded(small)).toContain('export const small');
    const font = await raw(at('font.woff2'), { headers: BR });
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers.vary).toBeUndefined();
    expect(font.body.equals(await readFile(path.join(folder, 'font.woff2')))).toBe(true);
  });

  it('compress a new version of a file again', async () => {
    const file = path.join(folder, 'data.json');
    const first = await raw(at('data.json'), { headers: BR });
    expect(JSON.parse(decoded(first)).version).toBe(1);
    await writeFile(file, JSON.stringify({ version: 2, rows: Array(300).fill('row') }));
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    const second = await raw(at('data.json'), { headers: BR });
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect(second.headers.etag).toMatch(/-br"$/);
    expect(JSON.parse(decoded(second)).version).toBe(2);
  });
});
