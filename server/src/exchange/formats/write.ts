/** Byte order mark: without it Excel reads UTF-8 as the local code page and garbles Russian text. */
export const CSV_BOM = '\uFEFF';

const FORMULA = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * Text a spreadsheet would run as a formula (it starts with = + - @ tab or CR) gets an apostrophe in
 * front, and so does text that already starts with apostrophes before such a character, so that the
 * reader's `unguardFormula` gives back exactly what was written.
 */
export function guardFormula(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/** Takes off the apostrophe `guardFormula` put in front: `'=SUM(A1)` → `=SUM(A1)`; any other text is kept. */
export function unguardFormula(text: string): string {
  return text.charCodeAt(0) === 0x27 && GUARDED.test(text) ? text.slice(1) : text;
}

const NEEDS_QUOTES: Record<string, RegExp> = { ',': /[",\r\n]/, ';': /[";\r\n]/, '\t': /["\t\r\n]/ };

/** RFC 4180: a field holding the delimiter, a quote or a line break is quoted, its quotes doubled. */
export function csvField(text: string, delimiter: ',' | ';' | '\t' = ','): string {
  return NEEDS_QUOTES[delimiter].test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One CSV line with its CRLF: each cell formula-guarded and quoted as needed, null written as an empty
 * cell. A line of empty cells starts with `""` so that the reader does not take it for a blank line.
 */
export function csvLine(cells: readonly (string | null)[], delimiter: ',' | ';' | '\t' = ','): string {
  const fields = cells.map((cell) => (cell ? csvField(guardFormula(cell), delimiter) : ''));
  if (fields.length > 0 && fields.join('') === '') fields[0] = '""';
  return `${fields.join(delimiter)}\r\n`;
}

/** One NDJSON line: the record as JSON (which escapes every line break inside it) and a LF. */
export function ndjsonLine(record: object): string {
  return `${JSON.stringify(record)}\n`;
}
