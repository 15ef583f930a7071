import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { type Coding, COMPRESS_FROM_BYTES, compressAsset, type Encoding, negotiateEncoding, varyOnEncoding } from './compress.js';
import type { RouteHandler } from './server.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

const SOURCE_MAP_COMMENT = /\n?\/\/# sourceMappingURL=\S+\s*$/;

/** Already compressed: a second pass would only cost CPU. */
const PRECOMPRESSED = new Set(['.woff2']);
const ETAG_SUFFIX: Record<Coding, string> = { br: 'br', gzip: 'gz' };

/**
 * The compressed copies of each file, made on first demand and kept for as long as its ETag names the same
 * version (files are immutable per ETag); a new version replaces them.
 */
function compressedCopies(): (file: string, etag: string, coding: Coding, read: () => Promise<Buffer>) => Promise<Buffer> {
  const copies = new Map<string, { etag: string; bodies: Map<Coding, Promise<Buffer>> }>();
  return (file, etag, coding, read) => {
    let entry = copies.get(file);
    if (entry?.etag !== etag) copies.set(file, (entry = { etag, bodies: new Map() }));
    const { bodies } = entry;
    let body = bodies.get(coding);
    if (!body) {
      bodies.set(coding, (body = read().then((content) => compressAsset(content, coding))));
      // A failure is not remembered: the next request tries again.
      body.catch(() => bodies.delete(coding));
    }
    return body;
  };
}

/** br or gzip for a text file worth compressing, when the client accepts it; identity otherwise. */
function encodingOf(request: IncomingMessage, extension: string, size: number): Encoding {
  if (PRECOMPRESSED.has(extension) || size < COMPRESS_FROM_BYTES) return 'identity';
  return negotiateEncoding(request.headers['accept-encoding']);
}

/** The weak ETag of one encoding of a file version: caches must not take one encoding for another. */
function etagOf({ size, mtimeMs }: Stats, encoding: Encoding): string {
  const version = `${size.toString(36)}-${Math.trunc(mtimeMs).toString(36)}`;
  return `W/"${encoding === 'identity' ? version : `${version}-${ETAG_SUFFIX[encoding]}`}"`;
}

/**
 * Serves the files of one folder under a path prefix (the widget bundle under /widgets/); nothing outside
 * it. Without `sourceMaps` (production) the sources stay private: `.map` files are not found, and
 * scripts are sent without the comment that points at theirs. Text files from 1 KiB on are sent br or gzip
 * when the client accepts it, compressed once per version with the best settings.
 */
export function staticFiles(prefix: string, folder: string, options: { sourceMaps: boolean }): RouteHandler {
  const root = path.resolve(folder);
  const compressed = compressedCopies();
  return async (request, response) => {
    const notFound = () => void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname.slice(prefix.length));
    } catch {
      return notFound();
    }
    const file = path.resolve(root, relative || 'index.js');
    const extension = path.extname(file);
    const type = TYPES[extension];
    if (relative.includes('\0') || !file.startsWith(root + path.sep) || !type || (extension === '.map' && !options.sourceMaps))
      return notFound();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return notFound();
    if (!PRECOMPRESSED.has(extension)) varyOnEncoding(response);
    const encoding = encodingOf(request, extension, info.size);
    // The bundle's URL is stable: clients keep it five minutes, then revalidate cheaply by ETag.
    const etag = etagOf(info, encoding);
    if ((request.headers['if-none-match'] ?? '').split(/\s*,\s*/).includes(etag)) {
      response.writeHead(304, { etag, 'cache-control': 'public, max-age=300, must-revalidate' }).end();
      return;
    }
    const headers = {
      etag,
      'content-type': type,
      'cache-control': 'public, max-age=300, must-revalidate',
      'cross-origin-resource-policy': 'cross-origin',
    };
    const rewritten = () => (type.startsWith('text/javascript') && !options.sourceMaps ? withoutSourceMapComment(file) : undefined);
    if (encoding === 'identity') {
      const script = await rewritten();
      response.writeHead(200, { ...headers, 'content-length': script?.length ?? info.size });
      return sendAsStored(request, response, file, script);
    }
    const body = await compressed(file, etagOf(info, 'identity'), encoding, async () => (await rewritten()) ?? readFile(file));
    response.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length });
    if (request.method === 'HEAD') return void response.end();
    response.end(body);
  };
}

/** The identity body: a rewritten script from memory, any other file streamed from disk. */
async function sendAsStored(request: IncomingMessage, response: ServerResponse, file: string, rewritten: Buffer | undefined) {
  if (request.method === 'HEAD') return void response.end();
  if (rewritten) return void response.end(rewritten);
  await new Promise<void>((resolve, reject) => createReadStream(file).on('error', reject).on('end', resolve).pipe(response));
}

async function withoutSourceMapComment(file: string): Promise<Buffer> {
  return Buffer.from((await readFile(file, 'utf8')).replace(SOURCE_MAP_COMMENT, ''));
}
