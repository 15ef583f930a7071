import type { RowReader } from './csv.js';
import { jsonItem, tooLong } from './json-values.js';
import { MAX_ROW_CHARS } from './limits.js';
import type { ReadItem } from './types.js';

/**
 * Reads NDJSON text: one object per line (LF or CRLF), its line number as the row; blank lines are
 * skipped. A line over MAX_ROW_CHARS is reported and skipped without being held.
 */
export class NdjsonReader implements RowReader {
  /** The start of the line that the next chunk continues. */
  private partial = '';
  private overflow = false;
  private line = 0;

  push(text: string): ReadItem[] {
    const items: ReadItem[] = [];
    let from = 0;
    for (let eol = text.indexOf('\n'); eol >= 0; eol = text.indexOf('\n', from)) {
      this.take(text, from, eol);
      this.finishLine(items);
      from = eol + 1;
    }
    this.take(text, from, text.length);
    return items;
  }

  end(): ReadItem[] {
    const items: ReadItem[] = [];
    if (this.partial !== '' || this.overflow) this.finishLine(items);
    return items;
  }

  private take(text: string, from: number, to: number): void {
    if (this.overflow || to === from) return;
    if (this.partial.length + (to - from) > MAX_ROW_CHARS) {
      this.overflow = true;
      this.partial = '';
    } else this.partial += text.slice(from, to);
  }

  private finishLine(items: ReadItem[]): void {
    this.line += 1;
    if (this.overflow) items.push(tooLong(this.line, 'line'));
    else {
      const line = this.partial.trim();
      if (line !== '') items.push(jsonItem(this.line, line));
    }
    this.partial = '';
    this.overflow = false;
  }
}
