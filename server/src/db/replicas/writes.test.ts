import { randomUUID } from 'node:crypto';
import { redisAnswers, TEST_REDIS_URL } from '../../testing/redis.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { WritePositions } from './writes.js';

const log = createLogger('silent');

const redisUp = await redisAnswers();

describe('write positions for read-your-writes', () => {
  it('keeps a caller’s position in memory for its time', async () => {
    const positions = new WritePositions(60_000, undefined, log);
    expect(await positions.positionOf('member-1')).toBeUndefined();
    await positions.record('member-1', '0/3000060');
    expect(await positions.positionOf('member-1')).toBe(0x3000060n);
    expect(await positions.positionOf('member-2')).toBeUndefined();
    const expired = new WritePositions(0, undefined, log);
    await expired.record('member-1', '0/3000060');
    expect(await expired.positionOf('member-1')).toBeUndefined();
  });

  it.runIf(redisUp)('shares positions between processes through Redis', async () => {
    const [one, other] = [new WritePositions(60_000, TEST_REDIS_URL, log), new WritePositions(60_000, TEST_REDIS_URL, log)];
    try {
      await Promise.all([one.connected(), other.connected()]);
      const caller = `test-${randomUUID()}`;
      await one.record(caller, '1/A0');
      expect(await other.positionOf(caller)).toBe((1n << 32n) + 0xa0n);
    } finally {
      await one.close();
      await other.close();
    }
  });
});
