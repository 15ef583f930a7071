import { MetricColumnKind } from './catalogue.js';
import type { MetricsResult } from './types.js';

/** Byte order mark: without it Excel reads UTF-8 as the local code page and garbles Russian text. */
const BOM = '\uFEFF';

/** RFC 4180: quote a field with a comma, quote or line break, doubling its quotes. */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A metrics result as CSV: BOM, a header row of column labels, CRLF line ends. Dimension cells show
 * their label; measures their value as the API gives it (a dot before decimals, no grouping, percents
 * as fractions), so that the file reads the same in every locale.
 */
export function metricsCsv(result: MetricsResult): string {
  const lines = [result.columns.map((column) => field(column.label))];
  for (const row of result.rows) {
    lines.push(
      row.cells.map((cell, i) => {
        if (result.columns[i].kind === MetricColumnKind.MEASURE) return cell.value ?? '';
        return field(safeText(cell.label ?? cell.value ?? ''));
      }),
    );
  }
  return BOM + lines.map((line) => line.join(',')).join('\r\n') + '\r\n';
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
