import type { DomainEvent } from '../domain-event.entity.js';

/**
 * Ends a live stream without completing it, so that the client reconnects (to this process or another
 * one): the server is shutting down, or the client reads too slowly to keep up.
 */
export class LiveStreamInterrupted extends Error {
  constructor(reason: string) {
    super(`live stream interrupted: ${reason}`);
    this.name = 'LiveStreamInterrupted';
  }
}

/** setTimeout's longest delay; a later expiry interrupts the stream early, and its client reconnects. */
const MAX_TIMER_MS = 2_147_483_647;

/** Events a stream may hold for a client that does not read them; past that it is interrupted. */
const MAX_QUEUED = 1_000;

/** One live subscription of this process: the events it admits, queued until its stream reads them. */
class Subscriber implements AsyncIterableIterator<DomainEvent> {
  private readonly queue: DomainEvent[] = [];
  private waiting: { resolve(result: IteratorResult<DomainEvent>): void; reject(error: Error): void } | null = null;
  private failure: Error | null = null;
  private done = false;

  constructor(
    readonly admits: (event: DomainEvent) => boolean,
    private readonly leave: (subscriber: Subscriber) => void,
  ) {}

  push(event: DomainEvent): void {
    if (this.waiting) {
      this.waiting.resolve({ value: event, done: false });
      this.waiting = null;
    } else if (this.queue.length < MAX_QUEUED) {
      this.queue.push(event);
    } else {
      this.fail(new LiveStreamInterrupted('the client reads too slowly'));
    }
  }

  fail(error: Error): void {
    if (this.done) return;
    this.failure = error;
    this.queue.length = 0;
    this.finish();
    this.waiting?.reject(error);
    this.waiting = null;
  }

  next(): Promise<IteratorResult<DomainEvent>> {
    const event = this.queue.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** The client went away (or the stream ended): stop receiving. */
  return(): Promise<IteratorResult<DomainEvent>> {
    this.finish();
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    this.done = true;
    this.leave(this);
  }
}

/**
 * The live subscriptions of one server process. The listener (listener.ts) publishes each committed
 * event once; every subscription whose viewer and filter admit it receives it.
 */
export class LiveEventBus {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  /** `until`: when the credentials of the stream expire; it is interrupted then, and its client must sign in again. */
  subscribe(admits: (event: DomainEvent) => boolean, until?: Date): AsyncIterableIterator<DomainEvent> {
    let expiry: NodeJS.Timeout | undefined;
    const subscriber = new Subscriber(admits, (left) => {
      clearTimeout(expiry);
      this.subscribers.delete(left);
    });
    if (this.closed) {
      subscriber.fail(new LiveStreamInterrupted('the server is shutting down'));
      return subscriber;
    }
    this.subscribers.add(subscriber);
    if (until) {
      const expire = () => subscriber.fail(new LiveStreamInterrupted('its credentials expired'));
      expiry = setTimeout(expire, Math.min(Math.max(0, until.getTime() - Date.now()), MAX_TIMER_MS));
      expiry.unref();
    }
    return subscriber;
  }

  publish(event: DomainEvent): void {
    for (const subscriber of this.subscribers) if (subscriber.admits(event)) subscriber.push(event);
  }

  /** How many subscriptions are open in this process. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Interrupts every stream (their clients reconnect elsewhere) and accepts no new one. */
  close(): void {
    this.closed = true;
    for (const subscriber of [...this.subscribers]) subscriber.fail(new LiveStreamInterrupted('the server is shutting down'));
  }
}
