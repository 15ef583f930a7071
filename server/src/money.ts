import { formatScaled } from './decimal.js';
import { badInput } from './errors.js';

/**
 * Money is exchanged as decimal strings ("1250000.50") and computed in integer kopecks (bigint),
 * never in floating point.
 */
const MONEY = /^(\d{1,16})(?:\.(\d{1,2}))?$/;

/** Parses a non-negative amount with at most two decimals into kopecks, or explains which rule it breaks. */
export function parseMoney(value: string, field: string): bigint {
  const text = String(value).trim();
  if (text.startsWith('-')) throw badInput(field, 'non-negative', `amount must not be negative, got "${value}"`);
  if (/^\d+\.\d{3,}$/.test(text)) throw badInput(field, 'two-decimals', `amount has more than two decimals: "${value}"`);
  const match = MONEY.exec(text);
  if (!match) throw badInput(field, 'decimal', `"${value}" is not a decimal amount such as "1250000.50"`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** Kopecks back to the decimal string stored in `numeric` columns and returned by the API. */
export function formatMoney(kopecks: bigint): string {
  return formatScaled(kopecks, 2);
}

/** Normalises a decimal string read from PostgreSQL ("1200", "1200.5") to two decimals. */
export function normaliseMoney(value: string | null | undefined): string {
  return formatMoney(toKopecks(value ?? '0'));
}

/** Kopecks of a decimal string known to be valid (from the database), rounded half away from zero. */
export function toKopecks(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const digits = fraction.padEnd(3, '0');
  const kopecks = BigInt(whole || '0') * 100n + BigInt(digits.slice(0, 2)) + (Number(digits[2]) >= 5 ? 1n : 0n);
  return negative ? -kopecks : kopecks;
}
