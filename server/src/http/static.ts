import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
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

/**
 * Serves the files of one folder under a path prefix (the widget bundle under /widgets/); nothing outside
 * it. Without `sourceMaps` (production) the sources stay private: `.map` files are not found, and
 * scripts are sent without the comment that points at theirs.
 */
export function staticFiles(prefix: string, folder: string, options: { sourceMaps: boolean }): RouteHandler {
  const root = path.resolve(folder);
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
    // The bundle's URL is stable: clients keep it five minutes, then revalidate cheaply by ETag.
    const etag = `W/"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
    if ((request.headers['if-none-match'] ?? '').split(/\s*,\s*/).includes(etag)) {
      response.writeHead(304, { etag, 'cache-control': 'public, max-age=300, must-revalidate' }).end();
      return;
    }
    const script =
      type.startsWith('text/javascript') && !options.sourceMaps
        ? Buffer.from((await readFile(file, 'utf8')).replace(SOURCE_MAP_COMMENT, ''))
        : undefined;
    response.writeHead(200, {
      etag,
      'content-type': type,
      'content-length': script?.length ?? info.size,
      'cache-control': 'public, max-age=300, must-revalidate',
      'cross-origin-resource-policy': 'cross-origin',
    });
    if (request.method === 'HEAD') return void response.end();
    if (script) return void response.end(script);
    await new Promise<void>((resolve, reject) => createReadStream(file).on('error', reject).on('end', resolve).pipe(response));
  };
}
