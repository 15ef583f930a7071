import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes, prefixed so that it is recognised when it leaks. */
export function newSecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** What reads show of a secret after it was handed out: enough to tell two secrets apart. */
export function secretHint(secret: string): string {
  return `${PREFIX}…${secret.slice(-4)}`;
}

/**
 * The `Webhook-Signature` header of a body sent at `timestamp` (unix seconds): HMAC-SHA256 keyed with the
 * secret's text over "<timestamp>.<body>", in hex. Binding the timestamp lets receivers refuse replays
 * of an old request.
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
