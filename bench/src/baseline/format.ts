/** Exact decimal formatting for the baseline, independent of the server's own helpers. */

/** Kopecks of a numeric column's text ("1234.5" → 123450n); the values here are non-negative with ≤ 2 decimals. */
export function kopecks(text: string | null): bigint {
  const [whole, fraction = ''] = (text ?? '0').split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

export function money(value: bigint): string {
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

/** num / den with four decimals, rounded half up; null when den is 0. */
export function ratio(num: bigint, den: bigint): string | null {
  if (den === 0n) return null;
  const scaled = (num * 10_000n * 2n + den) / (den * 2n);
  return `${scaled / 10_000n}.${(scaled % 10_000n).toString().padStart(4, '0')}`;
}
