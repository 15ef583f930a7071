import { describe, expect, it } from 'vitest';
import { trustedUntil, VerifiedTokenCache } from './token-cache.js';

describe('verified token cache', () => {
  it('answers until the time given, then forgets the token', () => {
    const cache = new VerifiedTokenCache<string>();
    cache.set('a', 'viewer', 1_000);
    expect(cache.get('a', 999)).toBe('viewer');
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.get('a', 0)).toBeUndefined();
  });

  it('forgets the oldest token past its capacity', () => {
    const cache = new VerifiedTokenCache<number>(2);
    cache.set('a', 1, 10);
    cache.set('b', 2, 10);
    cache.set('c', 3, 10);
    expect([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0)]).toEqual([undefined, 2, 3]);
  });

  it('trusts a token until it expires or reaches its maximum age, whichever comes first', () => {
    expect(trustedUntil({ iat: 100, exp: 400 }, 1_000)).toBe(400_000);
    expect(trustedUntil({ iat: 100, exp: 400 }, 200)).toBe(300_000);
  });
});
