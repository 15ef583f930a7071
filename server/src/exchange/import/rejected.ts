import { CSV_BOM, csvLine } from '../formats/write.js';
import type { ImportOutcome } from './types.js';

/**
 * The rejected rows of an import as a CSV a user can fix and import again: the columns they were read
 * with (in the order first seen), then the file, the row number and the errors, one per line of the cell.
 */
export function rejectedRowsCsv(outcome: ImportOutcome): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const rejected of outcome.rejectedRows) {
    for (const name of Object.keys(rejected.values)) {
      if (seen.has(name)) continue;
      seen.add(name);
      columns.push(name);
    }
  }
  const cell = (value: unknown): string | null =>
    value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
  const lines = [csvLine([...columns, 'file', 'row', 'errors'])];
  for (const rejected of outcome.rejectedRows) {
    const errors = rejected.errors.map((e) => `${e.column ?? '—'}: ${e.rule}: ${e.message}`).join('\n');
    lines.push(csvLine([...columns.map((name) => cell(rejected.values[name])), rejected.file, String(rejected.row), errors]));
  }
  return CSV_BOM + lines.join('');
}
