import { badInput } from '../../errors.js';
import { type CsvRecord, CsvRecords, type Delimiter, detectDelimiter } from './csv-records.js';
import { MAX_ROW_CHARS } from './limits.js';
import type { ReadItem } from './types.js';
import { unguardFormula } from './write.js';

/** Rows are handed out in batches of one chunk's records. */
export interface RowReader {
  push(text: string): ReadItem[];
  end(): ReadItem[];
}

/** The header's column names: trimmed, the trailing empty ones (a trailing delimiter) dropped. */
function columnNames(record: CsvRecord): string[] {
  if (record.unterminated) throw badInput('file', 'header', 'the header row has a quote that is never closed');
  if (record.overflow) throw badInput('file', 'header', `the header row is longer than ${MAX_ROW_CHARS} characters`);
  const names = record.cells.map((cell) => cell.trim());
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0) throw badInput('file', 'header', 'the header row is empty');
  const empty = names.indexOf('');
  if (empty >= 0) throw badInput('file', 'header', `column ${empty + 1} of the header row has no name`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw badInput('file', 'duplicate-column', `the header row names the column "${name}" twice`);
    seen.add(name);
  }
  return names;
}

/** A line with nothing in it (`` or `;;;` as Excel writes below a table): skipped, though it counts as a row. */
function isBlank(record: CsvRecord): boolean {
  return !record.quoted && !record.overflow && !record.unterminated && record.cells.every((cell) => cell === '');
}

/**
 * Reads CSV text as rows: the first non-blank record is the header (row 1 when the file starts with it),
 * each later one a row keyed by the header's names. Missing cells are ""; extra cells are tolerated when
 * empty (a trailing delimiter); the formula guard of our export (`'=`) is taken off again.
 */
export class CsvReader implements RowReader {
  private records: CsvRecords | undefined;
  /** The text held until the first line is complete, to detect the delimiter. */
  private start = '';
  private header: string[] | undefined;
  private row = 0;
  private items: ReadItem[] = [];
  private readonly take = (record: CsvRecord) => this.record(record);

  constructor(delimiter?: Delimiter) {
    if (delimiter) this.records = new CsvRecords(delimiter, MAX_ROW_CHARS);
  }

  push(text: string): ReadItem[] {
    if (this.records) this.records.push(text, this.take);
    else this.detect(text, false);
    return this.batch();
  }

  end(): ReadItem[] {
    if (!this.records) this.detect('', true);
    this.records!.end(this.take);
    if (!this.header) throw badInput('file', 'header', 'the file is empty: it needs a header row naming the columns');
    return this.batch();
  }

  private detect(text: string, atEnd: boolean): void {
    this.start += text;
    if (!atEnd && this.start.length > MAX_ROW_CHARS) {
      throw badInput('file', 'header', `the header row is longer than ${MAX_ROW_CHARS} characters`);
    }
    const delimiter = detectDelimiter(this.start, atEnd);
    if (!delimiter) return;
    this.records = new CsvRecords(delimiter, MAX_ROW_CHARS);
    this.records.push(this.start, this.take);
    this.start = '';
  }

  private batch(): ReadItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  private record(record: CsvRecord): void {
    this.row += 1;
    if (isBlank(record)) return;
    if (!this.header) this.header = columnNames(record);
    else this.items.push(this.item(record, this.header));
  }

  private item(record: CsvRecord, header: string[]): ReadItem {
    const row = this.row;
    if (record.unterminated) {
      return { unreadable: { row, rule: 'unterminated-quote', message: 'a quoted field is not closed before the end of the file' } };
    }
    if (record.overflow) {
      return { unreadable: { row, rule: 'row-too-long', message: `the row is longer than ${MAX_ROW_CHARS} characters` } };
    }
    const { cells } = record;
    if (cells.length > header.length && cells.some((cell, i) => i >= header.length && cell !== '')) {
      const message = `the row has ${cells.length} cells, the header ${header.length} columns`;
      return { unreadable: { row, rule: 'extra-cells', message } };
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < header.length; i += 1) {
      const name = header[i];
      const cell = i < cells.length ? unguardFormula(cells[i]) : '';
      // Assigning "__proto__" would set the prototype: define it as the plain key it is in the file.
      if (name === '__proto__') Object.defineProperty(values, name, { value: cell, enumerable: true, writable: true, configurable: true });
      else values[name] = cell;
    }
    return { row: { row, values } };
  }
}
