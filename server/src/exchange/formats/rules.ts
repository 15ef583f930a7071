/** Rules of formats (reading and writing import / export files); part of ../rules.ts. */
export const FORMAT_RULES = {
  'file-size': 'The file is larger than the import limit (the message gives it).',
  archive: 'The file is a ZIP, gzip, 7z or RAR archive (an xlsx workbook is a ZIP): save it as CSV UTF-8 or export CSV.',
  binary: 'The file is not text (a PDF, an xls workbook, NUL bytes or mostly control characters).',
  encoding: 'The bytes are not text in the declared encoding (the message names the byte offset), or the file is UTF-16.',
  'format-mismatch': 'The file is not in the declared format (JSON given as CSV, CSV given as NDJSON…).',
  'json-shape': 'A JSON file is not a top-level array of objects.',
  header: 'The CSV header row is missing, has an empty column name or never ends.',
  'duplicate-column': 'The CSV header row names the same column twice.',
  'extra-cells': 'A CSV row has more non-empty cells than the header has columns.',
  'unterminated-quote': 'A quoted CSV field is not closed before the end of the file.',
  'malformed-json': "An NDJSON line or a JSON array element is not valid JSON (the message gives the parser's reason).",
  'not-object': 'An NDJSON line or a JSON array element is valid JSON but not an object.',
  'row-too-long': 'A CSV row, an NDJSON line or a JSON array element is longer than the limit of 1 Mi characters.',
} as const;
