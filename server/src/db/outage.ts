/**
 * Errors meaning that the database cannot be reached right now, not that a statement is wrong: a
 * connection refused, reset or timed out, a server shutting down or starting up (57P01–57P03), a
 * connection failure (SQLSTATE class 08), a connection lost mid-statement, or a pool that could not hand
 * one out in time. They answer 503 SERVICE_UNAVAILABLE with Retry-After instead of an internal error.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|Knex: Timeout acquiring a connection)/;

/** Looks through the wrappers (GraphQL errors, ORM exceptions, causes) for a connection failure. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (LOST_CONNECTION.test(error.message)) return true;
  return isDatabaseUnavailable((error as { originalError?: unknown }).originalError ?? error.cause, depth + 1);
}
