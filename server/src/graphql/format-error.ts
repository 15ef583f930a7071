import { HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/outage.js';
import { ERROR_CODES, type ErrorCodeName } from '../error-codes.js';
import { domainErrorIn, DomainError } from '../errors.js';
import { currentRequestScope } from '../request-scope.js';
import { loneSurrogate } from '../text.js';

/** Codes (error-codes.ts) whose errors are the client's doing: passed through, not masked. */
const CLIENT_CODES: ReadonlySet<string> = new Set<ErrorCodeName>([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // Refusals of the hardening layer (docs/security.md).
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
  'CSRF_BLOCKED',
]);

/** A rule violation raised outside a resolver (context, plugins) as a GraphQL error with its HTTP status. */
export function toGraphQLError(error: DomainError, status: number = ERROR_CODES[error.code].status): GraphQLError {
  const { retryAfter } = error.details;
  const headers = new HeaderMap(typeof retryAfter === 'number' ? [['retry-after', String(retryAfter)]] : []);
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, ...error.details, http: { status, headers } },
  });
}

/**
 * graphql-js refuses a lone surrogate in a string literal while parsing (raw, or escaped as \uD800 or
 * \u{D800}); like one in a variable (text.ts), it is bad input rather than bad syntax.
 */
const LONE_SURROGATE_LITERAL =
  /^Syntax Error: (Invalid character within String: U\+D[89A-F][0-9A-F]{2}\.|Invalid Unicode escape sequence: "\\u\{?0*[dD][89a-fA-F][0-9a-fA-F]{2}\}?"\.)$/;

function isLoneSurrogateLiteral(formatted: GraphQLFormattedError): boolean {
  return formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && LONE_SURROGATE_LITERAL.test(formatted.message);
}

/** The specific code of a refusal that Apollo wrapped in a generic one (validation, parsing, CSRF). */
function specificCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const inner = original instanceof GraphQLError ? original.extensions?.code : undefined;
  if (typeof inner === 'string' && CLIENT_CODES.has(inner)) return inner;
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && /Document contains more th(?:an|at) \d+ tokens/.test(formatted.message))
    return 'TOO_MANY_TOKENS';
  if (formatted.extensions?.code === 'BAD_REQUEST' && formatted.message.includes('Cross-Site Request Forgery')) return 'CSRF_BLOCKED';
  return undefined;
}

/**
 * Turns rule violations into typed errors (`extensions.code`, `field`, `rule`) and hides everything
 * else behind "Internal server error" with the request id, so that no SQL or stack trace leaks. A
 * database that cannot be reached is SERVICE_UNAVAILABLE instead, and marks the request so that the
 * endpoint answers 503 with Retry-After (graphql/endpoint.ts).
 */
export function createErrorFormatter(options: {
  exposeInternals: boolean;
  onInternalError: (error: unknown) => void;
  onDatabaseUnavailable: (error: unknown) => void;
}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const scope = currentRequestScope();
    const requestId = scope?.requestId;
    const original = isLoneSurrogateLiteral(formatted) ? loneSurrogate() : (domainErrorIn(error) ?? unwrapResolverError(error));
    if (isDatabaseUnavailable(error)) {
      if (scope) scope.databaseUnavailable = true;
      options.onDatabaseUnavailable(original);
      return {
        message: 'The database is unavailable; try again shortly',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE', requestId },
      };
    }
    if (original instanceof DomainError) {
      const { field, rule, ...rest } = original.details;
      const extensions: Record<string, unknown> = { code: original.code, ...rest };
      if (field !== undefined) extensions.field = field;
      if (rule !== undefined) extensions.rule = rule;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...extensions, requestId } };
    }
    const code = specificCode(formatted, error) ?? formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code, requestId } };
    }
    if (scope) scope.internalError = true;
    options.onInternalError(original);
    if (options.exposeInternals) return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR', requestId } };
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
  };
}
