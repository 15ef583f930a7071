import { badInput } from './errors.js';

/**
 * Exact decimals in bigint for money, ratios, shares and weights: fractions stay integers until they are
 * formatted for the API, and every rounding is half away from zero, as PostgreSQL's round() does.
 */

const POWERS = Array.from({ length: 19 }, (_, scale) => 10n ** BigInt(scale));
const POW10 = (scale: number) => POWERS[scale] ?? 10n ** BigInt(scale);

/** num/den rounded half away from zero to an integer; den must not be 0. */
export function divideRounded(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('divideRounded: division by zero');
  const negative = num < 0n !== den < 0n;
  const absNum = num < 0n ? -num : num;
  const absDen = den < 0n ? -den : den;
  const quotient = (absNum * 2n + absDen) / (absDen * 2n);
  return negative ? -quotient : quotient;
}

/** num/den as a decimal string with `scale` decimals ("0.4375"), rounded half away from zero. */
export function formatFraction(num: bigint, den: bigint, scale: number): string {
  const scaled = divideRounded(num * POW10(scale), den);
  const abs = scaled < 0n ? -scaled : scaled;
  const whole = abs / POW10(scale);
  const fraction = (abs % POW10(scale)).toString().padStart(scale, '0');
  return `${scaled < 0n ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** numerator/denominator with `scale` decimals for analytics; null when the denominator is 0. */
export function ratio(numerator: bigint | number, denominator: bigint | number, scale = 4): string | null {
  return BigInt(denominator) === 0n ? null : formatFraction(BigInt(numerator), BigInt(denominator), scale);
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

/** An integer scaled by 10^scale back to a decimal string with `scale` decimals. */
export function formatScaled(value: bigint, scale: number): string {
  return formatFraction(value, POW10(scale), scale);
}
