import { badInput } from '../../errors.js';
import { kindNamed, type RecordKind } from '../kinds.js';
import type { ExportFormat } from './lines.js';

/** What `GET /export/records/<kind>.<format>?updatedSince=…&source=…` asks for. */
export interface ExportRequest {
  kind: RecordKind;
  format: ExportFormat;
  source: string;
  updatedSince: Date | null;
}

export const EXPORT_PATH = '/export/records/';

const FORMATS: readonly ExportFormat[] = ['csv', 'ndjson'];
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MAX_SOURCE = 60;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const CONTROL = /[\u0000-\u001f\u007f]/;

function formatOf(name: string): ExportFormat {
  const format = FORMATS.find((known) => known === name);
  if (!format) throw badInput('format', 'export-format', `"${name}" is not an export format: use .csv or .ndjson`);
  return format;
}

/** An instant with its zone, so that a cursor means the same everywhere; a bare date or local time is refused. */
function instantOf(text: string | null): Date | null {
  if (text === null || text === '') return null;
  const instant = new Date(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(instant.getTime()))
    throw badInput(
      'updatedSince',
      'export-updated-since',
      `"${text}" is not an ISO 8601 instant with a zone, such as 2026-01-31T09:30:00.000Z`,
    );
  return instant;
}

function sourceOf(text: string | null): string {
  if (text === null || text.trim() === '')
    throw badInput('source', 'export-source', 'give the system whose external ids name the records, e.g. source=warehouse');
  if (text.length > MAX_SOURCE || CONTROL.test(text))
    throw badInput('source', 'export-source', `a source is at most ${MAX_SOURCE} characters without control characters`);
  return text;
}

/** Reads the kind and format from the path and the options from the query; refuses anything malformed (BAD_USER_INPUT). */
export function parseExportRequest(url: URL): ExportRequest {
  const file = url.pathname.slice(EXPORT_PATH.length);
  const dot = file.lastIndexOf('.');
  const kindName = dot < 0 ? file : file.slice(0, dot);
  const kind = kindNamed(kindName);
  if (!kind || kindName.includes('/')) throw badInput('kind', 'export-kind', `"${kindName}" is not a record kind`);
  return {
    kind,
    format: formatOf(dot < 0 ? '' : file.slice(dot + 1)),
    source: sourceOf(url.searchParams.get('source')),
    updatedSince: instantOf(url.searchParams.get('updatedSince')),
  };
}
