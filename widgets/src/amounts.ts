/**
 * Exact sums of the API's decimal strings (two decimals at most), in bigint hundredths: amounts are
 * never added as floats.
 */
export function addAmounts(...values: string[]): string {
  const total = values.reduce((sum, value) => sum + hundredths(value), 0n);
  const size = total < 0n ? -total : total;
  return `${total < 0n ? '-' : ''}${size / 100n}.${String(size % 100n).padStart(2, '0')}`;
}

function hundredths(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) throw new Error(`not an amount: ${value}`);
  const size = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -size : size;
}

/** Whether an amount is above zero ("0.00" and "-5.00" are not). */
export function isPositive(value: string): boolean {
  return hundredths(value) > 0n;
}
