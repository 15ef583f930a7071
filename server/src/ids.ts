import { badInput } from './errors.js';

/** Record ids are positive integers, exchanged as GraphQL `ID` strings. */
export function parseId(value: string | number, field: string): number {
  const text = String(value).trim();
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) {
    throw badInput(field, 'id', `"${value}" is not a valid id`);
  }
  return Number(text);
}

export function parseOptionalId(value: string | number | null | undefined, field: string): number | null | undefined {
  return value === null || value === undefined ? value : parseId(value, field);
}
