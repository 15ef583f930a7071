import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
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
]);

/**
 * Turns rule violations into typed errors (`extensions.code`, `field`, `rule`) and hides everything
 * else behind "Internal server error" with the request id, so that no SQL or stack trace leaks.
 */
export function createErrorFormatter(options: { exposeInternals: boolean; onInternalError: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestScope()?.requestId;
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      const { field, rule, ...rest } = original.details;
      const extensions: Record<string, unknown> = { code: original.code, ...rest };
      if (field !== undefined) extensions.field = field;
      if (rule !== undefined) extensions.rule = rule;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...extensions, requestId } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, requestId } };
    }
    options.onInternalError(original);
    if (options.exposeInternals) return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR', requestId } };
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
  };
}
