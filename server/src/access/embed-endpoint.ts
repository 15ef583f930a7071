import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { audited, recordRefusal } from '../audit/recorder.js';
import { DomainError } from '../errors.js';
import { readJsonObject } from '../http/body.js';
import { refuseMethod, sendDomainError, sendJson } from '../http/respond.js';
import type { RouteHandler } from '../http/server.js';
import { parseOptionalId } from '../ids.js';
import type { EmbedTokens } from './embed-tokens.js';
import { AccessPolicy } from './policy.js';
import { tokenRefused } from './tokens.js';
import { AccessRole, type Viewer, type ViewerResolver } from './viewer.js';

const MAX_BODY = 16_384;
const OPERATION = 'POST /auth/embed-tokens';

/** Who a service-key caller claims to be: the audit names failed attempts by it, never by the key they sent. */
const SERVICE_KEY_VIEWER: Viewer = { role: AccessRole.ADMIN, memberId: null, subject: 'service-key' };

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * POST /auth/embed-tokens: lets an intranet page's backend mint an embed token for the widget it renders.
 * Authenticated with the caller's own Bearer token (a manager for the teams they lead, an admin for any)
 * or with the configured service key (`X-Service-Key`, admin rights for this endpoint only).
 * Body: `{ "teamId" | "memberId", "widgets": [...], "origin"?, "ttlSeconds"? }`; answers 201 with
 * `{ token, expiresAt, scope }`. Every call is audited.
 */
export function embedTokenEndpoint(options: {
  orm: MikroORM;
  embedTokens: EmbedTokens;
  resolveViewer: ViewerResolver;
  serviceKey?: string;
}): RouteHandler {
  return async (request, response, scope, log) => {
    if (request.method !== 'POST') return refuseMethod(response, 'POST', 'Use POST', scope.requestId);
    const body = await readJsonObject(request, response, MAX_BODY, scope.requestId);
    if (!body) return;
    let viewer: Viewer;
    try {
      viewer = await viewerOf(request, options);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.details.rule === 'service-key') {
        await recordRefusal(
          { em: options.orm.em.fork(), log, requestId: scope.requestId, viewer: SERVICE_KEY_VIEWER },
          [OPERATION],
          body,
          error,
        );
      }
      return sendDomainError(response, error, scope.requestId);
    }
    scope.viewer = `${viewer.role}${viewer.memberId ? `:${viewer.memberId}` : ''}`;
    const em = options.orm.em.fork();
    const access = new AccessPolicy(em, viewer);
    try {
      const { token, grant } = await audited({ em, log, requestId: scope.requestId, viewer }, OPERATION, body, async () => {
        await access.scope();
        const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);
        const widgets = body.widgets;
        return options.embedTokens.issue(em, access, {
          teamId: parseOptionalId(text(body.teamId), 'teamId'),
          memberId: parseOptionalId(text(body.memberId), 'memberId'),
          widgets: Array.isArray(widgets) ? widgets.map(String) : [],
          origin: typeof body.origin === 'string' ? body.origin : null,
          ttlSeconds:
            typeof body.ttlSeconds === 'number' ? body.ttlSeconds : body.ttlSeconds === undefined || body.ttlSeconds === null ? null : NaN,
        });
      });
      sendJson(
        response,
        201,
        {
          token,
          expiresAt: grant.expiresAt.toISOString(),
          scope: {
            teamId: grant.teamId === null ? null : String(grant.teamId),
            memberId: grant.memberId === null ? null : String(grant.memberId),
            widgets: grant.widgets,
            origin: grant.origin,
          },
        },
        { 'cache-control': 'no-store' },
      );
    } catch (error) {
      if (error instanceof DomainError) return sendDomainError(response, error, scope.requestId);
      throw error;
    }
  };
}

/** The caller of an endpoint that also takes the service key (`X-Service-Key`, an admin): POST /auth/embed-tokens, POST /import. */
export async function viewerOf(request: IncomingMessage, options: { resolveViewer: ViewerResolver; serviceKey?: string }): Promise<Viewer> {
  const key = request.headers['x-service-key'];
  if (key === undefined) return options.resolveViewer(request);
  if (!options.serviceKey) throw tokenRefused('service-key', 'no service key is configured (EMBED_SERVICE_KEY)');
  if (typeof key !== 'string' || !sameSecret(key, options.serviceKey)) throw tokenRefused('service-key', 'the service key is wrong');
  return SERVICE_KEY_VIEWER;
}
