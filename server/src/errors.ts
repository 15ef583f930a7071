import type { ErrorCodeName } from './error-codes.js';
import type { RuleCode } from './rules.js';

export type { RuleCode };

/**
 * Errors that business rules raise. They carry the GraphQL error code, the offending input field and
 * the rule that was broken; the GraphQL layer copies them into `extensions` (see graphql/format-error.ts).
 * Codes are catalogued in error-codes.ts, rules in `<domain>/rules.ts` (their union: rules.ts).
 */
export type ErrorCode = Extract<
  ErrorCodeName,
  'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'RATE_LIMITED'
>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; rule?: RuleCode; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The rule violation behind an error that GraphQL wrapped, once or several times (`originalError`). */
export function domainErrorIn(error: unknown): DomainError | undefined {
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Input that breaks a rule: names the field and the rule. */
export function badInput(field: string, rule: RuleCode, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field, rule });
}

export function notFound(entity: string, id: string | number, field?: string): DomainError {
  const where = field ? `${field}: ` : '';
  return new DomainError('NOT_FOUND', `${where}${entity} ${id} does not exist`, { field, entity, id: String(id) });
}

export function conflict(rule: RuleCode, message: string, field?: string): DomainError {
  return new DomainError('CONFLICT', field ? `${field}: ${message}` : message, { field, rule });
}

export function forbidden(message: string): DomainError {
  return new DomainError('FORBIDDEN', message, { rule: 'access' });
}

export function unauthenticated(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message, { rule: 'authentication' });
}

/** A caller over its request budget (http/rate-limit.ts); `retryAfter` is in seconds. */
export function rateLimited(retryAfter: number): DomainError {
  return new DomainError('RATE_LIMITED', `Too many requests: try again in ${retryAfter} s`, { rule: 'rate-limit', retryAfter });
}
