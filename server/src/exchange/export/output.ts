import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

const CHUNK = 64 * 1024;

/**
 * Writes an answer in chunks of about 64 KB and waits for 'drain' when the client reads slower than the
 * export produces, so a large export holds one chunk in memory, not the file. Once the client has gone
 * (`closed` aborted), every write throws: the export stops paging.
 */
export class ChunkedOutput {
  private pending = '';

  constructor(
    private readonly response: ServerResponse,
    private readonly closed: AbortSignal,
  ) {}

  async write(text: string): Promise<void> {
    this.pending += text;
    if (this.pending.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    this.closed.throwIfAborted();
    const chunk = this.pending;
    this.pending = '';
    if (chunk && !this.response.write(chunk)) await once(this.response, 'drain', { signal: this.closed });
  }
}
