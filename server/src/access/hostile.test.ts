import 'reflect-metadata';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';
import { claimsFor, signHs256, TEST_AUTH, tokenFor } from '../testing/tokens.js';

/**
 * Hostile requests against a production-configured server: each must be refused with its specific code
 * (before any resolver runs, where that applies: no SQL statement is spent), none may leak a stack trace
 * or SQL, and the server must keep answering normal queries afterwards.
 */
let server: TestServer;
const ADMIN = { authorization: `Bearer ${tokenFor('ADMIN')}` };
let embedTeam: string;
let embedBound: string;
let managerId: string;
let teamCount: number;
let teamsCursor: string;
let auditCursor: string;

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

function raw(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.path ?? '/graphql', server.url);
    // A declared length, so that a body sent with any method (DELETE too) is read as that request's body.
    const length = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: { ...length, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const gql = (query: string, variables?: Record<string, unknown>, head: Record<string, string> = ADMIN) =>
  raw({ headers: { 'content-type': 'application/json', ...head }, body: JSON.stringify({ query, variables }) });

interface HostileCase {
  name: string;
  send: () => Promise<Answer>;
  status: number;
  code: string;
  /** Refused before any resolver: the request cost no SQL statement (true by default). */
  noSql?: boolean;
  /** The `extensions` the refusal must name (rule, field), when they matter. */
  expected?: { rule?: string; field?: string };
}

const cases: HostileCase[] = [];
const add = (name: string, send: () => Promise<Answer>, status: number, code: string, noSql = true, expected?: HostileCase['expected']) =>
  cases.push({ name, send, status, code, noSql, expected });

// Deep nesting
const nest = (levels: number) => `{ teams(first: 1) { nodes { ${'parent { '.repeat(levels)}id${' }'.repeat(levels)} } } }`;
for (const levels of [11, 20, 60]) add(`nesting ${levels} levels`, () => gql(nest(levels)), 400, 'QUERY_TOO_DEEP');
add(
  'nesting through fragments',
  () =>
    gql(
      `{ teams(first: 1) { nodes { ...A } } } fragment A on Team { parent { ...B } } fragment B on Team { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } }`,
    ),
  400,
  'QUERY_TOO_DEEP',
);
add(
  'nesting through inline fragments',
  () => gql(`{ teams(first: 1) { nodes { ... on Team { ${'children { '.repeat(12)}id${' }'.repeat(12)} } } } }`),
  400,
  'QUERY_TOO_DEEP',
);
add(
  'cyclic fragments',
  () => gql(`{ teams(first: 1) { nodes { ...A } } } fragment A on Team { parent { ...B } } fragment B on Team { parent { ...A } }`),
  400,
  'GRAPHQL_VALIDATION_FAILED',
);

// Alias bombs
const aliases = (n: number, field = '__typename') => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
for (const n of [16, 100, 400]) add(`${n} aliases`, () => gql(aliases(n)), 400, 'TOO_MANY_ALIASES');
add('aliased expensive lists', () => gql(aliases(20, 'teams(first: 100) { nodes { members { fullName } } }')), 400, 'TOO_MANY_ALIASES');
add(
  'aliases hidden in a fragment',
  () =>
    gql(`{ teams(first: 1) { nodes { ...F } } } fragment F on Team { ${Array.from({ length: 30 }, (_, i) => `n${i}: name`).join(' ')} }`),
  400,
  'TOO_MANY_ALIASES',
);

// Cost
add(
  'page of pages of lists',
  () => gql(`{ teams(first: 100) { nodes { descendants { members { team { members { fullName } } } } } } }`),
  400,
  'QUERY_TOO_COMPLEX',
);
add(
  'nested unpaginated lists',
  () => gql(`{ teams(first: 50) { nodes { children { children { children { members { fullName } } } } } } }`),
  400,
  'QUERY_TOO_COMPLEX',
);
add(
  'cost through variables',
  () =>
    gql(`query($n: Int) { members(first: $n) { nodes { team { descendants { members { fullName team { members { id } } } } } } } }`, {
      n: 100,
    }),
  400,
  'QUERY_TOO_COMPLEX',
);
add(
  'ten wide lists side by side',
  () =>
    gql(
      `{ ${Array.from({ length: 10 }, (_, i) => `l${i}: teams(first: 100) { nodes { members { fullName email } children { name } } }`).join(' ')} }`,
    ),
  400,
  'QUERY_TOO_COMPLEX',
);

// Directives and tokens
add(
  'too many directives',
  () => gql(`{ ${Array.from({ length: 12 }, (_, i) => `f${i}: __typename @include(if: true)`).join(' ')} }`),
  400,
  'TOO_MANY_DIRECTIVES',
);
add('directives on inline fragments', () => gql(`{ ${'... @include(if: true) { __typename } '.repeat(11)}}`), 400, 'TOO_MANY_DIRECTIVES');
add('2500 tokens', () => gql(`{ __typename ${'__typename '.repeat(2500)}}`), 400, 'TOO_MANY_TOKENS');
add(
  'token flood in arguments',
  () => gql(`{ teams(filter: { text: "x" }, first: 1${', after: null'.repeat(1200)}) { totalCount } }`),
  400,
  'TOO_MANY_TOKENS',
);

// Huge pages
for (const first of [101, 1000, 2147483647, -1]) {
  add(`teams(first: ${first})`, () => gql(`{ teams(first: ${first}) { totalCount } }`), 400, 'BAD_USER_INPUT');
  add(
    `members(first: $first = ${first})`,
    () => gql(`query($first: Int) { members(first: $first) { totalCount } }`, { first }),
    400,
    'BAD_USER_INPUT',
  );
}
add('territories(first: 500)', () => gql(`{ territories(first: 500) { totalCount } }`), 400, 'BAD_USER_INPUT');
add('auditLog(first: 5000)', () => gql(`{ auditLog(first: 5000) { totalCount } }`), 400, 'BAD_USER_INPUT');
add('first beyond Int', () => gql(`{ teams(first: 99999999999) { totalCount } }`), 400, 'GRAPHQL_VALIDATION_FAILED');
add('first as a string variable', () => gql(`query($f: Int) { teams(first: $f) { totalCount } }`, { f: '100000' }), 400, 'BAD_USER_INPUT');

// Oversized bodies
add('2 MB body', () => gql(`{ __typename }`, { pad: 'x'.repeat(2_000_000) }), 413, 'PAYLOAD_TOO_LARGE');
add(
  'declared length above the limit',
  () => raw({ headers: { 'content-type': 'application/json', 'content-length': '50000000', ...ADMIN }, body: '{}'.padEnd(10, ' ') }),
  413,
  'PAYLOAD_TOO_LARGE',
);
add(
  '1 MB query text',
  () =>
    raw({
      headers: { 'content-type': 'application/json', ...ADMIN },
      body: JSON.stringify({ query: `{ ${'__typename '.repeat(110_000)}}` }),
    }),
  413,
  'PAYLOAD_TOO_LARGE',
);

// Batching
add(
  'batched array of two',
  () =>
    raw({
      headers: { 'content-type': 'application/json', ...ADMIN },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    }),
  400,
  'BATCHING_DISABLED',
);
add(
  'batched array of one',
  () => raw({ headers: { 'content-type': 'application/json', ...ADMIN }, body: JSON.stringify([{ query: '{ __typename }' }]) }),
  400,
  'BATCHING_DISABLED',
);
add('empty batch', () => raw({ headers: { 'content-type': 'application/json', ...ADMIN }, body: '[]' }), 400, 'BATCHING_DISABLED');
add(
  'batch of 1000',
  () =>
    raw({
      headers: { 'content-type': 'application/json', ...ADMIN },
      body: JSON.stringify(Array.from({ length: 1000 }, () => ({ query: '{ teams { totalCount } }' }))),
    }),
  400,
  'BATCHING_DISABLED',
);

// Malformed JSON
for (const [name, body] of [
  ['truncated JSON', '{"query": '],
  ['not JSON', 'query { teams { totalCount } }'],
  ['JSON with a trailing comma', '{"query": "{ __typename }",}'],
  ['single-quoted JSON', "{'query': '{ __typename }'}"],
  ['empty body', ''],
] as const) {
  add(name, () => raw({ headers: { 'content-type': 'application/json', ...ADMIN }, body }), 400, 'BAD_REQUEST');
}
for (const [name, body] of [
  ['null body', 'null'],
  ['string body', '"{ __typename }"'],
  ['number query', '{"query": 5}'],
  ['object without query', '{}'],
  ['variables as a string', '{"query": "{ __typename }", "variables": "[]"}'],
  ['operationName as an object', '{"query": "{ __typename }", "operationName": {}}'],
] as const) {
  add(name, () => raw({ headers: { 'content-type': 'application/json', ...ADMIN }, body }), 400, 'BAD_REQUEST');
}
add('broken GraphQL syntax', () => gql('{ teams(first: ) { totalCount }'), 400, 'GRAPHQL_PARSE_FAILED');
add('unknown field', () => gql('{ teamz { totalCount } }'), 400, 'GRAPHQL_VALIDATION_FAILED');
add('two operations without a name', () => gql('query A { __typename } query B { __typename }'), 400, 'OPERATION_RESOLUTION_FAILURE');

// Wrong content types and methods
for (const type of [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/graphql',
  'application/jsonp',
  'text/html',
]) {
  add(
    `content type ${type}`,
    () => raw({ headers: { 'content-type': type, ...ADMIN }, body: JSON.stringify({ query: '{ __typename }' }) }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  );
}
add(
  'no content type',
  () => raw({ headers: { ...ADMIN }, body: JSON.stringify({ query: '{ __typename }' }) }),
  415,
  'UNSUPPORTED_MEDIA_TYPE',
);
for (const method of ['PUT', 'DELETE', 'PATCH'])
  add(
    `${method} /graphql`,
    () => raw({ method, headers: { 'content-type': 'application/json', ...ADMIN }, body: '{}' }),
    405,
    'METHOD_NOT_ALLOWED',
  );
add(
  'GET without a CSRF preflight header',
  () => raw({ method: 'GET', path: `/graphql?query=${encodeURIComponent('{ teams { totalCount } }')}`, headers: ADMIN }),
  400,
  'CSRF_BLOCKED',
);
// A refused mutation costs its audit entry (audit/refusals.ts).
add(
  'GET with a mutation',
  () =>
    raw({
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('mutation { archiveTeam(id: "1") { id } }')}`,
      headers: { ...ADMIN, 'apollo-require-preflight': 'true' },
    }),
  405,
  'BAD_REQUEST',
  false,
);
add(
  'a subscription sent to /graphql (subscriptions are served at /graphql/stream)',
  () => gql('subscription { teams { totalCount } }'),
  400,
  'GRAPHQL_VALIDATION_FAILED',
);
add(
  'a subscription by GET',
  () =>
    raw({
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('subscription { teams { totalCount } }')}`,
      headers: { ...ADMIN, 'apollo-require-preflight': 'true' },
    }),
  400,
  'GRAPHQL_VALIDATION_FAILED',
);

// Other origins
add(
  'request from a foreign origin',
  () => gql('{ __typename }', undefined, { ...ADMIN, origin: 'https://evil.example' }),
  403,
  'ORIGIN_NOT_ALLOWED',
);
add(
  'preflight from a foreign origin',
  () => raw({ method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }),
  403,
  'ORIGIN_NOT_ALLOWED',
);
add('null origin', () => gql('{ __typename }', undefined, { ...ADMIN, origin: 'null' }), 403, 'ORIGIN_NOT_ALLOWED');

// Introspection and suggestions are off in production
add('introspection of the schema', () => gql('{ __schema { types { name } } }'), 400, 'GRAPHQL_VALIDATION_FAILED');
add('introspection of a type', () => gql('{ __type(name: "Team") { fields { name } } }'), 400, 'GRAPHQL_VALIDATION_FAILED');

// Bad ids, cursors and NUL characters
add('SQL in an id', () => gql(`{ team(id: "1 OR 1=1") { id } }`), 200, 'BAD_USER_INPUT', false);
add('huge id', () => gql(`{ member(id: "99999999999999999999") { id } }`), 200, 'BAD_USER_INPUT', false);
add('forged cursor', () => gql(`{ teams(first: 5, after: "eyJpZCI6MX0") { totalCount } }`), 200, 'BAD_USER_INPUT', false);
add(
  'NUL character in a filter variable',
  () => gql(`query($t: String) { teams(filter: { text: $t }) { totalCount } }`, { t: 'a\u0000b' }),
  400,
  'BAD_USER_INPUT',
);
add('NUL character in a literal', () => gql(`{ members(filter: { text: "a\\u0000b" }) { totalCount } }`), 400, 'BAD_USER_INPUT');

// Tampered and foreign cursors: signed with the list they belong to (graphql/connection.ts)
const CURSOR = { rule: 'cursor', field: 'after' };
const editCursor = (cursor: string, edit: (value: [string, number]) => unknown) => {
  const bytes = Buffer.from(cursor, 'base64url');
  const payload = JSON.parse(bytes.subarray(16).toString('utf8'));
  return Buffer.concat([bytes.subarray(0, 16), Buffer.from(JSON.stringify(edit(payload)))]).toString('base64url');
};
add('cursor "garbage"', () => gql(`{ teams(first: 5, after: "garbage") { totalCount } }`), 200, 'BAD_USER_INPUT', false, CURSOR);
add('empty-looking cursor', () => gql(`{ teams(first: 5, after: "====") { totalCount } }`), 200, 'BAD_USER_INPUT', false, CURSOR);
add(
  'cursor of the unsigned format',
  () => gql(`query($c: String) { teams(first: 5, after: $c) { totalCount } }`, { c: Buffer.from('["A",1]').toString('base64url') }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);
add(
  'cursor of teams on members',
  () => gql(`query($c: String) { members(first: 5, after: $c) { totalCount } }`, { c: teamsCursor }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);
add(
  'cursor of teams on territories',
  () => gql(`query($c: String) { territories(first: 5, after: $c) { totalCount } }`, { c: teamsCursor }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);
add(
  'cursor of the audit log on teams',
  () => gql(`query($c: String) { teams(first: 5, after: $c) { totalCount } }`, { c: auditCursor }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);
add(
  'cursor of teams on the audit log',
  () => gql(`query($c: String) { auditLog(first: 5, after: $c) { totalCount } }`, { c: teamsCursor }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);
add(
  'cursor with an edited position',
  () =>
    gql(`query($c: String) { teams(first: 5, after: $c) { totalCount } }`, { c: editCursor(teamsCursor, ([name, id]) => [name, id + 1]) }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);
add(
  'cursor with SQL in its payload',
  () =>
    gql(`query($c: String) { teams(first: 5, after: $c) { totalCount } }`, { c: editCursor(teamsCursor, ([, id]) => ["' or 1=1 --", id]) }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);
add(
  'audit cursor with an edited id',
  () => gql(`query($c: String) { auditLog(first: 5, after: $c) { totalCount } }`, { c: editCursor(auditCursor, () => 999999) }),
  200,
  'BAD_USER_INPUT',
  false,
  CURSOR,
);

// Lone UTF-16 surrogates, which PostgreSQL cannot store (text.ts)
const LONE = { rule: 'lone-surrogate' };
const teamsByText = `query($t: String) { teams(filter: { text: $t }) { totalCount } }`;
add('lone high surrogate in a variable', () => gql(teamsByText, { t: 'x\ud800' }), 400, 'BAD_USER_INPUT', true, LONE);
add('lone low surrogate in a variable', () => gql(teamsByText, { t: '\udc00x' }), 400, 'BAD_USER_INPUT', true, LONE);
add('swapped surrogate pair in a variable', () => gql(teamsByText, { t: '\ude00\ud83d' }), 400, 'BAD_USER_INPUT', true, LONE);
add(
  'lone surrogate deep in an unused variable',
  () => gql(teamsByText, { t: 'x', extra: { deep: [{ list: ['ok', 'x\udbff'] }] } }),
  400,
  'BAD_USER_INPUT',
  true,
  LONE,
);
add('lone surrogate in a variable key', () => gql(teamsByText, { t: 'x', 'k\ud800': 1 }), 400, 'BAD_USER_INPUT', true, LONE);
add(
  'escaped lone surrogate in a literal',
  () => gql(`{ teams(filter: { text: "x\\ud800" }) { totalCount } }`),
  400,
  'BAD_USER_INPUT',
  true,
  LONE,
);
add(
  'escaped lone surrogate in a braced literal',
  () => gql(`{ teams(filter: { text: "x\\u{DC00}" }) { totalCount } }`),
  400,
  'BAD_USER_INPUT',
  true,
  LONE,
);
add(
  'raw lone surrogate in a literal',
  () => gql(`{ teams(filter: { text: "x\ud800" }) { totalCount } }`),
  400,
  'BAD_USER_INPUT',
  true,
  LONE,
);
add(
  'raw lone surrogate in a block string',
  () => gql(`{ teams(filter: { text: """x\ud800""" }) { totalCount } }`),
  400,
  'BAD_USER_INPUT',
  true,
  LONE,
);
add(
  'lone surrogate in a mutation',
  () =>
    gql(`mutation($i: CreateTerritoryInput!) { createTerritory(input: $i) { id } }`, {
      i: { name: 'x\ud800', kind: 'REGION', potential: '1', marketSize: '1' },
    }),
  400,
  'BAD_USER_INPUT',
  false,
  LONE,
);
add(
  'lone surrogate in an embed token request',
  () =>
    raw({
      path: '/auth/embed-tokens',
      headers: { 'content-type': 'application/json', ...ADMIN },
      body: JSON.stringify({ teamId: '1', widgets: ['FUNNEL'], origin: 'x\ud800' }),
    }),
  400,
  'BAD_USER_INPUT',
  true,
  LONE,
);
add(
  'lone surrogate in an export query',
  () =>
    raw({
      path: '/export/metrics.csv',
      headers: { 'content-type': 'application/json', ...ADMIN },
      body: JSON.stringify({ measures: ['REVENUE_WON\ud800'] }),
    }),
  400,
  'BAD_USER_INPUT',
  true,
  LONE,
);

// Dates outside the years 1900–2200 (graphql/scalars.ts), named by the input that holds them
const RANGE = (field: string) => ({ rule: 'date-range', field });
add(
  'Date 9999-12-31 in a literal',
  () => gql(`{ periods(filter: { containsDate: "9999-12-31" }) { totalCount } }`),
  400,
  'BAD_USER_INPUT',
  true,
  RANGE('filter.containsDate'),
);
add(
  'Date 0001-01-01 in a variable',
  () => gql(`query($d: Date) { currentPeriod(kind: MONTH, date: $d) { id } }`, { d: '0001-01-01' }),
  400,
  'BAD_USER_INPUT',
  true,
  RANGE('date'),
);
add(
  'Date 1899-12-31 in an input variable',
  () => gql(`query($f: PeriodFilter) { periods(filter: $f) { totalCount } }`, { f: { containsDate: '1899-12-31' } }),
  400,
  'BAD_USER_INPUT',
  true,
  RANGE('filter.containsDate'),
);
add(
  'Date 2201-01-01 inside a mutation input',
  () =>
    gql(`mutation($i: CreatePeriodInput!) { createPeriod(input: $i) { id } }`, {
      i: { kind: 'MONTH', startDate: '2201-01-01', endDate: '2201-01-31' },
    }),
  400,
  'BAD_USER_INPUT',
  false,
  RANGE('startDate'),
);
add(
  'DateTime in year 0001 in a literal',
  () => gql(`{ auditLog(filter: { since: "0001-01-01T00:00:00Z" }) { totalCount } }`),
  400,
  'BAD_USER_INPUT',
  true,
  RANGE('filter.since'),
);
add(
  'DateTime in year 9999 in a variable',
  () => gql(`query($u: DateTime) { auditLog(filter: { until: $u }) { totalCount } }`, { u: '9999-12-31T23:59:59Z' }),
  400,
  'BAD_USER_INPUT',
  true,
  RANGE('filter.until'),
);

// Forged and misused tokens
const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const q = '{ viewer { role } }';
const forged: [string, () => Record<string, string>, string?][] = [
  ['no credentials', () => ({})],
  ['alg none', () => bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsFor('ADMIN'))}.`)],
  ['alg none with a signature', () => bearer(`${b64({ alg: 'none' })}.${b64(claimsFor('ADMIN'))}.c2ln`)],
  ['wrong secret', () => bearer(signHs256(claimsFor('ADMIN'), 'another-secret-that-is-long-enough-to-be-valid!'))],
  [
    'tampered role',
    () => {
      const [h, , s] = tokenFor('REP:1').split('.');
      return bearer(`${h}.${b64(claimsFor('ADMIN'))}.${s}`);
    },
  ],
  ['expired', () => bearer(tokenFor('ADMIN', { exp: now() - 60, iat: now() - 3600 }))],
  ['not yet valid', () => bearer(tokenFor('ADMIN', { nbf: now() + 3600 }))],
  ['wrong audience', () => bearer(tokenFor('ADMIN', { aud: 'another-service' }))],
  ['wrong issuer', () => bearer(tokenFor('ADMIN', { iss: 'https://evil.example' }))],
  ['no expiry', () => bearer(tokenFor('ADMIN', { exp: undefined }))],
  ['no issue time', () => bearer(tokenFor('ADMIN', { iat: undefined })), 'token-claims'],
  ['issued in the future', () => bearer(tokenFor('ADMIN', { iat: now() + 600, exp: now() + 3600 })), 'token-issued-in-future'],
  ['valid for 13 hours', () => bearer(tokenFor('ADMIN', { exp: now() + 13 * 3600 })), 'token-lifetime'],
  [
    'valid for a year, issued long ago',
    () => bearer(tokenFor('ADMIN', { iat: now() - 86_400, exp: now() + 365 * 86_400 })),
    'token-expired',
  ],
  ['no subject', () => bearer(tokenFor('ADMIN', { sub: undefined }))],
  ['unknown role', () => bearer(tokenFor('ADMIN', { role: 'SUPERUSER' }))],
  ['EMBED role in an identity token', () => bearer(tokenFor('ADMIN', { role: 'EMBED' }))],
  ['manager without member id', () => bearer(tokenFor('MANAGER:1', { member_id: undefined }))],
  ['member id that is not a number', () => bearer(tokenFor('REP:1', { member_id: '1; drop table member' }))],
  ['member who does not exist', () => bearer(tokenFor('REP:999999'))],
  ['HS512 (not in the allow-list)', () => bearer(signHs256(claimsFor('ADMIN'), TEST_AUTH.AUTH_JWT_SECRET, { alg: 'HS512', typ: 'JWT' }))],
  [
    'RS256 header on an HMAC signature',
    () => bearer(signHs256(claimsFor('ADMIN'), TEST_AUTH.AUTH_JWT_SECRET, { alg: 'RS256', typ: 'JWT' })),
  ],
  ['garbage token', () => bearer('abc')],
  ['two-part token', () => bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0')],
  ['Basic credentials', () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
  ['empty Bearer', () => ({ authorization: 'Bearer ' })],
  ['development header with authentication on', () => ({ 'x-viewer': 'ADMIN' })],
  ['development header and a token', () => ({ 'x-viewer': 'ADMIN', ...ADMIN })],
  [
    'embed token signed with the identity secret',
    () =>
      bearer(
        signHs256(
          {
            iss: 'urn:sales-graph:embed',
            aud: 'urn:sales-graph:widgets',
            sub: 'team:1',
            team: '1',
            widgets: ['FUNNEL'],
            jti: 'x',
            iat: now(),
            exp: now() + 60,
          },
          TEST_AUTH.AUTH_JWT_SECRET,
          { alg: 'HS256', typ: 'embed+jwt' },
        ),
      ),
  ],
  [
    'embed token with a widened scope',
    () => {
      const [h, payload, s] = embedTeam.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      return bearer(`${h}.${b64({ ...claims, team: String(Number(claims.team) + 1) })}.${s}`);
    },
  ],
  ['embed token from another origin', () => ({ ...bearer(embedBound), origin: 'https://other.intranet.example' })],
  ['origin-bound embed token without an origin', () => bearer(embedBound)],
];
for (const [name, head, rule] of forged) add(`token: ${name}`, () => gql(q, undefined, head()), 401, 'UNAUTHENTICATED', false, { rule });
add(
  'embed token running a mutation',
  () =>
    gql(
      `mutation { createTerritory(input: { name: "X", kind: REGION, potential: "1", marketSize: "1" }) { id } }`,
      undefined,
      bearer(embedTeam),
    ),
  403,
  'FORBIDDEN',
  false,
);
add(
  'embed token minting another token',
  () => gql(`mutation($t: ID) { createEmbedToken(input: { teamId: $t, widgets: [FUNNEL] }) { token } }`, { t: '1' }, bearer(embedTeam)),
  403,
  'FORBIDDEN',
  false,
);
add('embed token reading the audit log', () => gql(`{ auditLog { totalCount } }`, undefined, bearer(embedTeam)), 403, 'FORBIDDEN', false);
add('embed token reading territories', () => gql(`{ territories { totalCount } }`, undefined, bearer(embedTeam)), 403, 'FORBIDDEN', false);
add(
  'analyst running a mutation',
  () => gql(`mutation { archiveTeam(id: "1") { id } }`, undefined, bearer(tokenFor('ANALYST'))),
  403,
  'FORBIDDEN',
  false,
);
add(
  'rep reading the audit log',
  () => gql(`{ auditLog { totalCount } }`, undefined, bearer(tokenFor(`REP:${managerId}`))),
  200,
  'FORBIDDEN',
  false,
);

// Path traversal on the widget bundle
// Source maps are not served in production.
for (const target of [
  '/widgets/../secret.js',
  '/widgets/%2e%2e/secret.js',
  '/widgets/..%2fsecret.js',
  '/widgets/%2e%2e%2fsecret.js',
  '/widgets/%00.js',
  '/widgets/index.js%00.txt',
  '/widgets/index.js.map',
]) {
  add(`path ${target}`, () => raw({ method: 'GET', path: target }), 404, 'NOT_FOUND');
}

// Injection strings in every text filter
const INJECTIONS = [
  "' OR '1'='1",
  "'; drop table team; --",
  '%',
  '_',
  '\\',
  "%' union select email from member --",
  "' || pg_sleep(5) --",
  '{"$ne": null}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '$1',
  '"',
];
const TEXT_FILTERS: [string, string, (data: any) => number][] = [
  ['teams.text', `query($t: String) { x: teams(filter: { text: $t }) { totalCount } }`, (d) => d.x.totalCount],
  ['members.text', `query($t: String) { x: members(filter: { text: $t }) { totalCount } }`, (d) => d.x.totalCount],
  ['territories.text', `query($t: String) { x: territories(filter: { text: $t }) { totalCount } }`, (d) => d.x.totalCount],
  ['auditLog.operation', `query($t: String) { x: auditLog(filter: { operation: $t }) { totalCount } }`, (d) => d.x.totalCount],
  ['auditLog.outcome', `query($t: String) { x: auditLog(filter: { outcome: $t }) { totalCount } }`, (d) => d.x.totalCount],
  ['auditLog.entity', `query($t: String) { x: auditLog(filter: { entity: $t }) { totalCount } }`, (d) => d.x.totalCount],
];

const LEAK = /stacktrace|\bat .*\.(js|ts):\d+|node_modules|\bselect\b.*\bfrom\b|syntax error at|relation "|violates|\/work\//i;

let widgets: string;
beforeAll(async () => {
  const folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-hostile-'));
  widgets = path.join(folder, 'widgets');
  await mkdir(widgets);
  await writeFile(path.join(widgets, 'index.js'), 'export {};\n//# sourceMappingURL=index.js.map\n');
  await writeFile(path.join(widgets, 'index.js.map'), '{"version":3,"sources":["../src/secret-source.ts"]}');
  await writeFile(path.join(folder, 'secret.js'), 'export const secret = 1;');
  server = await startTestServer({
    seed: true,
    env: {
      NODE_ENV: 'production',
      EXPOSE_SQL_COUNT: 'true',
      CORS_ORIGINS: 'https://intranet.example,https://other.intranet.example',
      WIDGETS_DIR: widgets,
    },
  });
  const admin = server.client();
  const { teams } = await admin.request<{ teams: { totalCount: number; nodes: { id: string; manager: { id: string } }[] } }>(
    `{ teams(first: 1, filter: { rootsOnly: true }) { totalCount nodes { id manager { id } } } }`,
  );
  managerId = teams.nodes[0].manager.id;
  teamCount = (await admin.request<{ teams: { totalCount: number } }>(`{ teams { totalCount } }`)).teams.totalCount;
  const mint = (input: Record<string, unknown>) =>
    admin.request<{ createEmbedToken: { token: string } }>(
      `mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { token } }`,
      { i: input },
    );
  embedTeam = (await mint({ teamId: teams.nodes[0].id, widgets: ['FUNNEL'] })).createEmbedToken.token;
  embedBound = (await mint({ teamId: teams.nodes[0].id, widgets: ['TEAM_CARD'], origin: 'https://intranet.example' })).createEmbedToken
    .token;
  const cursors = await admin.request<{ teams: { pageInfo: { endCursor: string } }; auditLog: { pageInfo: { endCursor: string } } }>(
    `{ teams(first: 2) { pageInfo { endCursor } } auditLog(first: 1) { pageInfo { endCursor } } }`,
  );
  teamsCursor = cursors.teams.pageInfo.endCursor;
  auditCursor = cursors.auditLog.pageInfo.endCursor;
});
afterAll(() => server?.close());

describe('hostile requests', () => {
  it(`include at least 100 requests (${cases.length} refusals + ${INJECTIONS.length * TEXT_FILTERS.length} injections)`, () => {
    expect(cases.length + INJECTIONS.length * TEXT_FILTERS.length).toBeGreaterThanOrEqual(100);
  });

  for (const hostile of cases) {
    it(`refuses ${hostile.name} with ${hostile.code}`, async () => {
      const answer = await hostile.send();
      expect(answer.text).not.toMatch(LEAK);
      expect(answer.status, answer.text).toBe(hostile.status);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      if (hostile.code === 'NOT_FOUND') return;
      const body = JSON.parse(answer.text);
      expect(body.errors?.[0]?.extensions?.code, answer.text).toBe(hostile.code);
      if (hostile.expected) expect(body.errors[0].extensions, answer.text).toMatchObject(JSON.parse(JSON.stringify(hostile.expected)));
      expect(body.data ?? null, answer.text).toBeNull();
      if (hostile.noSql) expect(Number(answer.headers['x-sql-statements'] ?? 0), 'SQL statements spent').toBe(0);
    });
  }

  for (const [filter, query, count] of TEXT_FILTERS) {
    it(`treats injection strings in ${filter} as plain text`, async () => {
      for (const text of INJECTIONS) {
        const answer = await gql(query, { t: text });
        expect(answer.text).not.toMatch(LEAK);
        expect(answer.status, answer.text).toBe(200);
        const body = JSON.parse(answer.text);
        expect(body.errors, answer.text).toBeUndefined();
        expect(count(body.data), `${filter} = ${text}`).toBe(0);
      }
    });
  }

  it('masks unexpected errors: no SQL, no stack, a request id to find the log line', async () => {
    await server.app.orm.em.getConnection().execute('alter table territory rename to territory_hidden');
    try {
      const answer = await gql(`{ territories { totalCount } }`);
      expect(answer.text).not.toMatch(LEAK);
      const body = JSON.parse(answer.text);
      expect(body.errors[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: answer.headers['x-request-id'] },
      });
    } finally {
      await server.app.orm.em.getConnection().execute('alter table territory_hidden rename to territory');
    }
  });

  it('serves the widget bundle itself under /widgets/, without pointing at its source map', async () => {
    const answer = await raw({ method: 'GET', path: '/widgets/index.js' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('export {};');
    expect(answer.headers['content-length']).toBe(String(answer.text.length));
  });

  it('hides schema suggestions in production', async () => {
    const body = JSON.parse((await gql('{ teamz { totalCount } }')).text);
    expect(body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it('keeps answering normal queries, with every table intact', async () => {
    const answer = await gql(`{ teams { totalCount } members(first: 1) { totalCount } territories(first: 1) { totalCount } }`);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text);
    expect(body.data.teams.totalCount).toBe(teamCount);
    expect(body.data.members.totalCount).toBeGreaterThan(50);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
