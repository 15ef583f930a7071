import { KIND_SPECS, type RecordKind } from '../kinds.js';
import { GENERIC } from './presets/generic.js';
import type { Mapping } from './types.js';

/** A problem with a row's values (or, for `missing-column`, with the file's header). */
export interface MappingProblem {
  /** The source column it concerns, as the file names it. */
  column: string | null;
  rule: string;
  message: string;
}

/**
 * How a column name is compared: case, spaces, underscores, hyphens, ё/е and a byte order mark do not
 * matter, so "expected_close_date", "Expected Close Date" and "expectedCloseDate" are one column, and so
 * are "Рабочий e-mail" and "Рабочий email".
 */
export function columnKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s_-]+/g, '');
}

/** The file's own column names by their comparison key. */
export function headerIndex(header: Iterable<string>): Map<string, string> {
  const index = new Map<string, string>();
  for (const name of header) if (!index.has(columnKey(name))) index.set(columnKey(name), name);
  return index;
}

/** The mapping in force: the given one, or the generic layout of the kind. */
export function mappingFor(mapping: Mapping | undefined, kind: RecordKind): Mapping {
  return mapping ?? GENERIC[kind];
}

/** The source columns a field may be read from, in the order they are tried. */
export function sourceColumns(mapping: Mapping, field: string): string[] {
  const columns = mapping.columns[field];
  const listed = columns === undefined ? [] : typeof columns === 'string' ? [columns] : columns;
  return [...listed, ...(mapping.join?.[field] ?? [])];
}

/**
 * The header's problems, found before any row is read: a file that has none of the columns its kind
 * requires (a required field with a default needs none) is the wrong file, kind or mapping, so each
 * missing one is named. A file that has some of them is read, and a row without a required value is
 * the engine's `required` problem.
 */
export function checkColumns(mapping: Mapping | undefined, kind: RecordKind, header: string[]): MappingProblem[] {
  const inForce = mappingFor(mapping, kind);
  const index = headerIndex(header);
  const required = KIND_SPECS[kind].fields.filter((f) => f.required && inForce.defaults?.[f.name] === undefined);
  const present = (field: string) => sourceColumns(inForce, field).some((column) => index.has(columnKey(column)));
  if (required.length === 0 || required.some((f) => present(f.name))) return [];
  return required.map((f) => {
    const column = sourceColumns(inForce, f.name)[0] ?? f.name;
    return { column, rule: 'missing-column', message: `the file has no column "${column}" (${kind}.${f.name} is required)` };
  });
}
