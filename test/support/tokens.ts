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
