import pg from 'pg';
import type { Logger } from '../../logger.js';

/** A dedicated connection that LISTENs on one channel of a PostgreSQL server, reconnecting when it is lost. */
export interface ListeningConnection {
  stop(): Promise<void>;
}

export interface ListenOptions {
  url: string;
  channel: string;
  onPayload(payload: string): void;
  /** Called each time LISTEN is in place again: notifications sent while it was away are lost. */
  onListening(): void;
  log: Logger;
  /** First wait after a lost connection; it doubles up to MAX_BACKOFF_MS. */
  backoffMs?: number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Opens the connection and waits for the first attempt: when it fails the server starts anyway and the
 * connection is retried in the background, like any later loss.
 */
export async function listenOnServer(options: ListenOptions): Promise<ListeningConnection> {
  const { log, channel } = options;
  const firstBackoff = options.backoffMs ?? 500;
  let current: pg.Client | null = null;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const lost = (client: pg.Client, error?: unknown) => {
    if (client !== current) return;
    current = null;
    client.end().catch(() => {});
    if (stopped) return;
    const wait = Math.min(MAX_BACKOFF_MS, firstBackoff * 2 ** failures) * (0.75 + Math.random() / 2);
    failures += 1;
    log.warn({ err: error, retryInMs: Math.round(wait) }, 'live events: lost the LISTEN connection, reconnecting');
    retry = setTimeout(() => void connect(), wait);
    retry.unref();
  };

  const connect = async () => {
    const client = new pg.Client({ connectionString: options.url, application_name: 'sales-graph live events' });
    current = client;
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) options.onPayload(message.payload);
    });
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      return lost(client, error);
    }
    if (failures > 0) log.info('live events: listening again');
    failures = 0;
    options.onListening();
  };

  await connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const client = current;
      current = null;
      await client?.end().catch(() => {});
    },
  };
}
