import { describe, expect, it } from 'vitest';
import { divideRounded, formatFraction, formatScaled, ratio } from './decimal.js';
import { formatMoney, toKopecks } from './money.js';

describe('rounding half away from zero', () => {
  it('rounds halves away from zero whatever the signs, as PostgreSQL round() does', () => {
    expect([3n, -3n, 5n, -5n].map((n) => divideRounded(n, 2n))).toEqual([2n, -2n, 3n, -3n]);
    expect(divideRounded(3n, -2n)).toBe(-2n);
    expect(divideRounded(-3n, -2n)).toBe(2n);
  });

  it('rounds below a half toward zero, above it away from zero', () => {
    expect([-5n, -7n, 5n, 7n].map((n) => divideRounded(n, 4n))).toEqual([-1n, -2n, 1n, 2n]);
  });

  it('refuses a zero denominator', () => {
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });

  it('formats fractions with their sign, never "-0"', () => {
    expect(formatFraction(7n, 16n, 4)).toBe('0.4375');
    expect(formatFraction(-1n, 8n, 2)).toBe('-0.13');
    expect(formatFraction(1n, -8n, 2)).toBe('-0.13');
    expect(formatFraction(-1n, 300n, 2)).toBe('0.00');
    expect(formatFraction(-5n, 2n, 0)).toBe('-3');
  });

  it('gives no ratio for a zero denominator', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(-2, 3)).toBe('-0.6667');
  });

  it('agrees with money: kopecks from the database and back', () => {
    expect(toKopecks('-12.345')).toBe(-1235n);
    expect(formatMoney(-5n)).toBe('-0.05');
    expect(formatScaled(-1235n, 2)).toBe(formatMoney(-1235n));
  });
});
