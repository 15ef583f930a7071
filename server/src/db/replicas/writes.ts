import { Redis } from 'ioredis';
import type { Logger } from '../../logger.js';
import { parseLsn } from './lsn.js';

const KEY_PREFIX = 'sales-graph:wal-position:';
/** Memory entries are swept when there are more than this many. */
const SWEEP_ABOVE = 10_000;

/**
 * The primary's WAL position right after each caller's last mutation, for `ttlMs`: until then the
 * caller's reads go only to a replica that has replayed it. Kept in this process's memory, and in Redis
 * when REDIS_URL is set so that every process sees the writes made through the others.
 */
export class WritePositions {
  private readonly memory = new Map<string, { lsn: bigint; until: number }>();
  private readonly redis?: Redis;

  constructor(
    private readonly ttlMs: number,
    redisUrl: string | undefined,
    private readonly log: Logger,
  ) {
    if (redisUrl) {
      // Commands fail at once while Redis is away: the memory entry still covers this process.
      this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.redis.on('error', (error) =>
        log.warn({ err: error }, 'read replicas: Redis unavailable, write positions kept in memory meanwhile'),
      );
    }
  }

  /** Waits (at most `limitMs`) for Redis to answer: commands sent before then would fail, not wait. */
  async connected(limitMs = 2_000): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, limitMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async record(caller: string, lsn: string): Promise<void> {
    if (this.ttlMs === 0) return;
    this.sweep();
    this.memory.set(caller, { lsn: parseLsn(lsn), until: Date.now() + this.ttlMs });
    await this.redis?.set(KEY_PREFIX + caller, lsn, 'PX', this.ttlMs).catch((error) => this.unavailable(error));
  }

  /** The position the caller's reads must see, or undefined when they made no recent write. */
  async positionOf(caller: string): Promise<bigint | undefined> {
    const entry = this.memory.get(caller);
    const local = entry && entry.until > Date.now() ? entry.lsn : undefined;
    if (!this.redis) return local;
    const shared = await this.redis.get(KEY_PREFIX + caller).catch((error) => this.unavailable(error));
    const remote = shared ? parseLsn(shared) : undefined;
    if (local === undefined) return remote;
    return remote !== undefined && remote > local ? remote : local;
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private unavailable(error: unknown): null {
    this.log.debug({ err: error }, 'read replicas: Redis command failed');
    return null;
  }

  private sweep(): void {
    if (this.memory.size < SWEEP_ABOVE) return;
    const now = Date.now();
    for (const [caller, entry] of this.memory) if (entry.until <= now) this.memory.delete(caller);
  }
}
