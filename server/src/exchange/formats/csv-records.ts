/** One record of a CSV file as the tokenizer splits it. */
export interface CsvRecord {
  cells: string[];
  /** A field of it was quoted: `""` is a record with one empty cell, not a blank line. */
  quoted: boolean;
  /** Longer than the limit: its cells were dropped while it was read. */
  overflow: boolean;
  /** The file ended inside a quoted field. */
  unterminated: boolean;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Where the tokenizer is: the state a chunk's end leaves for the next chunk. */
enum Mode {
  FIELD_START,
  UNQUOTED,
  QUOTED,
  /** After a quote inside a quoted field: a second quote is an escaped one, anything else ends the quotes. */
  QUOTE_IN_QUOTED,
  /** After a CR that ended a record: a LF right after belongs to it. */
  AFTER_CR,
}

/**
 * Splits CSV text into records as RFC 4180 and Excel write them, chunk by chunk, keeping only the record
 * being read: quoted fields with doubled quotes and line breaks, CRLF / LF / CR line ends. Text after a
 * closing quote is kept (`"ab"c` → abc) and a quote inside an unquoted field is text, as Excel reads them.
 */
export class CsvRecords {
  private mode = Mode.FIELD_START;
  private cells: string[] = [];
  private field = '';
  private quoted = false;
  private chars = 0;
  private overflow = false;
  private readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly maxChars: number,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads a chunk of text; `emit` gets each record it completes. */
  push(text: string, emit: (record: CsvRecord) => void): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      switch (this.mode) {
        case Mode.FIELD_START:
          if (text.charCodeAt(i) === QUOTE) {
            this.mode = Mode.QUOTED;
            this.quoted = true;
            i += 1;
          } else this.mode = Mode.UNQUOTED;
          break;
        case Mode.UNQUOTED:
          i = this.unquoted(text, i, emit);
          break;
        case Mode.QUOTED: {
          const quote = text.indexOf('"', i);
          const to = quote < 0 ? n : quote;
          this.append(text, i, to);
          if (quote >= 0) this.mode = Mode.QUOTE_IN_QUOTED;
          i = to + 1;
          break;
        }
        case Mode.QUOTE_IN_QUOTED:
          if (text.charCodeAt(i) === QUOTE) {
            this.append('"', 0, 1);
            this.mode = Mode.QUOTED;
            i += 1;
          } else this.mode = Mode.UNQUOTED;
          break;
        case Mode.AFTER_CR:
          if (text.charCodeAt(i) === LF) i += 1;
          this.mode = Mode.FIELD_START;
          break;
      }
    }
  }

  /** Ends the file: the record being read, if any, is emitted. */
  end(emit: (record: CsvRecord) => void): void {
    if (this.mode === Mode.AFTER_CR || (this.mode === Mode.FIELD_START && this.cells.length === 0 && !this.overflow)) return;
    const unterminated = this.mode === Mode.QUOTED;
    this.endField();
    this.endRecord(emit, unterminated);
  }

  /** Reads an unquoted field (or the rest of a quoted one) up to a delimiter or line end; returns where it stopped. */
  private unquoted(text: string, from: number, emit: (record: CsvRecord) => void): number {
    const n = text.length;
    const delimiter = this.delimiter;
    let i = from;
    let c = 0;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c === delimiter || c === LF || c === CR) break;
      i += 1;
    }
    this.append(text, from, i);
    if (i === n) return n;
    this.endField();
    if (c === delimiter) this.mode = Mode.FIELD_START;
    else {
      this.endRecord(emit, false);
      this.mode = c === CR ? Mode.AFTER_CR : Mode.FIELD_START;
    }
    return i + 1;
  }

  private append(text: string, from: number, to: number): void {
    if (to <= from || this.overflow) return;
    this.chars += to - from;
    if (this.chars > this.maxChars) {
      this.overflow = true;
      this.cells = [];
      this.field = '';
    } else this.field += from === 0 && to === text.length ? text : text.slice(from, to);
  }

  private endField(): void {
    if (!this.overflow) this.cells.push(this.field);
    this.field = '';
  }

  private endRecord(emit: (record: CsvRecord) => void, unterminated: boolean): void {
    emit({ cells: this.cells, quoted: this.quoted, overflow: this.overflow, unterminated });
    this.cells = [];
    this.quoted = false;
    this.chars = 0;
    this.overflow = false;
  }
}

/** Counts of the candidate delimiters in a header line, outside quotes. */
const CANDIDATES = [',', ';', '\t'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

/**
 * The delimiter of a file, from its first non-blank line: the candidate that occurs most outside quotes (a comma
 * when none does or on a tie). Undefined while `text` holds no complete first line and more may follow.
 */
export function detectDelimiter(text: string, atEnd: boolean): Delimiter | undefined {
  const counts = [0, 0, 0];
  let inQuotes = false;
  let i = text.search(/[^\r\n]/);
  if (i < 0) i = text.length;
  for (; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes) {
      const k = CANDIDATES.indexOf(c as Delimiter);
      if (k >= 0) counts[k] += 1;
    }
  }
  if (i === text.length && !atEnd) return undefined;
  const best = counts.indexOf(Math.max(...counts));
  return counts[best] === 0 ? ',' : CANDIDATES[best];
}
