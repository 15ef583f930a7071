import { signature } from './signing.js';

/** What a delivery sends: the event, as the `events` query shows it. */
export interface EventBody {
  id: string;
  type: string;
  occurredAt: string;
  actorMemberId: string | null;
  subjects: { kind: string; id: string }[];
  payload: Record<string, unknown>;
}

/** How one attempt ended: an answer (any status), a failure before one, or this process stopping. */
export type AttemptOutcome = { kind: 'answered'; status: number } | { kind: 'failed'; error: string } | { kind: 'interrupted' };

/** The error text kept on the delivery, short enough for a list of them. */
function failureOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `request failed: ${reason}`.slice(0, 500);
}

/**
 * POSTs one event, signed, and waits at most `timeoutMs` for the answer's status. Redirects are not
 * followed (a 3xx is a failure): the signature was made for this URL. The answer's body is not read.
 */
export async function sendEvent(
  url: string,
  secret: string,
  event: EventBody,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptOutcome> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature(secret, timestamp, body),
      },
      body,
      signal: AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]),
    });
    await response.body?.cancel().catch(() => {});
    return { kind: 'answered', status: response.status };
  } catch (error) {
    if (stop.aborted) return { kind: 'interrupted' };
    return { kind: 'failed', error: failureOf(error, timeoutMs) };
  }
}
