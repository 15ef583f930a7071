import { createHmac } from 'node:crypto';

/** The identity provider the e2e servers trust (an HS256 secret, issuer and audience). */
export const AUTH = {
  AUTH_JWT_SECRET: 'e2e-secret-of-the-identity-provider-0123456789',
  AUTH_ISSUER: 'https://idp.e2e.example',
  AUTH_AUDIENCE: 'sales-graph-e2e',
};

/** An identity token of that provider with the given claims, valid for five minutes. */
export function identityToken(claims: Record<string, unknown>): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: AUTH.AUTH_ISSUER, aud: AUTH.AUTH_AUDIENCE, iat: now, exp: now + 300, ...claims })}`;
  return `${unsigned}.${createHmac('sha256', AUTH.AUTH_JWT_SECRET).update(unsigned).digest('base64url')}`;
}

/** The key the e2e intranet backend mints embed tokens with; servers that take it get it as EMBED_SERVICE_KEY. */
export const SERVICE_KEY = 'e2e-service-key-of-the-intranet-backend-0123456789';

/** The body of POST /auth/embed-tokens, and how to authenticate it. */
export interface EmbedTokenRequest {
  teamId: string;
  widgets: string[];
  origin?: string;
  /** 300 unless said. */
  ttlSeconds?: number;
  /** The X-Service-Key sent, SERVICE_KEY unless said; null sends none (a demo server mints for its demo admin). */
  serviceKey?: string | null;
}

/** An embed token minted as an intranet backend mints it: POST /auth/embed-tokens, which must answer 201. */
export async function mintEmbedToken(serverUrl: string, request: EmbedTokenRequest): Promise<string> {
  const { serviceKey = SERVICE_KEY, ttlSeconds = 300, ...scope } = request;
  const minted = await fetch(`${serverUrl}/auth/embed-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(serviceKey === null ? {} : { 'x-service-key': serviceKey }) },
    body: JSON.stringify({ ...scope, ttlSeconds }),
  });
  if (minted.status !== 201) throw new Error(`POST /auth/embed-tokens answered ${minted.status}: ${await minted.text()}`);
  return ((await minted.json()) as { token: string }).token;
}
