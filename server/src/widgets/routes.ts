import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Route } from '../http/server.js';
import { readStatic } from './bundle.js';
import { demoPageIds } from './demo-page.js';

export interface WidgetRoutesOptions {
  orm: MikroORM;
  /** The widgets package folder (holds dist/ and demo/). */
  widgetsDir: string;
  /** Attributes added to the demo page's <sales-config> (e.g. an embed token). */
  demoConfigAttributes?: () => Promise<string>;
}

function notModified(request: IncomingMessage, etag: string): boolean {
  return (request.headers['if-none-match'] ?? '').split(/\s*,\s*/).includes(etag);
}

/**
 * `/widgets/sales-widgets.js` (the self-contained bundle, stable URL: revalidated every 5 minutes by
 * ETag, readable cross-origin because intranet pages load it as a module script) and `/demo`.
 */
export function widgetRoutes(options: WidgetRoutesOptions): Route[] {
  const dist = path.join(options.widgetsDir, 'dist');
  const serveBundle = async (request: IncomingMessage, response: ServerResponse) => {
    const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice('/widgets/'.length);
    const file = /^sales-widgets\.js(\.map)?$/.test(name) ? await readStatic(path.join(dist, name)) : undefined;
    response.setHeader('access-control-allow-origin', '*');
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found (are the widgets built? `npm start` builds them)');
      return;
    }
    const headers = { etag: file.etag, 'cache-control': 'public, max-age=300, must-revalidate', vary: 'Origin' };
    if (notModified(request, file.etag)) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': file.contentType, 'content-length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  const serveDemo = async (_request: IncomingMessage, response: ServerResponse) => {
    const page = await readStatic(path.join(options.widgetsDir, 'demo', 'index.html'));
    const ids = await demoPageIds(options.orm.em.fork());
    if (!page || !ids) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The demo page needs the demo data (SEED_DEMO=true on an empty database).');
      return;
    }
    const values: Record<string, string> = {
      rootTeamId: String(ids.rootTeamId),
      teamId: String(ids.teamId),
      memberId: String(ids.memberId),
      configAttributes: (await options.demoConfigAttributes?.()) ?? '',
    };
    const html = page.body.toString('utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  };

  return [
    { path: '/widgets/', handler: serveBundle, quiet: true },
    { path: '/demo', handler: serveDemo },
  ];
}
