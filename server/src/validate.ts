import { badInput } from './errors.js';
import { DATE_YEARS, isDateInRange, isIsoDate } from './graphql/scalars.js';

/** Small checks shared by the services; each names the field and the rule it enforces. */

export function requireText(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (!text) throw badInput(field, 'required', 'must not be empty');
  if (text.length > maxLength) throw badInput(field, 'max-length', `must be at most ${maxLength} characters, got ${text.length}`);
  return text;
}

export function optionalText(value: string | null | undefined, field: string, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text.length > maxLength) throw badInput(field, 'max-length', `must be at most ${maxLength} characters, got ${text.length}`);
  return text || null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireEmail(value: string, field: string): string {
  const email = requireText(value, field, 320).toLowerCase();
  if (!EMAIL.test(email)) throw badInput(field, 'email', `"${value}" is not an e-mail address`);
  return email;
}

export function requireDate(value: string, field: string): string {
  if (!isIsoDate(value)) throw badInput(field, 'date', `"${value}" is not a date YYYY-MM-DD`);
  if (!isDateInRange(value))
    throw badInput(field, 'date-range', `"${value}" is outside the years ${DATE_YEARS.first} to ${DATE_YEARS.last}`);
  return value;
}

/** A decimal within [min, max] with at most `scale` decimals, returned in canonical form. */
export function requireDecimalInRange(value: string, field: string, min: number, max: number, scale: number): string {
  const text = String(value).trim();
  if (!new RegExp(`^-?\\d+(\\.\\d{1,${scale}})?$`).test(text)) {
    throw badInput(field, 'decimal', `must be a decimal with at most ${scale} decimals, got "${value}"`);
  }
  const number = Number(text);
  if (number < min || number > max) throw badInput(field, 'range', `must be between ${min} and ${max}, got ${text}`);
  return number.toFixed(scale);
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** An ILIKE pattern matching `text` anywhere, with the wildcard characters of the text escaped. */
export function containsPattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
