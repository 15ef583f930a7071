import type { IncomingMessage } from 'node:http';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Viewer, ViewerResolver } from '../access/viewer.js';
import type { RateLimits } from '../config.js';
import { DomainError, rateLimited } from '../errors.js';
import type { Logger } from '../logger.js';
import { sendDomainError } from './respond.js';
import type { RouteHandler } from './server.js';

/**
 * Request budgets (RATE_LIMIT_* in config.ts) of the endpoints that cost database work — /graphql,
 * /auth/embed-tokens, /export/ — counted together: one per client address, spent before anything else
 * is read, and one per authenticated caller, spent once the caller is known. A request over either is
 * answered 429 RATE_LIMITED with Retry-After. The counts live in Redis when REDIS_URL is set (shared by
 * every instance), else in this process's memory.
 */
export class RequestBudgets {
  private readonly perAddress?: RateLimiterAbstract;
  private readonly perSubject?: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(
    limits: RateLimits,
    private readonly trustProxy: boolean,
    log: Logger,
  ) {
    if (limits.redisUrl) {
      // Commands fail at once while Redis is away, instead of queueing behind the request.
      this.redis = new Redis(limits.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.redis.on('error', (error) => log.warn({ err: error }, 'rate limits: Redis unavailable, counting in memory meanwhile'));
    }
    const budget = (points: number, keyPrefix: string) => {
      if (points === 0) return undefined;
      const options = { points, duration: limits.windowSeconds, keyPrefix: `sales-graph:${keyPrefix}` };
      if (!this.redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.perAddress = budget(limits.perIp, 'address');
    this.perSubject = budget(limits.perSubject, 'subject');
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /** Wraps a route: a client address over its budget is refused before its request is read. */
  limitAddresses(handler: RouteHandler): RouteHandler {
    return async (request, response, scope, log) => {
      try {
        await spend(this.perAddress, clientAddress(request, this.trustProxy));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        response.setHeader('connection', 'close'); // its body is not read
        return sendDomainError(response, error, scope.requestId);
      }
      return handler(request, response, scope, log);
    };
  }

  /** Wraps the authentication: a caller over its budget is refused as soon as it is known. */
  limitSubjects(resolveViewer: ViewerResolver): ViewerResolver {
    return async (request) => {
      const viewer = await resolveViewer(request);
      await spend(this.perSubject, subjectOf(viewer));
      return viewer;
    };
  }
}

async function spend(budget: RateLimiterAbstract | undefined, key: string): Promise<void> {
  try {
    await budget?.consume(key);
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
    throw refusal;
  }
}

/** Who spends: the caller's subject (an embed token's names the token itself, so each widget page counts apart). */
function subjectOf(viewer: Viewer): string {
  return `${viewer.role}:${viewer.subject ?? viewer.memberId ?? ''}`;
}

/** The connection's address, or behind a trusted reverse proxy the last `X-Forwarded-For` entry (the one it saw). */
function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? String(request.headers['x-forwarded-for'] ?? '')
        .split(',')
        .at(-1)
        ?.trim()
    : undefined;
  return forwarded || request.socket.remoteAddress || 'unknown';
}
