import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '../errors.js';
import { currentRequestScope } from '../request-scope.js';

const CLIENT_CODES = new Set([
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
  // Refusals of the hardening layer (README "Security").
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
  'CSRF_BLOCKED',
]);

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** A rule violation raised outside a resolver (context, plugins) as a GraphQL error with its HTTP status. */
export function toGraphQLError(error: DomainError, status = HTTP_STATUS[error.code] ?? 400): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, ...error.details, http: { status } } });
}

/** The specific code of a refusal that Apollo wrapped in a generic one (validation, parsing, CSRF). */
function specificCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const inner = original instanceof GraphQLError ? original.extensions?.code : undefined;
  if (typeof inner === 'string' && CLIENT_CODES.has(inner)) return inner;
  if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && /Document contains more th(?:an|at) \d+ tokens/.test(formatted.message)) return 'TOO_MANY_TOKENS';
  if (formatted.extensions?.code === 'BAD_REQUEST' && formatted.message.includes('Cross-Site Request Forgery')) return 'CSRF_BLOCKED';
  return undefined;
}

/**
 * Turns rule violations into typed errors (`extensions.code`, `field`, `rule`) and hides everything
 * else behind "Internal server error" with the request id, so that no SQL or stack trace leaks.
 */
export function createErrorFormatter(options: { exposeInternals: boolean; onInternalError: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestScope()?.requestId;
    let original = unwrapResolverError(error);
    if (error instanceof GraphQLError && error.originalError instanceof DomainError) original = error.originalError;
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
    options.onInternalError(original);
    if (options.exposeInternals) return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR', requestId } };
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
  };
}
