import type { ServerResponse } from 'node:http';
import { ERROR_CODES, type ErrorCodeName } from '../error-codes.js';
import type { DomainError } from '../errors.js';

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A GraphQL-shaped error for requests refused before they reach the GraphQL engine. */
export function sendGraphQLError(response: ServerResponse, status: number, code: ErrorCodeName, message: string, requestId: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code, requestId } }] });
}

/** A domain error (errors.ts) answered outside GraphQL, with the status its code means and its details. */
export function sendDomainError(response: ServerResponse, error: DomainError, requestId: string): void {
  const { retryAfter } = error.details;
  const headers: Record<string, string> = typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {};
  sendJson(
    response,
    ERROR_CODES[error.code].status,
    { errors: [{ message: error.message, extensions: { code: error.code, ...error.details, requestId } }] },
    headers,
  );
}

/** How long a client should wait before it tries again when the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** The database cannot be reached (db/outage.ts): 503, worth retrying shortly. */
export function sendServiceUnavailable(response: ServerResponse, requestId: string): void {
  response.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  sendGraphQLError(response, 503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly', requestId);
}

/** Refuses a method the endpoint does not take (405); the connection closes, its body unread. */
export function refuseMethod(response: ServerResponse, allow: string, message: string, requestId: string): void {
  response.setHeader('allow', allow);
  response.setHeader('connection', 'close');
  sendGraphQLError(response, 405, 'METHOD_NOT_ALLOWED', message, requestId);
}
