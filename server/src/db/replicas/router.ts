import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '../../access/viewer.js';
import type { Logger } from '../../logger.js';
import type { ReplicaConfig } from './config.js';
import { replicaName } from './config.js';
import { parseLsn, type WalSample } from './lsn.js';
import { Replica, type ReplicaStatus } from './replica.js';
import { WritePositions } from './writes.js';

/** Where one read request runs: a replica's ORM, or the primary's (replica undefined). */
export interface ReadRoute {
  orm: MikroORM;
  replica?: Replica;
}

/** What /readyz reports of the replicas and of the reads each database served. */
export interface ReplicasStatus {
  replicas: ReplicaStatus[];
  /** Read requests served by the primary (no replica fit, or the retry after a replica failed). */
  primaryReads: number;
  /** Reads that failed on a replica for want of a connection and were run again on the primary. */
  retriedOnPrimary: number;
}

/** Who a write belongs to, for read-your-writes: the token subject, else the role and member. */
export function callerOf(viewer: Viewer): string {
  return viewer.subject ?? `${viewer.role}:${viewer.memberId ?? ''}`;
}

/** The primary's WAL positions kept to measure lag in time: enough to cover the longest lag allowed. */
const SAMPLES_KEPT = 256;

/**
 * Sends read requests to healthy replicas in turn, and everything else to the primary (docs/replicas.md).
 * A caller who just wrote reads from a replica only once it has replayed their write.
 */
export class ReadRouter {
  private readonly replicas: Replica[];
  private readonly writes: WritePositions;
  private readonly samples: WalSample[] = [];
  private readonly current = new AsyncLocalStorage<ReadRoute>();
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private turn = 0;
  private primaryReads = 0;
  private retried = 0;

  constructor(
    private readonly primary: MikroORM,
    replicas: { url: string; orm: MikroORM }[],
    private readonly config: ReplicaConfig,
    redisUrl: string | undefined,
    private readonly log: Logger,
  ) {
    this.replicas = replicas.map(({ url, orm }) => new Replica(replicaName(url), orm, config, log));
    this.writes = new WritePositions(config.readYourWritesMs, redisUrl, log);
  }

  /** Checks every replica now and then every DATABASE_REPLICA_CHECK_MS. */
  async start(): Promise<void> {
    await this.writes.connected();
    await this.checkAll();
    this.timer = setInterval(() => {
      this.checking ??= this.checkAll().finally(() => {
        this.checking = undefined;
      });
    }, this.config.checkIntervalMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await this.writes.close();
  }

  /** The database a read by `caller` goes to: a replica in rotation that has their last write, else the primary. */
  async routeRead(caller: string | undefined): Promise<ReadRoute> {
    const candidates = this.inTurn();
    if (candidates.length === 0) return this.onPrimary();
    const position = caller === undefined ? undefined : await this.writes.positionOf(caller);
    if (position === undefined) return this.onReplica(candidates[0]);
    const caughtUp = candidates.find((replica) => replica.replayed >= position);
    if (caughtUp) return this.onReplica(caughtUp);
    // Its last check may be up to an interval old: ask the next replica once where it is now.
    if (await candidates[0].hasReplayed(position)) return this.onReplica(candidates[0]);
    return this.onPrimary();
  }

  /** A read failed on `route`'s replica for want of a connection: out of rotation, the read runs again on the primary. */
  retryOnPrimary(route: ReadRoute, error?: unknown): ReadRoute {
    route.replica?.markDown('connection failed during a read', error);
    this.retried += 1;
    return this.onPrimary();
  }

  /** After `caller`'s mutation committed: their next reads must see the primary's WAL up to here. */
  async recordWrite(caller: string): Promise<void> {
    try {
      await this.writes.record(caller, await this.primaryPosition());
    } catch (error) {
      // The primary is away: the mutation could not have committed either.
      this.log.warn({ err: error }, 'read replicas: the WAL position after a mutation could not be read');
    }
  }

  /**
   * An ORM for endpoints that fork their unit of work from `orm.em` (the exports): within `runRead` it
   * forks from the route's database, elsewhere from the primary.
   */
  routedOrm(): MikroORM {
    const current = this.current;
    const primary = this.primary;
    return Object.create(primary, { em: { get: () => (current.getStore()?.orm ?? primary).em } }) as MikroORM;
  }

  /** Runs `read` with routedOrm() pointing at `route`'s database. */
  runRead<T>(route: ReadRoute, read: () => T): T {
    return this.current.run(route, read);
  }

  status(): ReplicasStatus {
    return { replicas: this.replicas.map((replica) => replica.status()), primaryReads: this.primaryReads, retriedOnPrimary: this.retried };
  }

  /** Replicas in rotation, starting with the next one's turn. */
  private inTurn(): Replica[] {
    const healthy = this.replicas.filter((replica) => replica.inRotation);
    if (healthy.length < 2) return healthy;
    const start = this.turn++ % healthy.length;
    return [...healthy.slice(start), ...healthy.slice(0, start)];
  }

  private onReplica(replica: Replica): ReadRoute {
    replica.reads += 1;
    return { orm: replica.orm, replica };
  }

  private onPrimary(): ReadRoute {
    this.primaryReads += 1;
    return { orm: this.primary };
  }

  private async primaryPosition(): Promise<string> {
    const row = await this.primary.em.getConnection().execute<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn', [], 'get');
    return row.lsn;
  }

  private async checkAll(): Promise<void> {
    try {
      this.samples.push({ at: Date.now(), lsn: parseLsn(await this.primaryPosition()) });
      if (this.samples.length > SAMPLES_KEPT) this.samples.shift();
    } catch (error) {
      // Without the primary there is no lag to measure; the replicas keep their last state.
      this.log.warn({ err: error }, 'read replicas: the primary could not be asked for its WAL position');
      return;
    }
    const timeoutMs = Math.max(1_000, this.config.checkIntervalMs);
    await Promise.all(this.replicas.map((replica) => replica.check(this.samples, timeoutMs)));
  }
}
