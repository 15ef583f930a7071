import type { IncomingMessage, ServerResponse } from 'node:http';
import { unstorableText } from '../text.js';
import { sendDomainError, sendGraphQLError } from './respond.js';

export class BodyTooLargeError extends Error {}

/** Reads a request body, refusing more than `limit` bytes as soon as they arrive. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON object body of at most `limit` bytes. Anything else is answered here — 415 for another
 * content type, 413 for too large, 400 for not a JSON object or for text that cannot be stored (text.ts)
 * — and gives null.
 */
export async function readJsonObject(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
  requestId: string,
): Promise<Record<string, unknown> | null> {
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (contentType !== 'application/json') {
    response.setHeader('connection', 'close');
    sendGraphQLError(response, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request as application/json', requestId);
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(await readBody(request, limit));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      sendGraphQLError(response, 400, 'BAD_REQUEST', 'The body must be a JSON object', requestId);
      return null;
    }
    const unstorable = unstorableText(parsed);
    if (!unstorable) return parsed as Record<string, unknown>;
    sendDomainError(response, unstorable, requestId);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      sendGraphQLError(response, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`, requestId);
    else sendGraphQLError(response, 400, 'BAD_REQUEST', 'The body must be a JSON object', requestId);
  }
  return null;
}
