/**
 * Errors that business rules raise. They carry the GraphQL error code, the offending input field and
 * the rule that was broken; the GraphQL layer copies them into `extensions` (see graphql/format-error.ts).
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; rule?: string; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Input that breaks a rule: names the field and the rule. */
export function badInput(field: string, rule: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field, rule });
}

export function notFound(entity: string, id: string | number, field?: string): DomainError {
  const where = field ? `${field}: ` : '';
  return new DomainError('NOT_FOUND', `${where}${entity} ${id} does not exist`, { field, entity, id: String(id) });
}

export function conflict(rule: string, message: string, field?: string): DomainError {
  return new DomainError('CONFLICT', field ? `${field}: ${message}` : message, { field, rule });
}

export function forbidden(message: string): DomainError {
  return new DomainError('FORBIDDEN', message, { rule: 'access' });
}

export function unauthenticated(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message, { rule: 'authentication' });
}
