import { type FieldSpec, KIND_SPECS, type RecordKind } from '../kinds.js';
import { checkColumns, columnKey, headerIndex, type MappingProblem, mappingFor, sourceColumns } from './columns.js';
import type { Mapping } from './types.js';
import {
  isOrganisationCurrency,
  type Normalised,
  normaliseBoolean,
  normaliseDate,
  normaliseDateTime,
  normaliseDecimal,
  valueKey,
} from './values.js';

export { checkColumns, type MappingProblem };

/** One source row in our terms: canonical field names and value shapes, and what was wrong with it. */
export interface MappedRow {
  /** Only the fields the source has a column for (or a default): an absent field is not the same as an empty one. */
  fields: Record<string, unknown>;
  problems: MappingProblem[];
}

/** A value as read, with the column it came from. */
interface Read {
  column: string;
  value: unknown;
}

/**
 * Reads a field: the first of its `columns` with a value, else its `join` columns joined with a space.
 * Undefined when the row has none of the columns; an empty `value` ("") when it has them, all empty.
 */
function readField(mapping: Mapping, field: string, values: Record<string, unknown>, index: Map<string, string>): Read | undefined {
  const present = (column: string) => index.get(columnKey(column));
  const columns = mapping.columns[field];
  let found: Read | undefined;
  for (const column of columns === undefined ? [] : typeof columns === 'string' ? [columns] : columns) {
    const own = present(column);
    if (own === undefined) continue;
    const value = values[own];
    if (!isEmpty(value)) return { column: own, value };
    found ??= { column: own, value: '' };
  }
  const parts = (mapping.join?.[field] ?? []).map(present).filter((own): own is string => own !== undefined);
  if (parts.length === 0) return found;
  const joined = parts
    .map((own) => values[own])
    .filter((value) => !isEmpty(value))
    .map((value) => String(value).trim())
    .join(' ');
  return { column: parts[0], value: joined };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Whether a value is already ours, so that it needs no translation: an enum value, a code, a boolean. */
function isCanonical(spec: FieldSpec, value: string): boolean {
  if (spec.type === 'enum') return spec.values?.includes(value.toUpperCase()) ?? false;
  if (spec.type === 'code') return /^[A-Z][A-Z0-9_-]*$/.test(value);
  if (spec.type === 'boolean') return value === 'true' || value === 'false';
  return true;
}

/** The value translated by the field's values map, or a problem listing what the map knows. */
function translate(
  spec: FieldSpec,
  map: Record<string, string>,
  column: string,
  text: string,
): Normalised | { rule: 'unmapped-value'; message: string } {
  const wanted = valueKey(text);
  const hit = Object.entries(map).find(([source]) => valueKey(source) === wanted);
  if (hit) return { value: hit[1] };
  if (isCanonical(spec, spec.type === 'boolean' ? normaliseBoolean(text) : text)) return { value: text };
  const known = Object.keys(map);
  const listed =
    known
      .slice(0, 10)
      .map((source) => `"${source}"`)
      .join(', ') + (known.length > 10 ? ', …' : '');
  return { rule: 'unmapped-value', message: `"${text}" in column "${column}" is not one of the values the mapping knows: ${listed}` };
}

/** A text value in the shape its field type wants. */
function shape(spec: FieldSpec, mapping: Mapping, text: string): Normalised {
  const russian = mapping.dateFormat === 'DD.MM.YYYY';
  switch (spec.type) {
    case 'date':
      return normaliseDate(text, russian);
    case 'datetime':
      return normaliseDateTime(text, russian);
    case 'decimal':
      return normaliseDecimal(text, mapping.decimalComma ?? false);
    case 'boolean':
      return { value: normaliseBoolean(text) };
    case 'enum':
      return { value: text.toUpperCase() };
    default:
      return { value: text };
  }
}

/**
 * One field of a row in our terms. JSON numbers, booleans, arrays and objects pass as they are (a JSON
 * `stageHistory` is an array; the CSV `CODE@time|…` text is left for the engine to parse); text is
 * trimmed, "" becomes null (then the default, if any), is translated by the values map and shaped.
 */
function mapField(spec: FieldSpec, mapping: Mapping, read: Read | undefined, problems: MappingProblem[]): unknown {
  const fallback = mapping.defaults?.[spec.name];
  if (read === undefined) return fallback;
  if (typeof read.value !== 'string') return read.value ?? fallback ?? null;
  const text = read.value.trim();
  if (text === '') return fallback ?? null;
  const map = mapping.values?.[spec.name];
  const translated = map ? translate(spec, map, read.column, text) : { value: text };
  const shaped = 'value' in translated ? shape(spec, mapping, translated.value) : translated;
  if ('value' in shaped) return shaped.value;
  problems.push({ column: read.column, rule: shaped.rule, message: shaped.message });
  return null;
}

/** The row's currency column, when the mapping names one, must hold the organisation currency. */
function checkCurrency(mapping: Mapping, values: Record<string, unknown>, index: Map<string, string>): MappingProblem[] {
  const column = mapping.currencyColumn && index.get(columnKey(mapping.currencyColumn));
  if (!column) return [];
  const currency = String(values[column] ?? '').trim();
  if (isOrganisationCurrency(currency)) return [];
  return [{ column, rule: 'currency', message: `the amounts are in ${currency}: amounts must be in the organisation currency` }];
}

/**
 * A source row (CSV: header → cell text; JSON: the object) as the fields of `kind` by their canonical
 * names (exchange/kinds.ts), through `mapping` or, without one, the generic layout. Columns no field
 * reads are ignored. The problems are the row's own; the engine adds its field checks.
 */
export function applyMapping(mapping: Mapping | undefined, kind: RecordKind, values: Record<string, unknown>): MappedRow {
  const inForce = mappingFor(mapping, kind);
  const index = headerIndex(Object.keys(values));
  const problems: MappingProblem[] = [...checkColumns(inForce, kind, Object.keys(values)), ...checkCurrency(inForce, values, index)];
  const fields: Record<string, unknown> = {};
  for (const spec of KIND_SPECS[kind].fields) {
    if (sourceColumns(inForce, spec.name).length === 0 && inForce.defaults?.[spec.name] === undefined) continue;
    const value = mapField(spec, inForce, readField(inForce, spec.name, values, index), problems);
    if (value !== undefined) fields[spec.name] = value;
  }
  return { fields, problems };
}
