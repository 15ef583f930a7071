import { createClient, NetworkError, type Client, type ExecutionResult } from 'graphql-sse';
import liveEventsSubscription from '../../schema/operations/live-events.graphql?raw';
import type { Connection } from './client.js';

/**
 * The widgets' live updates: one GraphQL-over-SSE stream (`<endpoint>/stream`, distinct connections mode)
 * per endpoint and token on a page, shared by every widget there, since a browser opens only six HTTP/1
 * connections to a server. The stream asks for the union of the widgets' event types, and for their team
 * or member when they all watch the same one (else for every event the token may see). Each widget hears
 * the events of its own types and re-reads its data.
 */

/** `connecting` (first time), `live`, `reconnecting` (lost once), `lost` (reconnecting fails), `unavailable` (refused or not streamable). */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'lost' | 'unavailable';

export interface LiveFilter {
  types: readonly string[];
  teamId?: string;
  memberId?: string;
}

export interface LiveEvent {
  id: string;
  type: string;
  occurredAt: string;
  subjects: { kind: string; id: string }[];
}

export interface LiveListener {
  readonly filter: LiveFilter;
  /** An event of one of the listener's types arrived. */
  event(event: LiveEvent): void;
  /** The stream changed state; `resumed` when it is live again after a loss (events may have been missed). */
  state(state: LiveState, resumed: boolean): void;
}

/** Browsers that cannot read a response body as a stream keep polling. */
const streamable = typeof ReadableStream === 'function' && typeof Response === 'function' && 'body' in Response.prototype;

const MAX_RETRY_DELAY_MS = 15_000;

/** The one filter that covers every listener's. */
function mergedFilter(listeners: Iterable<LiveListener>): LiveFilter {
  const filters = [...listeners].map((listener) => listener.filter);
  const common = (key: 'teamId' | 'memberId') => {
    const values = new Set(filters.map((filter) => filter[key]));
    const [only] = values;
    return values.size === 1 ? only : undefined;
  };
  const filter: LiveFilter = { types: [...new Set(filters.flatMap((f) => f.types))].sort() };
  const teamId = common('teamId');
  const memberId = common('memberId');
  if (teamId) filter.teamId = teamId;
  if (memberId) filter.memberId = memberId;
  return filter;
}

/** A refusal (the server has no stream, rejects the operation or the token) ends live updates; a network failure does not. */
function refused(error: unknown): boolean {
  if (!(error instanceof NetworkError)) return true;
  const status = error.response?.status;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

class EventStream {
  private readonly listeners = new Set<LiveListener>();
  private readonly client: Client;
  private current: LiveState = 'connecting';
  private failures = 0;
  private subscribed?: { key: string; dispose: () => void };
  private pending?: ReturnType<typeof setTimeout>;

  constructor(
    connection: Connection,
    private readonly onEmpty: () => void,
  ) {
    this.client = createClient({
      url: `${connection.endpoint.replace(/\/$/, '')}/stream`,
      headers: async (): Promise<Record<string, string>> => {
        const token = connection.tokenProvider ? await connection.tokenProvider() : connection.token;
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      // Reconnection is ours: graphql-sse would give up after five tries and say nothing in between.
      retryAttempts: 0,
    });
  }

  add(listener: LiveListener): void {
    this.listeners.add(listener);
    listener.state(this.current, false);
    this.resubscribeSoon(0);
  }

  remove(listener: LiveListener): void {
    this.listeners.delete(listener);
    if (this.listeners.size > 0) {
      this.resubscribeSoon(0);
      return;
    }
    clearTimeout(this.pending);
    this.subscribed?.dispose();
    this.client.dispose();
    this.onEmpty();
  }

  /** Widgets that connect in the same task share one subscription: it starts after them. */
  private resubscribeSoon(delay: number): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.subscribe(), delay);
  }

  private subscribe(): void {
    if (this.current === 'unavailable' || this.listeners.size === 0) return;
    const filter = mergedFilter(this.listeners);
    const key = JSON.stringify(filter);
    if (this.subscribed?.key === key) return;
    this.subscribed?.dispose();
    // Callbacks of a replaced subscription (disposing one completes it) are ignored.
    const subscription = { key, dispose: () => {} };
    const mine = () => this.subscribed === subscription;
    subscription.dispose = this.client.subscribe<{ events: LiveEvent }>(
      { query: liveEventsSubscription, variables: { filter } },
      {
        next: (result: ExecutionResult<{ events: LiveEvent }>) => {
          if (!mine()) return;
          if (result.data?.events) this.deliver(result.data.events);
          else this.failed(new Error('the stream answered with errors'));
        },
        error: (error) => mine() && this.failed(error),
        complete: () => mine() && this.failed(new NetworkError('the stream ended')),
      },
      { connected: () => mine() && this.connected() },
    );
    this.subscribed = subscription;
  }

  private deliver(event: LiveEvent): void {
    for (const listener of this.listeners) if (listener.filter.types.includes(event.type)) listener.event(event);
  }

  private connected(): void {
    const resumed = this.failures > 0;
    this.failures = 0;
    this.setState('live', resumed);
  }

  private failed(error: unknown): void {
    this.subscribed = undefined;
    if (refused(error)) {
      this.setState('unavailable', false);
      return;
    }
    this.failures += 1;
    this.setState(this.failures === 1 ? 'reconnecting' : 'lost', false);
    // Quickly once, then backing off, with jitter so that a restarted server is not met by every page at once.
    const delay = Math.min(500 * 2 ** (this.failures - 1), MAX_RETRY_DELAY_MS) + Math.random() * 500;
    this.resubscribeSoon(delay);
  }

  private setState(state: LiveState, resumed: boolean): void {
    if (state === this.current && !resumed) return;
    this.current = state;
    for (const listener of this.listeners) listener.state(state, resumed);
  }
}

const streams = new Map<string, EventStream>();

/** Starts hearing the listener's events; the returned function stops. */
export function watchEvents(connection: Connection, listener: LiveListener): () => void {
  if (!streamable || listener.filter.types.length === 0) {
    listener.state('unavailable', false);
    return () => {};
  }
  const key = `${connection.endpoint}\n${connection.tokenProvider ? 'provider' : (connection.token ?? '')}`;
  let stream = streams.get(key);
  if (!stream) {
    stream = new EventStream(connection, () => streams.delete(key));
    streams.set(key, stream);
  }
  const joined = stream;
  joined.add(listener);
  return () => joined.remove(listener);
}

/** Events that change attainment: wins, the milestones they cross, quotas. */
export const ATTAINMENT_EVENTS = ['DEAL_WON', 'MILESTONE_REACHED', 'QUOTA_CHANGED', 'ALLOCATION_APPLIED'] as const;
/** Events that change the pipeline. */
export const PIPELINE_EVENTS = ['DEAL_CREATED', 'DEAL_MOVED', 'DEAL_WON', 'DEAL_LOST'] as const;

/** A widget's filter: its member if it shows one, else its team; null when it shows neither. */
export function scopedFilter(types: readonly string[], scope: { teamId?: string; memberId?: string }): LiveFilter | null {
  if (scope.memberId) return { types, memberId: scope.memberId };
  if (scope.teamId) return { types, teamId: scope.teamId };
  return null;
}
