import { CSV_BOM, csvField, guardFormula } from '../exchange/formats/write.js';
import { MetricColumnKind } from './catalogue.js';
import type { MetricsResult } from './types.js';

/**
 * A metrics result as CSV: BOM, a header row of column labels, CRLF line ends. Dimension cells show
 * their label; measures their value as the API gives it (a dot before decimals, no grouping, percents
 * as fractions), so that the file reads the same in every locale.
 */
export function metricsCsv(result: MetricsResult): string {
  const lines = [result.columns.map((column) => csvField(column.label))];
  for (const row of result.rows) {
    lines.push(
      row.cells.map((cell, i) => {
        if (result.columns[i].kind === MetricColumnKind.MEASURE) return cell.value ?? '';
        return csvField(guardFormula(cell.label ?? cell.value ?? ''));
      }),
    );
  }
  return `${CSV_BOM}${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}

/** A file name for Content-Disposition: an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachmentHeader(name: string): string {
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'metrics';
  return `attachment; filename="${ascii}.csv"; filename*=UTF-8''${encodeURIComponent(`${name}.csv`)}`;
}
