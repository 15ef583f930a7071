import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AuditChangeKind } from '../audit/audit-entry.entity.js';
import { recordAuditChange } from '../audit/recorder.js';
import type { EmbedConfig } from '../config.js';
import { badInput, notFound } from '../errors.js';
import { requireMember } from '../org/member.service.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import type { AccessPolicy } from './policy.js';
import { trustedUntil, VerifiedTokenCache } from './token-cache.js';
import { describeJoseError, idClaim, tokenRefused } from './tokens.js';
import { AccessRole, WidgetKind, type EmbedGrant, type Viewer } from './viewer.js';

/** Embed tokens are told apart from identity tokens by their issuer, audience and type. */
export const EMBED_ISSUER = 'urn:sales-graph:embed';
export const EMBED_AUDIENCE = 'urn:sales-graph:widgets';
const EMBED_TYPE = 'embed+jwt';
const MIN_TTL_SECONDS = 30;

/** What a manager or admin asks for (GraphQL `createEmbedToken`, or POST /auth/embed-tokens). */
export interface EmbedTokenRequest {
  teamId?: number | null;
  memberId?: number | null;
  widgets: string[];
  origin?: string | null;
  ttlSeconds?: number | null;
}

export interface IssuedEmbedToken {
  token: string;
  grant: EmbedGrant;
}

/** An origin as browsers send it: scheme://host[:port], nothing else. */
export function normaliseOrigin(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badInput(field, 'origin', `"${value}" is not an origin such as https://intranet.example.ru`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== value.trim().replace(/\/$/, '')) {
    throw badInput(field, 'origin', `"${value}" must be scheme://host[:port], without a path`);
  }
  return url.origin;
}

/** Signs and verifies embed tokens with this server's own HS256 key. */
export class EmbedTokens {
  private readonly key: Uint8Array;
  private readonly verified = new VerifiedTokenCache<Viewer>();
  readonly ephemeralKey: boolean;

  constructor(
    private readonly config: EmbedConfig,
    private readonly allowedOrigins: (origin: string) => boolean,
  ) {
    this.ephemeralKey = !config.secret;
    this.key = config.secret ? new TextEncoder().encode(config.secret) : randomBytes(32);
  }

  get ttlSeconds(): number {
    return this.config.ttlSeconds;
  }

  /**
   * Checks the request and the caller's right to it, then signs the token. Managers embed the teams they
   * lead (and their members), admins anything; read-only callers nothing.
   */
  async issue(em: EntityManager, access: AccessPolicy, request: EmbedTokenRequest): Promise<IssuedEmbedToken> {
    await access.assertCanWrite('create embed tokens');
    const teamId = request.teamId ?? null;
    const memberId = request.memberId ?? null;
    if ((teamId === null) === (memberId === null))
      throw badInput('teamId', 'one-scope', 'give exactly one of teamId (a team subtree) and memberId (one member)');
    const widgets = [...new Set(request.widgets)];
    if (widgets.length === 0) throw badInput('widgets', 'required', 'name at least one widget kind');
    for (const widget of widgets) {
      if (!Object.values(WidgetKind).includes(widget as WidgetKind))
        throw badInput('widgets', 'widget-kind', `"${widget}" is not a widget kind`);
    }
    const origin = request.origin ? normaliseOrigin(request.origin, 'origin') : null;
    if (origin && !this.allowedOrigins(origin))
      throw badInput('origin', 'cors-origin', `${origin} is not one of the allowed intranet origins (CORS_ORIGINS)`);
    const ttl = request.ttlSeconds ?? this.config.ttlSeconds;
    if (!Number.isInteger(ttl) || ttl < MIN_TTL_SECONDS || ttl > this.config.ttlSeconds) {
      throw badInput('ttlSeconds', 'range', `must be between ${MIN_TTL_SECONDS} and ${this.config.ttlSeconds} seconds, got ${ttl}`);
    }
    if (teamId !== null) {
      const team = await requireTeam(em, teamId, 'teamId');
      if (team.archivedAt) throw badInput('teamId', 'archived', `team ${teamId} is archived`);
      await access.assertCanManageTeam(team, 'create embed tokens');
    } else {
      const member = await requireMember(em, memberId!, 'memberId');
      if (member.archivedAt) throw badInput('memberId', 'archived', `member ${memberId} is archived`);
      const team = await em.findOneOrFail(Team, member.team.id);
      await access.assertCanManageTeam(team, 'create embed tokens');
    }
    const now = Math.floor(Date.now() / 1000);
    const grant: EmbedGrant = {
      teamId,
      memberId,
      widgets: widgets as WidgetKind[],
      origin,
      tokenId: randomUUID(),
      expiresAt: new Date((now + ttl) * 1000),
    };
    const viewer = access.viewer;
    await recordIssuedToken(em, grant, viewer, now);
    const token = await new SignJWT({
      ...(teamId !== null ? { team: String(teamId) } : { member: String(memberId) }),
      widgets: grant.widgets,
      ...(origin ? { origin } : {}),
      by: issuerOf(viewer),
    })
      .setProtectedHeader({ alg: 'HS256', typ: EMBED_TYPE })
      .setIssuer(EMBED_ISSUER)
      .setAudience(EMBED_AUDIENCE)
      .setSubject(teamId !== null ? `team:${teamId}` : `member:${memberId}`)
      .setJti(grant.tokenId)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .sign(this.key);
    recordAuditChange({
      entity: 'EmbedToken',
      entityId: grant.tokenId,
      kind: AuditChangeKind.CREATE,
      before: null,
      after: { teamId, memberId, widgets: grant.widgets, origin, expiresAt: grant.expiresAt },
    });
    return { token, grant };
  }

