import { GraphQLScalarType, Kind } from 'graphql';
import { DomainError, type RuleCode } from '../errors.js';

/**
 * A value a scalar refuses. A DomainError rather than a GraphQLError, so that graphql-js keeps the place
 * of the value on the error it wraps it in; graphql/input-field.ts names that place in `field`.
 */
function invalid(scalar: 'Decimal' | 'Date' | 'DateTime', value: unknown, expected: string, rule: RuleCode = scalar): DomainError {
  return new DomainError('BAD_USER_INPUT', `${scalar} cannot represent ${JSON.stringify(value)}: ${expected}`, { rule });
}

/**
 * The years a Date or DateTime may fall in. Anything outside is a typo or a probe (9999-12-31,
 * 0001-01-01) that date arithmetic and the database would only trip over later.
 */
export const DATE_YEARS = { first: 1900, last: 2200 } as const;
const DATE_RANGE_TEXT = `years ${DATE_YEARS.first} to ${DATE_YEARS.last} only`;

export function isDateInRange(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  return year >= DATE_YEARS.first && year <= DATE_YEARS.last;
}

const FIRST_INSTANT = Date.UTC(DATE_YEARS.first, 0, 1);
const AFTER_LAST_INSTANT = Date.UTC(DATE_YEARS.last + 1, 0, 1);

const DECIMAL = /^-?\d{1,18}(\.\d{1,12})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
    throw invalid('Decimal', value, 'expected a decimal string such as "1250000.50"');
  }
  return value.trim();
}

/** Exact decimal numbers (money, scores) travel as strings so that no client rounds them through floats. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, e.g. "1250000.50". Money amounts have at most two decimals and are in the organisation currency.',
  serialize: (value) => (typeof value === 'number' ? String(value) : String(value)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseDecimal(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw invalid('Decimal', ast.kind, 'expected a string literal');
  },
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  // setUTCFullYear, unlike Date.UTC, does not read the years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toISOString().startsWith(value);
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) throw invalid('Date', value, 'expected a calendar date YYYY-MM-DD');
  if (!isDateInRange(value)) throw invalid('Date', value, DATE_RANGE_TEXT, 'date-range');
  return value;
}

/** Calendar dates without a time zone (hire dates, close dates, period bounds). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in ISO 8601 form, YYYY-MM-DD, without a time zone.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('Date', ast.kind, 'expected a string literal');
    return parseDate(ast.value);
  },
});

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string)) {
    throw invalid('DateTime', value, 'expected an ISO 8601 timestamp such as 2026-01-31T09:30:00Z');
  }
  if (date.getTime() < FIRST_INSTANT || date.getTime() >= AFTER_LAST_INSTANT)
    throw invalid('DateTime', value, DATE_RANGE_TEXT, 'date-range');
  return date;
}

/** Instants, always serialised in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 form in UTC, e.g. 2026-01-31T09:30:00.000Z.',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid('DateTime', ast.kind, 'expected a string literal');
    return parseDateTime(ast.value);
  },
});
