import { badInput } from '../../errors.js';
import type { RowReader } from './csv.js';
import { jsonItem, tooLong } from './json-values.js';
import { MAX_ROW_CHARS } from './limits.js';
import type { ReadItem } from './types.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

enum Place {
  /** Before the `[` that opens the array. */
  BEFORE,
  /** Inside the array: reading an element (or the white space before it). */
  INSIDE,
  /** After the `]` that closes it: only white space may follow. */
  AFTER,
}

function isWhiteSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Reads a JSON file holding one array of objects without holding the file: a small tokenizer follows
 * strings, escapes and nesting to cut the array into the texts of its elements, and each element is
 * parsed on its own. The row of an element is its 1-based index.
 */
export class JsonArrayReader implements RowReader {
  private place = Place.BEFORE;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The element's text read in earlier chunks. */
  private partial = '';
  private chars = 0;
  private overflow = false;
  private index = 0;
  /** Whether the element being read follows a comma (an empty one is then an error, not an empty array). */
  private afterComma = false;
  private trailingReported = false;

  push(text: string): ReadItem[] {
    const items: ReadItem[] = [];
    let i = 0;
    if (this.place === Place.BEFORE) i = this.open(text);
    if (this.place === Place.INSIDE) i = this.elements(text, i, items);
    if (this.place === Place.AFTER) this.trailing(text, i, items);
    return items;
  }

  end(): ReadItem[] {
    if (this.place === Place.BEFORE) throw badInput('file', 'json-shape', 'the file holds no JSON array');
    if (this.place === Place.AFTER) return [];
    const message = 'the file ends before the array is closed with `]`: is it cut short?';
    return [{ unreadable: { row: this.index + 1, rule: 'malformed-json', message } }];
  }

  /** Skips to the `[`; returns where the elements start. */
  private open(text: string): number {
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 0x5b) {
        this.place = Place.INSIDE;
        return i + 1;
      }
      if (!isWhiteSpace(c) && c !== 0xfeff) {
        throw badInput('file', 'json-shape', `the file starts with \`${text[i]}\`, not \`[\`: a JSON import is an array of objects`);
      }
    }
    return text.length;
  }

  /** Cuts elements out of the text from `from`; returns where the array closed (or the text's end). */
  private elements(text: string, from: number, items: ReadItem[]): number {
    let start = from;
    for (let i = from; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth += 1;
      else if ((c === 0x7d || c === 0x5d) && this.depth > 0) this.depth -= 1;
      else if (c === COMMA && this.depth === 0) {
        this.append(text, start, i);
        this.finishElement(items, true);
        start = i + 1;
      } else if (c === 0x5d) {
        this.append(text, start, i);
        this.finishElement(items, false);
        this.place = Place.AFTER;
        return i + 1;
      }
    }
    this.append(text, start, text.length);
    return text.length;
  }

  private append(text: string, from: number, to: number): void {
    if (to <= from || this.overflow) return;
    this.chars += to - from;
    if (this.chars > MAX_ROW_CHARS) {
      this.overflow = true;
      this.partial = '';
    } else this.partial += text.slice(from, to);
  }

  /** Ends an element at a comma (`atComma`) or at the closing `]`. */
  private finishElement(items: ReadItem[], atComma: boolean): void {
    const text = this.overflow ? '' : this.partial.trim();
    const empty = !this.overflow && text === '';
    if (!(empty && !atComma && !this.afterComma && this.index === 0)) {
      this.index += 1;
      if (this.overflow) items.push(tooLong(this.index, 'element'));
      else if (empty) items.push({ unreadable: { row: this.index, rule: 'malformed-json', message: 'an empty element (a stray comma)' } });
      else items.push(jsonItem(this.index, text));
    }
    this.partial = '';
    this.chars = 0;
    this.overflow = false;
    this.afterComma = atComma;
  }

  /** Anything but white space after the array is reported once, as a row after the last element. */
  private trailing(text: string, from: number, items: ReadItem[]): void {
    if (this.trailingReported) return;
    for (let i = from; i < text.length; i += 1) {
      if (!isWhiteSpace(text.charCodeAt(i))) {
        this.trailingReported = true;
        const message = 'text follows the `]` that closes the array';
        items.push({ unreadable: { row: this.index + 1, rule: 'malformed-json', message } });
        return;
      }
    }
  }
}
