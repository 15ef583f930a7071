import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { demoViewIds } from '../seeders/saved-views.js';
import type { RouteHandler } from '../http/server.js';

/** Which records the demo page shows: the top team, the largest field team and one of its reps. */
export interface DemoPageIds {
  rootTeamId: number;
  teamId: number;
  memberId: number;
}

export async function demoPageIds(em: EntityManager): Promise<DemoPageIds | undefined> {
  const [row] = await em.getConnection().execute<{ root_team_id: number; team_id: number; member_id: number }[]>(
    `with root as (
       select id from team where parent_id is null and archived_at is null order by id limit 1
     ), largest as (
       select t.id from team t join member m on m.team_id = t.id and m.archived_at is null and m.role = 'REP'
        where t.archived_at is null and t.kind <> 'INSIDE_SALES'
        group by t.id order by count(*) desc, t.id limit 1
     )
     select (select id from root) as root_team_id, l.id as team_id,
            (select m.id from member m where m.team_id = l.id and m.role = 'REP' and m.archived_at is null order by m.id limit 1) as member_id
       from largest l`,
  );
  return row ? { rootTeamId: row.root_team_id, teamId: row.team_id, memberId: row.member_id } : undefined;
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
const INLINE_STYLE = /<style[^>]*>([\s\S]*?)<\/style>/g;

/**
 * A strict Content-Security-Policy for the page: its own inline script and style by their hashes, the
 * widget bundle and the API from this origin, nothing else. The widgets set style attributes (bar widths,
 * chart colours), hence `style-src-attr`, which cannot run code.
 */
function demoPagePolicy(html: string): string {
  const hashes = (pattern: RegExp) =>
    [...html.matchAll(pattern)].map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`).join(' ');
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes(INLINE_SCRIPT)}`,
    `style-src 'self' ${hashes(INLINE_STYLE)}`,
    "style-src-attr 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * `/demo`: a plain intranet page (built into the widgets' dist folder as demo.html) that embeds every
 * widget, pointed at records of the demo organisation.
 */
export function demoPage(orm: MikroORM, widgetsDir: string): RouteHandler {
  return async (_request, response) => {
    const template = await readFile(path.join(widgetsDir, 'demo.html'), 'utf8').catch(() => undefined);
    const ids = await demoPageIds(orm.em.fork());
    if (!template || !ids) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(
        template
          ? 'The demo page needs the demo data (SEED_DEMO=true on an empty database).'
          : 'The widgets are not built: `npm start` builds them.',
      );
      return;
    }
    const values: Record<string, string> = {
      rootTeamId: String(ids.rootTeamId),
      teamId: String(ids.teamId),
      memberId: String(ids.memberId),
      ...(await demoViewIds(orm.em.fork())),
    };
    const html = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': demoPagePolicy(html),
    });
    response.end(html);
  };
}
