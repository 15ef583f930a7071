import { type DomainError, badInput } from '../../errors.js';
import { KIND_SPECS, kindNamed, type RecordKind } from '../kinds.js';
import { presetMapping } from './presets/index.js';
import type { Mapping } from './types.js';

/**
 * A mapping file a user writes: JSON of the Mapping shape (mappings/types.ts), checked strictly so that a
 * typo ("colums", "ammount") is an error rather than a column silently not read. `kind` may be left out
 * when the caller names it; `extends` starts from a preset, whose entries the file's replace (a field's
 * values map is merged with the preset's).
 */
interface MappingFile {
  name?: string;
  kind?: string;
  extends?: string;
  columns?: Record<string, string | string[]>;
  join?: Record<string, string[]>;
  values?: Record<string, Record<string, string>>;
  defaults?: Record<string, string>;
  dateFormat?: Mapping['dateFormat'];
  decimalComma?: boolean;
  currencyColumn?: string;
}

const KEYS = ['name', 'kind', 'extends', 'columns', 'join', 'values', 'defaults', 'dateFormat', 'decimalComma', 'currencyColumn'];

const invalid = (path: string, message: string): DomainError => badInput('mapping', 'mapping-file', `${path}: ${message}`);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) throw invalid(path, 'must be an object');
  return value;
}

function stringAt(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(path, 'must be a non-empty text');
  return value;
}

function stringsAt(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(path, 'must be a non-empty list of column names');
  return value.map((item, i) => stringAt(item, `${path}[${i}]`));
}

/** An object keyed by the kind's field names, each entry read by `read`. */
function byField<T>(value: unknown, path: string, kind: RecordKind, read: (entry: unknown, path: string) => T): Record<string, T> {
  const fields = KIND_SPECS[kind].fields.map((f) => f.name);
  const result: Record<string, T> = {};
  for (const [field, entry] of Object.entries(objectAt(value, path))) {
    if (!fields.includes(field)) throw invalid(`${path}.${field}`, `${kind} has no field "${field}"; its fields are ${fields.join(', ')}`);
    result[field] = read(entry, `${path}.${field}`);
  }
  return result;
}

const column = (entry: unknown, path: string): string | string[] => (Array.isArray(entry) ? stringsAt(entry, path) : stringAt(entry, path));

function translations(entry: unknown, path: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [source, ours] of Object.entries(objectAt(entry, path))) result[source] = stringAt(ours, `${path}.${source}`);
  return result;
}

/** The kind the file maps: its own `kind`, which must agree with the caller's when both are given. */
function kindOf(file: Record<string, unknown>, expected: RecordKind | undefined): RecordKind {
  if (file.kind === undefined) {
    if (expected) return expected;
    throw invalid('kind', 'the mapping names no record kind');
  }
  const named = kindNamed(stringAt(file.kind, 'kind'));
  if (!named) throw invalid('kind', `"${String(file.kind)}" is not a record kind`);
  if (expected && named !== expected) throw invalid('kind', `the mapping is for ${named}, not ${expected}`);
  return named;
}

/** The file's entries, each checked against its path; nothing else is allowed. */
function readFile(file: Record<string, unknown>, kind: RecordKind): MappingFile {
  const unknown = Object.keys(file).find((key) => !KEYS.includes(key));
  if (unknown !== undefined) throw invalid(unknown, `unknown entry; a mapping file has ${KEYS.join(', ')}`);
  const read: MappingFile = {};
  if (file.name !== undefined) read.name = stringAt(file.name, 'name');
  if (file.extends !== undefined) read.extends = stringAt(file.extends, 'extends');
  if (file.columns !== undefined) read.columns = byField(file.columns, 'columns', kind, column);
  if (file.join !== undefined) read.join = byField(file.join, 'join', kind, stringsAt);
  if (file.values !== undefined) read.values = byField(file.values, 'values', kind, translations);
  if (file.defaults !== undefined) read.defaults = byField(file.defaults, 'defaults', kind, stringAt);
  if (file.currencyColumn !== undefined) read.currencyColumn = stringAt(file.currencyColumn, 'currencyColumn');
  if (file.dateFormat !== undefined) {
    if (file.dateFormat !== 'ISO' && file.dateFormat !== 'DD.MM.YYYY') throw invalid('dateFormat', 'must be "ISO" or "DD.MM.YYYY"');
    read.dateFormat = file.dateFormat;
  }
  if (file.decimalComma !== undefined) {
    if (typeof file.decimalComma !== 'boolean') throw invalid('decimalComma', 'must be true or false');
    read.decimalComma = file.decimalComma;
  }
  if (read.extends === undefined && read.columns === undefined && read.join === undefined) {
    throw invalid('columns', 'the mapping reads no column: give columns (or extends a preset)');
  }
  return read;
}

/** The file laid over its base (the preset it extends, or nothing). */
function merge(base: Mapping | undefined, file: MappingFile, kind: RecordKind): Mapping {
  const values = { ...base?.values };
  for (const [field, map] of Object.entries(file.values ?? {})) values[field] = { ...values[field], ...map };
  const mapping: Mapping = {
    name: file.name ?? base?.name ?? 'mapping-file',
    kind,
    columns: { ...base?.columns, ...file.columns },
    values,
    defaults: { ...base?.defaults, ...file.defaults },
    join: { ...base?.join, ...file.join },
  };
  const dateFormat = file.dateFormat ?? base?.dateFormat;
  const decimalComma = file.decimalComma ?? base?.decimalComma;
  const currencyColumn = file.currencyColumn ?? base?.currencyColumn;
  if (dateFormat !== undefined) mapping.dateFormat = dateFormat;
  if (decimalComma !== undefined) mapping.decimalComma = decimalComma;
  if (currencyColumn !== undefined) mapping.currencyColumn = currencyColumn;
  return mapping;
}

/**
 * A mapping from a mapping file's text, for `kind` when the caller knows it. Errors are BAD_USER_INPUT
 * on field `mapping`, rule `mapping-file`, naming the path in the file (`columns.amount`); an unknown
 * preset in `extends` is rule `unknown-mapping`.
 */
export function parseMappingFile(text: string, kind?: RecordKind): Mapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalid('(file)', `not JSON: ${(error as Error).message}`);
  }
  const file = objectAt(parsed, '(file)');
  const mappedKind = kindOf(file, kind);
  const read = readFile(file, mappedKind);
  return merge(read.extends === undefined ? undefined : presetMapping(read.extends, mappedKind), read, mappedKind);
}
