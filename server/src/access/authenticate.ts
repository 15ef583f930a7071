import { createPublicKey, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.js';
import { EMBED_ISSUER, type EmbedTokens } from './embed-tokens.js';
import { trustedUntil, VerifiedTokenCache } from './token-cache.js';
import { describeJoseError, idClaim, peekIssuer, tokenRefused } from './tokens.js';
import { AccessRole, developmentHeaderViewer, type Viewer, type ViewerResolver } from './viewer.js';

const PERSON_ROLES = new Set<string>([AccessRole.ADMIN, AccessRole.MANAGER, AccessRole.REP, AccessRole.ANALYST]);

/** Verifies the identity provider's JWTs: signature, algorithm allow-list, issuer, audience, expiry, lifetime. */
export class IdentityTokens {
  private readonly key: Uint8Array | KeyObject | JWTVerifyGetKey;
  private readonly verified = new VerifiedTokenCache<Viewer>();

  constructor(private readonly config: AuthConfig) {
    if (config.secret) this.key = new TextEncoder().encode(config.secret);
    else if (config.publicKey) this.key = createPublicKey(config.publicKey);
    else
      this.key = createRemoteJWKSet(new URL(config.jwksUrl!), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  }

  async verify(token: string): Promise<Viewer> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const options = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: this.config.algorithms,
      clockTolerance: this.config.clockToleranceSeconds,
      // With a maximum age jose also requires `iat` and refuses one in the future.
      maxTokenAge: this.config.maxTokenLifetimeSeconds,
      requiredClaims: ['exp', 'sub', 'iat'],
    };
    let payload: JWTPayload;
    try {
      const key = this.key;
      ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
    } catch (error) {
      throw describeJoseError(error);
    }
    // A long-lived token is a stolen token for long: the identity provider must issue short ones.
    if (payload.exp! - payload.iat! > this.config.maxTokenLifetimeSeconds) {
      throw tokenRefused(
        'token-lifetime',
        `the token is valid for longer than the ${this.config.maxTokenLifetimeSeconds} seconds allowed (exp - iat)`,
      );
    }
    const role = payload[this.config.roleClaim];
    if (typeof role !== 'string' || !PERSON_ROLES.has(role)) {
      throw tokenRefused('token-role', `the token's "${this.config.roleClaim}" claim must be ADMIN, MANAGER, REP or ANALYST`);
    }
    const rawMember = payload[this.config.memberClaim];
    const memberId = rawMember === undefined || rawMember === null ? null : idClaim(rawMember);
    if (rawMember !== undefined && rawMember !== null && memberId === null) {
      throw tokenRefused('token-member', `the token's "${this.config.memberClaim}" claim is not a member id`);
    }
    if ((role === AccessRole.MANAGER || role === AccessRole.REP) && memberId === null) {
      throw tokenRefused('token-member', `a ${role} token must carry the member id in "${this.config.memberClaim}"`);
    }
    const viewer: Viewer = { role: role as AccessRole, memberId, subject: String(payload.sub) };
    this.verified.set(token, viewer, trustedUntil(payload, this.config.maxTokenLifetimeSeconds));
    return viewer;
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The one place where a request becomes a viewer.
 * - `Authorization: Bearer <jwt>`: an embed token (issued by this server) or, when authentication is
 *   configured, a token of the identity provider.
 * - Demo mode only (no AUTH_* configured): the `X-Viewer` development header, an ADMIN without it.
 */
export function createViewerResolver(options: { identity?: IdentityTokens; embed: EmbedTokens }): ViewerResolver {
  const { identity, embed } = options;
  return async (request) => {
    const authorization = header(request, 'authorization');
    const developmentHeader = header(request, 'x-viewer');
    if (authorization === undefined) {
      if (!identity) return developmentHeaderViewer(request);
      if (developmentHeader !== undefined)
        throw tokenRefused('development-header', 'X-Viewer is accepted only in demo mode; send Authorization: Bearer <token>');
      throw tokenRefused('token-missing', 'send Authorization: Bearer <token>');
    }
    if (developmentHeader !== undefined) throw tokenRefused('ambiguous-credentials', 'send either Authorization or X-Viewer, not both');
    const match = /^Bearer ([^\s]{1,8192})$/i.exec(authorization.trim());
    if (!match) throw tokenRefused('token-malformed', 'Authorization must be "Bearer <token>"');
    const token = match[1];
    if (peekIssuer(token) === EMBED_ISSUER) return embed.verify(token, header(request, 'origin'));
    if (!identity) throw tokenRefused('token-issuer', 'no identity provider is configured (demo mode): use X-Viewer or an embed token');
    return identity.verify(token);
  };
}