  /**
   * Verifies a token and the page origin it is used from; returns the read-only EMBED viewer. The
   * signature and claims are verified once per token (cached until it expires); the origin on every
   * request, and revocation by the access scope's statement (policy.ts).
   */
  async verify(token: string, requestOrigin: string | undefined): Promise<Viewer> {
    const viewer = this.verified.get(token) ?? (await this.verifySignatureAndClaims(token));
    const origin = viewer.embed!.origin;
    if (origin !== null && requestOrigin !== origin) {
      throw tokenRefused('token-origin', `this embed token may only be used from ${origin}`);
    }
    return viewer;
  }

  private async verifySignatureAndClaims(token: string): Promise<Viewer> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        issuer: EMBED_ISSUER,
        audience: EMBED_AUDIENCE,
        algorithms: ['HS256'],
        typ: EMBED_TYPE,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
        maxTokenAge: this.config.ttlSeconds + 5,
        clockTolerance: 5,
      }));
    } catch (error) {
      throw describeJoseError(error);
    }
    if (payload.exp! - payload.iat! > this.config.ttlSeconds) {
      throw tokenRefused('token-lifetime', 'the embed token lives longer than this server allows');
    }
    const teamId = payload.team === undefined ? null : idClaim(payload.team);
    const memberId = payload.member === undefined ? null : idClaim(payload.member);
    const widgets = Array.isArray(payload.widgets) ? payload.widgets : [];
    if (
      (teamId === null) === (memberId === null) ||
      widgets.length === 0 ||
      !widgets.every((w) => Object.values(WidgetKind).includes(w as WidgetKind))
    ) {
      throw tokenRefused('token-claims', 'the embed token does not name one team or member and its widget kinds');
    }
    const grant: EmbedGrant = {
      teamId,
      memberId,
      widgets: widgets as WidgetKind[],
      origin: typeof payload.origin === 'string' ? payload.origin : null,
      tokenId: String(payload.jti),
      expiresAt: new Date(payload.exp! * 1000),
    };
    const viewer: Viewer = { role: AccessRole.EMBED, memberId, subject: `embed:${payload.sub}:${payload.jti}`, embed: grant };
    this.verified.set(token, viewer, trustedUntil(payload, this.config.ttlSeconds + 5));
    return viewer;
  }
}

