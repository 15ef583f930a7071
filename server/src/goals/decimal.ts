import { badInput } from '../errors.js';

/**
 * Exact decimal helpers for goals and quotas, in bigint: ratios, shares and weights are fractions
 * that are only rounded (half up) when they are formatted for the API.
 */

const POW10 = (scale: number) => 10n ** BigInt(scale);

/** num/den as a decimal string with `scale` decimals, rounded half away from zero; den must be positive. */
export function formatFraction(num: bigint, den: bigint, scale: number): string {
  if (den <= 0n) throw new RangeError('formatFraction: the denominator must be positive');
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const factor = POW10(scale);
  const scaled = (abs * factor * 2n + den) / (den * 2n);
  const whole = scaled / factor;
  const fraction = (scaled % factor).toString().padStart(scale, '0');
  const text = scale > 0 ? `${whole}.${fraction}` : `${whole}`;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/** num/den rounded half up to an integer (non-negative inputs). */
export function roundDiv(num: bigint, den: bigint): bigint {
  return (num * 2n + den) / (den * 2n);
}

/**
 * A non-negative decimal with at most `scale` decimals, as an integer scaled by 10^scale
 * ("0.25" with scale 4 → 2500n); refuses negatives, more decimals and non-numbers, naming the field.
 */
export function parseScaled(value: string, field: string, scale: number): bigint {
  const text = String(value).trim();
  if (text.startsWith('-')) throw badInput(field, 'non-negative', `must not be negative, got "${value}"`);
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) throw badInput(field, 'decimal', `"${value}" is not a decimal number`);
  if ((match[2] ?? '').length > scale) throw badInput(field, 'decimals', `has more than ${scale} decimals: "${value}"`);
  return BigInt(match[1]) * POW10(scale) + BigInt((match[2] ?? '').padEnd(scale, '0') || '0');
}

/** A value from a `numeric` column (known valid, non-negative) scaled by 10^scale, rounded half up. */
export function scaledFromDb(value: string | null | undefined, scale: number): bigint {
  const text = value ?? '0';
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = fraction.padEnd(scale + 1, '0');
  const result = BigInt(whole || '0') * POW10(scale) + BigInt(digits.slice(0, scale) || '0') + (Number(digits[scale]) >= 5 ? 1n : 0n);
  return negative ? -result : result;
}

/** An integer scaled by 10^scale back to a decimal string with `scale` decimals. */
export function formatScaled(value: bigint, scale: number): string {
  return formatFraction(value, POW10(scale), scale);
}
