import type { Database } from '../../db/database.js';
import type { MikroORM } from '../../db/orm.js';
import type { RouteHandler } from '../../http/server.js';
import { LiveEventBus } from './bus.js';
import { listenForEvents } from './listener.js';
import { liveEventsEndpoint, type LiveEndpointOptions } from './stream-endpoint.js';

export { LiveEventResolver } from './live-events.resolver.js';

/** Live events of one server process: its LISTEN, its subscriptions and the endpoint that streams them. */
export interface LiveEvents {
  /** The /graphql/stream route. */
  handler: RouteHandler;
  /** Interrupts every stream (clients reconnect, to another process if this one is going) and stops listening. */
  close(): Promise<void>;
}

export async function startLiveEvents(
  options: Omit<LiveEndpointOptions, 'bus'> & { orm: MikroORM; database: Pick<Database, 'url' | 'listen'> },
): Promise<LiveEvents> {
  const bus = new LiveEventBus();
  const listener = await listenForEvents({ orm: options.orm, database: options.database, bus, log: options.log });
  return {
    handler: liveEventsEndpoint({ ...options, bus }),
    async close() {
      bus.close();
      await listener.stop();
    },
  };
}
