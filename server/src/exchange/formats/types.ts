/** The file formats records come in and go out in. */
export enum FileFormat {
  CSV = 'CSV',
  JSON = 'JSON',
  NDJSON = 'NDJSON',
}

/** How the bytes of a CSV file are read: AUTO takes UTF-8 (with or without BOM) and falls back to Windows-1251. */
export enum TextEncoding {
  AUTO = 'AUTO',
  UTF8 = 'UTF8',
  WINDOWS1251 = 'WINDOWS1251',
}

/**
 * One record as read from a file. CSV: the header's names → the cells as text (an empty cell is "");
 * JSON / NDJSON: the object as parsed. `row` is what a user sees: the CSV row number counting the header
 * as row 1 (a quoted line break does not start a new row), the line of an NDJSON file, the 1-based index
 * of an element of a JSON array.
 */
export interface SourceRow {
  row: number;
  values: Record<string, unknown>;
}

/** A row that could not be read at all (a malformed NDJSON line, a CSV row with more cells than the header). */
export interface UnreadableRow {
  row: number;
  rule: string;
  message: string;
}

export type ReadItem = { row: SourceRow } | { unreadable: UnreadableRow };
