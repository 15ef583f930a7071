/**
 * Every `extensions.code` this server answers with, the HTTP status of an answer refused as a whole,
 * and what it means. A refusal by a resolver (one field of a GraphQL operation) comes back with 200,
 * beside the data of the other fields: the status applies to requests refused before execution
 * (parsing, validation, variables, query limits, authentication, rate limits) and to the non-GraphQL
 * endpoints (/auth/embed-tokens, /export/). docs/errors.md is generated from here (scripts/errors-doc.ts).
 */
export interface ErrorCodeEntry {
  /** Where the code comes from, as docs/errors.md groups them. */
  group: 'domain' | 'limit' | 'request' | 'server';
  status: number;
  meaning: string;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: {
    group: 'domain',
    status: 400,
    meaning: 'The input breaks a rule: `field` names the input, `rule` the rule (see the catalogues below).',
  },
  NOT_FOUND: {
    group: 'domain',
    status: 404,
    meaning: 'A record named by the input does not exist: `field` names the input, `entity` and `id` the record.',
  },
  CONFLICT: {
    group: 'domain',
    status: 409,
    meaning: 'The request clashes with the current state (a duplicate, a stale version, a record in use): `rule` says which.',
  },
  FORBIDDEN: { group: 'domain', status: 403, meaning: 'The caller may not read or do this (`rule` is `access`).' },
  UNAUTHENTICATED: {
    group: 'domain',
    status: 401,
    meaning: 'The credentials are missing or refused: `rule` says why (`token-expired`, `token-missing`, …).',
  },
  RATE_LIMITED: {
    group: 'domain',
    status: 429,
    meaning: 'The caller or its address spent its request budget: `retryAfter` (and the Retry-After header) says when to try again.',
  },
  QUERY_TOO_DEEP: { group: 'limit', status: 400, meaning: 'The operation nests fields deeper than MAX_QUERY_DEPTH (`limit`, `actual`).' },
  QUERY_TOO_COMPLEX: { group: 'limit', status: 400, meaning: 'The operation costs more than MAX_QUERY_COST (`limit`, `actual`).' },
  TOO_MANY_ALIASES: { group: 'limit', status: 400, meaning: 'The operation uses more than MAX_QUERY_ALIASES aliases (`limit`, `actual`).' },
  TOO_MANY_DIRECTIVES: {
    group: 'limit',
    status: 400,
    meaning: 'The operation uses more than MAX_QUERY_DIRECTIVES directives (`limit`, `actual`).',
  },
  TOO_MANY_TOKENS: { group: 'limit', status: 400, meaning: 'The document has more than MAX_QUERY_TOKENS tokens.' },
  GRAPHQL_PARSE_FAILED: { group: 'request', status: 400, meaning: 'The document is not valid GraphQL syntax.' },
  GRAPHQL_VALIDATION_FAILED: {
    group: 'request',
    status: 400,
    meaning: 'The document does not fit the schema (unknown field, wrong literal type, a subscription, introspection in production…).',
  },
  OPERATION_RESOLUTION_FAILURE: {
    group: 'request',
    status: 400,
    meaning: 'The operation to run cannot be told (several operations and no operationName, or an unknown one).',
  },
  BAD_REQUEST: {
    group: 'request',
    status: 400,
    meaning: 'The body is not a GraphQL request (not a JSON object, no query…); a mutation sent by GET gets 405.',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    group: 'request',
    status: 200,
    meaning: 'An automatic persisted query hash is unknown: send the query text with it.',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: { group: 'request', status: 200, meaning: 'Persisted queries are turned off: send the query text.' },
  CSRF_BLOCKED: {
    group: 'request',
    status: 400,
    meaning: 'A GET (or a simple POST) without Content-Type application/json or an apollo-require-preflight header.',
  },
  BATCHING_DISABLED: { group: 'request', status: 400, meaning: 'The body is a JSON array: send one operation per request.' },
  PAYLOAD_TOO_LARGE: { group: 'request', status: 413, meaning: 'The body is larger than MAX_BODY_BYTES.' },
  UNSUPPORTED_MEDIA_TYPE: { group: 'request', status: 415, meaning: 'A POST whose Content-Type is not application/json.' },
  METHOD_NOT_ALLOWED: { group: 'request', status: 405, meaning: 'The endpoint does not take this HTTP method (see the Allow header).' },
  ORIGIN_NOT_ALLOWED: { group: 'request', status: 403, meaning: "The request's Origin is neither the server's own nor in CORS_ORIGINS." },
  SERVICE_UNAVAILABLE: { group: 'server', status: 503, meaning: 'The database cannot be reached: try again after Retry-After seconds.' },
  INTERNAL_SERVER_ERROR: {
    group: 'server',
    status: 500,
    meaning: 'Anything else: the message is masked, and `requestId` finds the full error in the log.',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCodeName = keyof typeof ERROR_CODES;

/** The codes of the query limits (graphql/limits.ts). */
export type QueryLimitCode = { [C in ErrorCodeName]: (typeof ERROR_CODES)[C]['group'] extends 'limit' ? C : never }[ErrorCodeName];
