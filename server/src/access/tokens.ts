import { errors, type JWTPayload } from 'jose';
import { DomainError } from '../errors.js';
import type { RuleOf } from '../rules.js';

/** A refused token: UNAUTHENTICATED with the precise reason (access/rules.ts) in `extensions.rule`. */
export function tokenRefused(rule: RuleOf<'access'>, message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message, { rule });
}

/** Maps a jose verification failure to a stable, client-safe reason. */
export function describeJoseError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof errors.JWTExpired) return tokenRefused('token-expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'aud') return tokenRefused('token-audience', 'the token is not meant for this service (aud)');
    if (claim === 'iss') return tokenRefused('token-issuer', 'the token comes from an unknown issuer (iss)');
    if (error.reason === 'missing') return tokenRefused('token-claims', `the token's "${claim}" claim is missing`);
    if (claim === 'nbf') return tokenRefused('token-not-yet-valid', 'the token is not valid yet (nbf)');
    if (claim === 'iat' && error.reason === 'check_failed')
      return tokenRefused('token-issued-in-future', 'the token says it was issued in the future (iat)');
    if (claim === 'typ') return tokenRefused('token-type', 'the token has the wrong type (typ)');
    return tokenRefused('token-claims', `the token's "${claim}" claim is invalid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return tokenRefused('token-algorithm', 'the token is signed with an algorithm this service does not accept');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return tokenRefused('token-signature', 'the token signature is invalid');
  if (error instanceof errors.JWKSNoMatchingKey)
    return tokenRefused('token-key', "no key of the identity provider matches the token's key id");
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return tokenRefused('token-key-unavailable', "the identity provider's keys could not be fetched; try again later");
  }
  return tokenRefused('token-malformed', 'the token is not a well-formed signed JWT');
}

/** Reads the issuer of a token without trusting it, only to choose the verifier. */
export function peekIssuer(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[\w-]*$/.test(part)))
    throw tokenRefused('token-malformed', 'the token is not a well-formed signed JWT');
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JWTPayload;
    return typeof payload?.iss === 'string' ? payload.iss : undefined;
  } catch {
    throw tokenRefused('token-malformed', 'the token is not a well-formed signed JWT');
  }
}

/** A positive integer id from a claim (number or numeric string). */
export function idClaim(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= 2_147_483_647 ? Number(text) : null;
}
