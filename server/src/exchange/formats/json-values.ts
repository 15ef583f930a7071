import { MAX_ROW_CHARS } from './limits.js';
import type { ReadItem } from './types.js';

/** A row that is too long to be read; its text was not kept. */
export function tooLong(row: number, what: string): ReadItem {
  return { unreadable: { row, rule: 'row-too-long', message: `the ${what} is longer than ${MAX_ROW_CHARS} characters` } };
}

/** The JSON text of one NDJSON line or array element as a row, or why it is unreadable. */
export function jsonItem(row: number, text: string): ReadItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { unreadable: { row, rule: 'malformed-json', message: (error as Error).message } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { unreadable: { row, rule: 'not-object', message: `${what}, not an object` } };
  }
  return { row: { row, values: value as Record<string, unknown> } };
}
