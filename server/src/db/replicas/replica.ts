import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logger.js';
import type { ReplicaConfig } from './config.js';
import { lagMs, parseLsn, type WalSample } from './lsn.js';

/** Where a replica stands: serving reads, left out because it is too far behind, or unreachable. */
export type ReplicaState = 'in rotation' | 'lagging' | 'down';

/** A replica as /readyz reports it. */
export interface ReplicaStatus {
  name: string;
  state: ReplicaState;
  /** Why it is out of rotation. */
  reason?: string;
  /** Bytes of the primary's WAL it has not replayed, at the last check. */
  lagBytes?: number;
  /** How long ago the primary was where the replica is, at the last check. */
  lagMs?: number;
  /** Read requests it served since start. */
  reads: number;
}

interface ReplayRow {
  recovery: boolean;
  replayed: string | null;
}

const REPLAY = 'select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replayed';

/** One read replica: its ORM, its last checked health and how many reads it served. */
export class Replica {
  state: ReplicaState = 'down';
  reason?: string = 'not checked yet';
  /** The WAL position it had replayed at the last check (or the last read-your-writes look-up). */
  replayed = 0n;
  lagBytes?: number;
  lagMs?: number;
  reads = 0;

  constructor(
    readonly name: string,
    readonly orm: MikroORM,
    private readonly limits: Pick<ReplicaConfig, 'maxLagMs' | 'maxLagBytes'>,
    private readonly log: Logger,
  ) {}

  get inRotation(): boolean {
    return this.state === 'in rotation';
  }

  /** One health check against the primary's recent WAL positions (newest last). */
  async check(samples: readonly WalSample[], timeoutMs: number): Promise<void> {
    let row: ReplayRow;
    try {
      row = await withTimeout(this.orm.em.getConnection().execute<ReplayRow>(REPLAY, [], 'get'), timeoutMs);
    } catch (error) {
      return this.markDown('unreachable', error);
    }
    if (!row.recovery || !row.replayed) return this.markDown('not a standby (pg_is_in_recovery() is false)');
    this.replayed = parseLsn(row.replayed);
    const newest = samples.at(-1);
    this.lagBytes = newest && newest.lsn > this.replayed ? Number(newest.lsn - this.replayed) : 0;
    this.lagMs = lagMs(samples, this.replayed, Date.now());
    const tooFar = this.lagBytes > this.limits.maxLagBytes || this.lagMs > this.limits.maxLagMs;
    this.enter(tooFar ? 'lagging' : 'in rotation', tooFar ? `${this.lagBytes} bytes, ${this.lagMs} ms behind` : undefined);
  }

  /** Whether it has replayed `position` now (asked when its last check said no). */
  async hasReplayed(position: bigint): Promise<boolean> {
    try {
      const row = await this.orm.em.getConnection().execute<ReplayRow>(REPLAY, [], 'get');
      if (row.replayed) this.replayed = parseLsn(row.replayed);
    } catch (error) {
      this.markDown('unreachable', error);
      return false;
    }
    return this.replayed >= position;
  }

  /** Out of rotation until a check finds it healthy again. */
  markDown(reason: string, error?: unknown): void {
    this.lagBytes = undefined;
    this.lagMs = undefined;
    if (this.state !== 'down') this.log.warn({ replica: this.name, reason, err: error }, 'read replica out of rotation');
    this.state = 'down';
    this.reason = reason;
  }

  status(): ReplicaStatus {
    const { name, state, reason, lagBytes, lagMs, reads } = this;
    return { name, state, ...(reason ? { reason } : {}), lagBytes, lagMs, reads };
  }

  private enter(state: ReplicaState, reason?: string): void {
    if (state !== this.state) {
      const message = state === 'in rotation' ? 'read replica in rotation' : 'read replica out of rotation';
      this.log.info({ replica: this.name, state, reason }, message);
    }
    this.state = state;
    this.reason = reason;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
