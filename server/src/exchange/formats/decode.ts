import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { badInput } from '../../errors.js';
import { SNIFF_BYTES } from './limits.js';
import { TextEncoding } from './types.js';
import { incompleteTail, invalidUtf8At } from './utf8.js';

/**
 * Bytes to text, chunk by chunk: a character cut by a chunk's end comes out with the next chunk, so that
 * the reader never holds more than a chunk of the file.
 */
export interface TextDecoding {
  decode(bytes: Uint8Array): string;
  /** What is left at the end of the file; refuses a character the end cuts off. */
  end(): string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function startsWithUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((byte, i) => bytes[i] === byte);
}

/**
 * The decoding of a file in `encoding`. AUTO: a BOM means UTF-8; otherwise the text is ASCII until the
 * first other byte, and the 64 KB from there decide: valid UTF-8 → UTF-8, else Windows-1251 (what Russian
 * Excel writes for "CSV (разделители — запятые)"). `hint` ends the message of an invalid UTF-8 file.
 */
export function textDecoding(encoding: TextEncoding, head: Uint8Array, hint: string): TextDecoding {
  if (encoding === TextEncoding.WINDOWS1251) return new Windows1251Decoding();
  if (encoding === TextEncoding.UTF8 || startsWithUtf8Bom(head)) return new Utf8Decoding(0, hint);
  return new AutoDecoding(hint);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Strict UTF-8 (a BOM is dropped): an invalid byte refuses the file, naming its offset. */
class Utf8Decoding implements TextDecoding {
  private readonly decoder: TextDecoder;
  /** The bytes of the last chunk that start a character the next chunk completes. */
  private tail = new Uint8Array(0);

  constructor(
    /** Offset in the file of the next byte to decode. */
    private offset: number,
    private readonly hint: string,
  ) {
    // A decoder that starts inside the file must keep U+FEFF: there it is text, not a byte order mark.
    this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: offset > 0 });
  }

  decode(bytes: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      const joined = concat([this.tail, bytes]);
      throw this.refusal(this.offset - this.tail.length + Math.max(0, invalidUtf8At(joined, false)));
    }
    const joined = bytes.length >= 3 ? bytes : concat([this.tail, bytes]);
    this.tail = joined.slice(joined.length - incompleteTail(joined));
    this.offset += bytes.length;
    return text;
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw this.refusal(this.offset - this.tail.length);
    }
  }

  private refusal(offset: number): Error {
    return badInput('file', 'encoding', `the file is not valid UTF-8 at byte ${offset}: ${this.hint}`);
  }
}

class Windows1251Decoding implements TextDecoding {
  private readonly decoder = new TextDecoder('windows-1251');

  decode(bytes: Uint8Array): string {
    return this.decoder.decode(bytes, { stream: true });
  }

  end(): string {
    return this.decoder.decode();
  }
}

const asciiDecoder = new TextDecoder('utf-8');

function firstNonAscii(bytes: Uint8Array): number {
  if (isAscii(bytes)) return -1;
  return bytes.findIndex((byte) => byte >= 0x80);
}

/** ASCII as is until the first other byte; the SNIFF_BYTES from there choose UTF-8 or Windows-1251. */
class AutoDecoding implements TextDecoding {
  private chosen: TextDecoding | undefined;
  /** The bytes from the first non-ASCII one on, held until they are enough to choose. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private offset = 0;

  constructor(private readonly hint: string) {}

  decode(bytes: Uint8Array): string {
    if (this.chosen) return this.chosen.decode(bytes);
    let ascii = '';
    if (this.pendingBytes === 0) {
      const first = firstNonAscii(bytes);
      if (first < 0) {
        this.offset += bytes.length;
        return asciiDecoder.decode(bytes);
      }
      ascii = asciiDecoder.decode(bytes.subarray(0, first));
      this.offset += first;
      bytes = bytes.subarray(first);
    }
    this.pending.push(bytes.slice());
    this.pendingBytes += bytes.length;
    return this.pendingBytes >= SNIFF_BYTES ? ascii + this.choose(false) : ascii;
  }

  end(): string {
    const rest = this.chosen || this.pendingBytes === 0 ? '' : this.choose(true);
    return rest + (this.chosen?.end() ?? '');
  }

  /** Chooses by the pending bytes and decodes them. */
  private choose(atEnd: boolean): string {
    const sample = concat(this.pending);
    this.pending = [];
    this.chosen = invalidUtf8At(sample, atEnd) < 0 ? new Utf8Decoding(this.offset, this.hint) : new Windows1251Decoding();
    return this.chosen.decode(sample);
  }
}
