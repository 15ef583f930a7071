import type { Database } from '../../db/database.js';
import type { MikroORM } from '../../db/orm.js';
import type { Logger } from '../../logger.js';
import { DomainEvent } from '../domain-event.entity.js';
import type { LiveEventBus } from './bus.js';
import { listenOnServer } from './server-notifications.js';

/** The channel Migration20261201140000_domain_events notifies, with the event id, when an event commits. */
export const EVENT_CHANNEL = 'domain_event';

/** Events read per statement when catching up after a lost connection. */
const CATCH_UP_PAGE = 500;
/** Ids already published, remembered so that an event announced twice (catch-up and notification) goes out once. */
const REMEMBERED_IDS = 4_096;

/**
 * Loads announced events, once per process, and publishes them on the bus in id order. Ids announced
 * together (one batch of notifications, or while a load runs) are loaded by one statement; nothing is
 * loaded while nobody subscribes.
 */
class EventLoader {
  private readonly announced = new Set<number>();
  private readonly published = new Set<number>();
  private scheduled = false;
  private lastSeen = 0;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: LiveEventBus,
    private readonly log: Logger,
  ) {}

  /** Events recorded before the process started are not pushed: streams start now. */
  async start(): Promise<void> {
    const [row] = await this.orm.em.getConnection().execute<{ id: number | null }[]>('select max(id) as id from domain_event');
    this.lastSeen = Number(row?.id ?? 0);
  }

  announce(payload: string): void {
    const id = Number(payload);
    if (!Number.isSafeInteger(id) || id <= 0) return;
    this.announced.add(id);
    if (this.scheduled) return;
    this.scheduled = true;
    this.enqueue(async () => {
      this.scheduled = false;
      const ids = [...this.announced];
      this.announced.clear();
      if (this.bus.size === 0) return this.saw(Math.max(...ids));
      this.publish(await this.load({ id: { $in: ids } }));
    });
  }

  /** After a lost connection: every event committed meanwhile, that is with an id above the last one seen. */
  catchUp(): void {
    this.enqueue(async () => {
      if (this.bus.size === 0) return this.start();
      for (;;) {
        const events = await this.load({ id: { $gt: this.lastSeen } }, CATCH_UP_PAGE);
        this.publish(events);
        if (events.length < CATCH_UP_PAGE) return;
      }
    });
  }

  /** Waits for the loads under way. */
  idle(): Promise<void> {
    return this.work;
  }

  private load(where: { id: { $in: number[] } | { $gt: number } }, limit?: number): Promise<DomainEvent[]> {
    return this.orm.em.fork().find(DomainEvent, where, { orderBy: { id: 'asc' }, limit });
  }

  private publish(events: DomainEvent[]): void {
    for (const event of events) {
      this.saw(event.id);
      if (this.published.has(event.id)) continue;
      this.published.add(event.id);
      if (this.published.size > REMEMBERED_IDS) this.published.delete(this.published.values().next().value!);
      this.bus.publish(event);
    }
  }

  private saw(id: number): void {
    this.lastSeen = Math.max(this.lastSeen, id);
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((error) => this.log.error({ err: error }, 'live events: could not load announced events'));
  }
}

export interface EventListener {
  stop(): Promise<void>;
}

/**
 * One LISTEN per server process: on a PostgreSQL server a dedicated connection that reconnects and then
 * catches up; on the embedded database its own listen API. Each event announced is loaded once and handed
 * to every local subscription that admits it.
 */
export async function listenForEvents(options: {
  orm: MikroORM;
  database: Pick<Database, 'url' | 'listen'>;
  bus: LiveEventBus;
  log: Logger;
  /** First wait before reconnecting to a PostgreSQL server (tests shorten it). */
  backoffMs?: number;
}): Promise<EventListener> {
  const { database, log } = options;
  const loader = new EventLoader(options.orm, options.bus, log);
  await loader.start();
  const onPayload = (payload: string) => loader.announce(payload);
  const connection = database.listen
    ? { stop: await database.listen(EVENT_CHANNEL, onPayload) }
    : await listenOnServer({
        url: database.url,
        channel: EVENT_CHANNEL,
        onPayload,
        onListening: () => loader.catchUp(),
        log,
        backoffMs: options.backoffMs,
      });
  return {
    async stop() {
      await connection.stop();
      await loader.idle();
    },
  };
}
