import type { ServerResponse } from 'node:http';

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A GraphQL-shaped error for requests refused before they reach the GraphQL engine. */
export function sendGraphQLError(response: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code, requestId } }] });
}
