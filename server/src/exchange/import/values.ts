import { badInput, DomainError } from '../../errors.js';
import { isDateInRange } from '../../graphql/scalars.js';
import { formatMoney, parseMoney } from '../../money.js';
import { unstorableText } from '../../text.js';
import { optionalText, requireDate } from '../../validate.js';
import type { FieldSpec } from '../kinds.js';

/** A field's value as the engine stores it: text, decimal text, ISO date, a Date, a boolean, or null (empty). */
export type FieldValue = string | boolean | Date | null;

/** A problem with one field of one row: the column, the rule it breaks and why. */
export interface FieldProblem {
  column: string | null;
  rule: string;
  message: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Text of a mapped value; JSON numbers and booleans read as text, anything else is not a scalar. */
function textOf(field: FieldSpec, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badInput(field.name, 'scalar', `must be a single value, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
}

function parseInstant(field: FieldSpec, text: string): Date {
  const date = new Date(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(date.getTime())) {
    throw badInput(field.name, 'DateTime', `"${text}" is not a time such as 2026-01-31T09:30:00Z`);
  }
  if (!isDateInRange(date.toISOString().slice(0, 10)))
    throw badInput(field.name, 'date-range', `"${text}" is outside the years 1900 to 2200`);
  return date;
}

function parseBoolean(field: FieldSpec, text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw badInput(field.name, 'boolean', `"${text}" is not true or false`);
}

function parseEnum(field: FieldSpec, text: string): string {
  const value = text.toUpperCase();
  if (!field.values?.includes(value)) throw badInput(field.name, 'enum', `"${text}" is not one of ${field.values?.join(', ')}`);
  return value;
}

function parseDecimal(field: FieldSpec, text: string): string {
  const normal = text.replace(',', '.');
  if (field.scale === 2) return formatMoney(parseMoney(normal, field.name));
  throw badInput(field.name, 'decimal', `"${text}" is not a decimal number`);
}

/** One scalar field from its mapped value; references and codes stay text (resolved later), history is parsed by deals. */
export function parseField(field: FieldSpec, value: unknown): FieldValue {
  if (field.type === 'history' || field.type === 'credits') return null;
  const text = textOf(field, value);
  if (text === null) {
    if (field.required) throw badInput(field.name, 'required', 'must not be empty');
    return null;
  }
  const unstorable = unstorableText(text);
  if (unstorable)
    throw new DomainError(unstorable.code, `${field.name}: ${unstorable.message}`, { ...unstorable.details, field: field.name });
  switch (field.type) {
    case 'text':
      return optionalText(text, field.name, field.max ?? 4000);
    case 'decimal':
      return parseDecimal(field, text);
    case 'date':
      return requireDate(text, field.name);
    case 'datetime':
      return parseInstant(field, text);
    case 'boolean':
      return parseBoolean(field, text);
    case 'enum':
      return parseEnum(field, text);
    case 'ref':
    case 'code':
      return optionalText(text, field.name, 200);
  }
}

/** A thrown rule violation as a row problem; anything else is a bug and is thrown on. */
export function problemOf(error: unknown, column: string | null): FieldProblem {
  if (!(error instanceof DomainError)) throw error;
  const message =
    error.details.field && error.message.startsWith(`${error.details.field}: `)
      ? error.message.slice(String(error.details.field).length + 2)
      : error.message;
  return { column: (error.details.field as string | undefined) ?? column, rule: String(error.details.rule ?? 'invalid'), message };
}
