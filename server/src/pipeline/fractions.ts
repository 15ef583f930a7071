/** Exact ratios for analytics: integers in, decimal strings out, rounded half up, never through floats. */

/** numerator / denominator with `scale` decimals ("0.4375"); null when the denominator is 0. */
export function ratio(numerator: bigint | number, denominator: bigint | number, scale = 4): string | null {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) return null;
  const factor = 10n ** BigInt(scale);
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const scaled = (an * factor * 2n + ad) / (ad * 2n);
  const whole = scaled / factor;
  const fraction = (scaled % factor).toString().padStart(scale, '0');
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** numerator / denominator rounded half up to an integer (for kopecks). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error('division by zero');
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const an = numerator < 0n ? -numerator : numerator;
  const ad = denominator < 0n ? -denominator : denominator;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}
