import type { PGlite } from '@electric-sql/pglite';

/** Listens on a channel of the embedded database; the returned function stops listening. */
export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;

/** Backend message type of a NOTIFY delivered to a listening session ('A'). */
const NOTIFICATION_RESPONSE = 0x41;
const HEADER_BYTES = 5;

/**
 * Picks NotificationResponse messages out of a backend message stream that arrives in chunks of any size:
 * other messages are skipped without being copied.
 */
class NotificationReader {
  private readonly header = new Uint8Array(HEADER_BYTES);
  private headerBytes = 0;
  private skip = 0;
  private body: Uint8Array | null = null;
  private bodyBytes = 0;

  constructor(private readonly onNotification: (channel: string, payload: string) => void) {}

  read(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.skip > 0) {
        const taken = Math.min(this.skip, chunk.length - at);
        this.skip -= taken;
        at += taken;
      } else if (this.body) {
        const taken = Math.min(this.body.length - this.bodyBytes, chunk.length - at);
        this.body.set(chunk.subarray(at, at + taken), this.bodyBytes);
        this.bodyBytes += taken;
        at += taken;
        if (this.bodyBytes === this.body.length) this.emit(this.body);
      } else {
        const taken = Math.min(HEADER_BYTES - this.headerBytes, chunk.length - at);
        this.header.set(chunk.subarray(at, at + taken), this.headerBytes);
        this.headerBytes += taken;
        at += taken;
        if (this.headerBytes === HEADER_BYTES) this.startMessage();
      }
    }
  }

  private startMessage(): void {
    this.headerBytes = 0;
    const length = new DataView(this.header.buffer).getInt32(1) - 4;
    if (this.header[0] === NOTIFICATION_RESPONSE) {
      this.body = new Uint8Array(length);
      this.bodyBytes = 0;
    } else {
      this.skip = length;
    }
  }

  /** Body: the notifying backend's pid (int32), then the channel and the payload as NUL-terminated strings. */
  private emit(body: Uint8Array): void {
    this.body = null;
    const [channel = '', payload = ''] = new TextDecoder().decode(body.subarray(4)).split('\0');
    this.onNotification(channel, payload);
  }
}

/**
 * LISTEN on the embedded database. PGlite calls its own listeners only for the statements it runs
 * itself: a NOTIFY committed through the socket server (every ORM connection) goes, as raw protocol, to
 * the socket whose transaction sent it, since all sockets share PGlite's one session. So the socket
 * server's stream is read as well, and each notification reaches the listeners of its channel whichever
 * way it was sent.
 */
export function listenThroughSockets(db: PGlite): Listen {
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const deliver = (channel: string, payload: string) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };
  const execProtocolRawStream = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = (message, options) => {
    const reader = new NotificationReader(deliver);
    return execProtocolRawStream(message, {
      ...options,
      onRawData: (data) => {
        reader.read(data);
        options?.onRawData(data);
      },
    });
  };
  return async (channel, onPayload) => {
    const ofChannel = listeners.get(channel) ?? new Set();
    listeners.set(channel, ofChannel.add(onPayload));
    // Runs LISTEN in the shared session, and delivers what PGlite's own statements notify.
    const unlisten = await db.listen(channel, onPayload);
    return async () => {
      ofChannel.delete(onPayload);
      await unlisten();
    };
  };
}
