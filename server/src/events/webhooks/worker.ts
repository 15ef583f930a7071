import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { WebhookConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { WebhookDeliveryStatus } from './enums.js';
import { type AttemptOutcome, type EventBody, sendEvent } from './send.js';

/** Deliveries taken at once; they are sent in parallel, so one slow endpoint holds the others at most one timeout. */
const BATCH_SIZE = 10;
/** A claimed delivery's lease lasts its request's timeout plus this margin for writing the outcome. */
const LEASE_MARGIN_MS = 30_000;

export interface WebhookWorkerOptions {
  batchSize?: number;
  /** How long a claimed delivery is this worker's; after that another worker takes it (default: timeout + 30 s). */
  leaseMs?: number;
}

export interface WebhookWorker {
  /** Stops claiming, interrupts the requests in flight (their deliveries are due again at once) and waits for them. */
  stop(): Promise<void>;
}

interface ClaimedRow {
  id: number;
  attempts: number;
  url: string;
  secret: string;
  event_id: number;
  type: string;
  occurred_at: string | Date;
  actor_member_id: number | null;
  subjects: { kind: string; id: string }[];
  payload: Record<string, unknown>;
}

const { PENDING, IN_FLIGHT, DELIVERED, DEAD } = WebhookDeliveryStatus;

/**
 * Takes up to `limit` due deliveries of active endpoints (queued ones whose time has come, and in-flight
 * ones whose worker let the lease expire) and makes them this worker's for `leaseMs`, counting the
 * attempt. `skip locked`: workers of several processes never take the same delivery, nor wait for each other.
 */
async function claimDue(em: EntityManager, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
  return em.execute<ClaimedRow[]>(
    `with due as (
       select d.id from webhook_delivery d join webhook w on w.id = d.webhook_id
        where d.status in ('${PENDING}', '${IN_FLIGHT}') and d.due_at <= now() and w.active
        order by d.due_at, d.id limit ? for update of d skip locked),
     claimed as (
       update webhook_delivery d set status = '${IN_FLIGHT}', attempts = d.attempts + 1, last_attempt_at = now(),
              due_at = now() + ?::float8 * interval '1 millisecond'
         from due where d.id = due.id
       returning d.id, d.attempts, d.webhook_id, d.event_id)
     select c.id, c.attempts, w.url, w.secret, e.id as event_id, e.type, e.occurred_at, e.actor_member_id, e.subjects, e.payload
       from claimed c join webhook w on w.id = c.webhook_id join domain_event e on e.id = c.event_id
      order by c.id`,
    [limit, leaseMs],
  );
}

function bodyOf(row: ClaimedRow): EventBody {
  return {
    id: String(row.event_id),
    type: row.type,
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorMemberId: row.actor_member_id === null ? null : String(row.actor_member_id),
    subjects: row.subjects,
    payload: row.payload,
  };
}

/** The wait before attempt `attempt + 1`: base × 2^(attempt − 1), at most `maxMs`, ±20 % so that retries spread out. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random()): number {
  return Math.round(Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.8 + 0.4 * random));
}

/**
 * Writes how an attempt ended. Each statement changes the delivery only while it is still this
 * attempt's (in flight, same attempt count): a worker that outlived its lease writes nothing.
 */
async function recordOutcome(em: EntityManager, row: ClaimedRow, outcome: AttemptOutcome, settings: WebhookConfig): Promise<string> {
  const mine = `where id = ? and status = '${IN_FLIGHT}' and attempts = ?`;
  if (outcome.kind === 'interrupted') {
    await em.execute(`update webhook_delivery set status = '${PENDING}', attempts = attempts - 1, due_at = now() ${mine}`, [
      row.id,
      row.attempts,
    ]);
    return PENDING;
  }
  if (outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300) {
    await em.execute(
      `update webhook_delivery set status = '${DELIVERED}', delivered_at = now(), due_at = null, last_status = ?, last_error = null ${mine}`,
      [outcome.status, row.id, row.attempts],
    );
    return DELIVERED;
  }
  const dead = row.attempts >= settings.maxAttempts;
  const error = outcome.kind === 'answered' ? `HTTP ${outcome.status}` : outcome.error;
  await em.execute(
    `update webhook_delivery set status = ?, due_at = now() + ?::float8 * interval '1 millisecond', last_status = ?, last_error = ? ${mine}`,
    [
      dead ? DEAD : PENDING,
      dead ? null : backoffMs(row.attempts, settings.backoffBaseMs, settings.backoffMaxMs),
      outcome.kind === 'answered' ? outcome.status : null,
      error,
      row.id,
      row.attempts,
    ],
  );
  return dead ? DEAD : PENDING;
}

/**
 * The webhook delivery worker of this process (WEBHOOK_DELIVERY): every `pollMs` it claims due
 * deliveries in small batches, POSTs them and records the outcome: DELIVERED on a 2xx answer, else
 * PENDING again after a backoff, DEAD after `maxAttempts`. Several processes share the queue safely.
 * Delivery is at least once: an answer lost with its process is sent again when the lease expires.
 */
export function startWebhookWorker(orm: MikroORM, log: Logger, settings: WebhookConfig, options: WebhookWorkerOptions = {}): WebhookWorker {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const leaseMs = options.leaseMs ?? settings.timeoutMs + LEASE_MARGIN_MS;
  const interrupt = new AbortController();
  let running: Promise<void> | null = null;

  const deliver = async (row: ClaimedRow) => {
    const outcome = await sendEvent(row.url, row.secret, bodyOf(row), settings.timeoutMs, interrupt.signal);
    const status = await recordOutcome(orm.em.fork(), row, outcome, settings);
    if (status === DEAD) log.warn({ deliveryId: row.id, eventId: row.event_id, attempts: row.attempts }, 'webhook delivery dead-lettered');
  };
  const drain = async () => {
    try {
      while (!interrupt.signal.aborted) {
        const batch = await claimDue(orm.em.fork(), batchSize, leaseMs);
        await Promise.all(batch.map(deliver));
        if (batch.length < batchSize) return;
      }
    } catch (error) {
      log.error({ err: error }, 'the webhook worker failed; the next poll tries again');
    }
  };
  const tick = () => {
    if (interrupt.signal.aborted || running) return;
    running = drain().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, settings.pollMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      interrupt.abort();
      await running;
    },
  };
}