/** The subject the audit and the token registry name an issuer by. */
export function issuerOf(viewer: Viewer): string {
  return viewer.subject ?? `${viewer.role}${viewer.memberId ? `:${viewer.memberId}` : ''}`;
}

/** Keeps the registry small: rows of tokens expired a day ago can no longer matter. */
const PURGE_AFTER = "interval '1 day'";

async function recordIssuedToken(em: EntityManager, grant: EmbedGrant, viewer: Viewer, issuedAtSeconds: number): Promise<void> {
  await em.execute(`delete from embed_token where expires_at < now() - ${PURGE_AFTER}`);
  await em.execute(
    `insert into embed_token (id, team_id, member_id, widgets, origin, issuer, issuer_member_id, issuer_role, issued_at, expires_at)
     values (?, ?, ?, string_to_array(?, ','), ?, ?, ?, ?, ?, ?)`,
    [
      grant.tokenId,
      grant.teamId,
      grant.memberId,
      grant.widgets.join(','),
      grant.origin,
      issuerOf(viewer),
      viewer.memberId,
      viewer.role,
      new Date(issuedAtSeconds * 1000),
      grant.expiresAt,
    ],
  );
}

/** Which embed tokens to revoke: exactly one of a token id, a team subtree, or an issuer. */
export interface EmbedTokenRevocation {
  tokenId?: string | null;
  teamId?: number | null;
  issuer?: string | null;
}

/**
 * Revokes live embed tokens at once (the next request with one is refused): one token, every token of a
 * team subtree (team tokens below it and member tokens of its members), or every token one issuer made.
 * Managers revoke within the subtrees they lead and their own tokens; admins anything. Returns how many.
 */
export async function revokeEmbedTokens(em: EntityManager, access: AccessPolicy, request: EmbedTokenRevocation): Promise<number> {
  await access.assertCanWrite('revoke embed tokens');
  const given = [request.tokenId, request.teamId, request.issuer].filter((value) => value != null && value !== '');
  if (given.length !== 1) throw badInput('tokenId', 'one-scope', 'give exactly one of tokenId, teamId and issuer');
  const by = issuerOf(access.viewer);
  const live = `revoked_at is null and expires_at > now()`;
  let where: string;
  let params: unknown[];
  if (request.teamId != null) {
    const team = await requireTeam(em, request.teamId, 'teamId');
    await access.assertCanManageTeam(team, 'revoke embed tokens');
    where = `coalesce(team_id, (select m.team_id from member m where m.id = embed_token.member_id)) in (select id from team where path like ?)`;
    params = [`${team.path}%`];
  } else if (request.issuer != null) {
    const issuer = request.issuer.trim();
    if (issuer !== by) await access.assertCanManageOrganisation("revoke other people's embed tokens");
    where = 'issuer = ?';
    params = [issuer];
  } else {
    const tokenId = request.tokenId!.trim();
    if (!UUID.test(tokenId)) throw badInput('tokenId', 'format', 'is not an embed token id');
    const [row] = await em.execute<{ issuer: string; team_path: string | null }[]>(
      `select t.issuer, s.path as team_path from embed_token t
         left join member m on m.id = t.member_id
         left join team s on s.id = coalesce(t.team_id, m.team_id)
        where t.id = ?`,
      [tokenId],
    );
    if (!row) throw notFound('EmbedToken', tokenId, 'tokenId');
    if (row.issuer !== by) await access.assertCanManageTeam({ id: 0, path: row.team_path ?? '/' }, 'revoke this embed token');
    where = 'id = ?';
    params = [tokenId];
  }
  const revoked = await em.execute<{ id: string }[]>(
    `update embed_token set revoked_at = now(), revoked_by = ? where ${live} and ${where} returning id`,
    [by, ...params],
  );
  for (const { id } of revoked) {
    recordAuditChange({
      entity: 'EmbedToken',
      entityId: id,
      kind: AuditChangeKind.UPDATE,
      before: { revokedAt: null },
      after: { revokedBy: by },
    });
  }
  return revoked.length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
