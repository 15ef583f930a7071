import { CSV_BOM, csvLine, ndjsonLine } from '../formats/write.js';
import { KIND_SPECS, type RecordKind } from '../kinds.js';
import type { ExportRecord, ExportValue } from './records.js';

export type ExportFormat = 'csv' | 'ndjson';

/**
 * A value in a CSV cell; lists joined by `|`: a deal's stage history as `CODE@time` oldest first, its credit
 * split as `member=percent` (`member=+percent` for an overlay share).
 */
function cellOf(value: ExportValue): string | null {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return value
    .map((item) => ('stage' in item ? `${item.stage}@${item.changedAt}` : `${item.member}=${item.overlay ? '+' : ''}${item.percent}`))
    .join('|');
}

/** What a file of the format starts with: CSV a BOM (so Excel reads UTF-8) and the header row of field names. */
export function fileStart(kind: RecordKind, format: ExportFormat): string {
  if (format === 'ndjson') return '';
  return CSV_BOM + csvLine(KIND_SPECS[kind].fields.map((field) => field.name));
}

/** One record as a line of the format. */
export function recordLine(record: ExportRecord, format: ExportFormat): string {
  return format === 'ndjson' ? ndjsonLine(record) : csvLine(Object.values(record).map(cellOf));
}
