/**
 * Verified tokens, kept until they expire, so that a widget refreshing every few seconds with the same
 * token pays for its signature and claims once. Only successful verifications are kept; what depends on
 * the request (an embed token's origin) or on the database (revocation, archived teams) is still checked
 * on every request by the callers. Bounded: past `capacity` entries the oldest is forgotten.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, { value: T; untilMs: number }>();

  constructor(private readonly capacity = 10_000) {}

  get(token: string, nowMs = Date.now()): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs < entry.untilMs) return entry.value;
    this.entries.delete(token);
    return undefined;
  }

  /** Keeps `value` for `token` until `untilMs` (epoch milliseconds). */
  set(token: string, value: T, untilMs: number): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { value, untilMs });
  }
}

/**
 * Until when a verified JWT may be trusted without verifying it again: its expiry or the end of its
 * maximum age, whichever comes first (the clock tolerance the verification allowed is not extended).
 */
export function trustedUntil(payload: { exp?: number; iat?: number }, maxAgeSeconds: number): number {
  return Math.min(payload.exp!, payload.iat! + maxAgeSeconds) * 1000;
}
