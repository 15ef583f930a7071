import { createHmac, randomUUID } from 'node:crypto';

/** The identity provider that test servers trust: an HS256 secret, an issuer and an audience. */
export const TEST_AUTH = {
  AUTH_JWT_SECRET: 'test-only-secret-of-the-identity-provider-0123456789',
  AUTH_ISSUER: 'https://idp.test.example/realms/sales',
  AUTH_AUDIENCE: 'sales-graph-test',
} as const;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs a JWT with HS256 (synchronously, so that clients can be made synchronously). */
export function signHs256(
  payload: Record<string, unknown>,
  secret: string = TEST_AUTH.AUTH_JWT_SECRET,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** The claims the test identity provider puts in a token for "ADMIN", "ANALYST", "MANAGER:12", "REP:34". */
export function claimsFor(viewer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const match = /^(ADMIN|ANALYST|MANAGER|REP)(?::(\d+))?$/.exec(viewer);
  if (!match) throw new Error(`test viewer must look like ADMIN, ANALYST, MANAGER:<id> or REP:<id>, got "${viewer}"`);
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: TEST_AUTH.AUTH_ISSUER,
    aud: TEST_AUTH.AUTH_AUDIENCE,
    sub: match[2] ? `member-${match[2]}` : `service-${match[1].toLowerCase()}`,
    role: match[1],
    ...(match[2] ? { member_id: match[2] } : {}),
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    ...overrides,
  };
}

/** A valid identity token of the test identity provider for a viewer string. */
export function tokenFor(viewer: string, overrides: Record<string, unknown> = {}): string {
  return signHs256(claimsFor(viewer, overrides));
}
