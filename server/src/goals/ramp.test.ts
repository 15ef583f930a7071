import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { fractionInLowestTerms, fractionText } from './allocation.js';
import { PeriodKind } from './enums.js';
import { parseRampSteps, rampFactor } from './ramp.js';

const STEPS = parseRampSteps(['25', '50', '75', '100']);
const month = (startDate: string) => ({ kind: PeriodKind.MONTH, startDate });
const quarter = (startDate: string) => ({ kind: PeriodKind.QUARTER, startDate });

function refusal(steps: string[]) {
  try {
    parseRampSteps(steps);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details;
  }
  throw new Error(`expected ${JSON.stringify(steps)} to be refused`);
}

describe('ramp profiles (hand-computed cases)', () => {
  it('counts the month of hire as tenure month 1, whatever the day, and keeps the last step thereafter', () => {
    expect(STEPS).toEqual([2500n, 5000n, 7500n, 10000n]);
    // hired 10 March: March is month 1 (25 %); hired 31 January: March is month 3 (75 %)
    expect(rampFactor(STEPS, '2026-03-10', month('2026-03-01'))).toEqual({
      months: [{ month: '2026-03-01', tenureMonth: 1, step: 2500n }],
      factor: { num: 2500n, den: 10000n },
    });
    expect(fractionInLowestTerms(rampFactor(STEPS, '2026-01-31', month('2026-03-01')).factor)).toBe('3/4');
    // month 4 and month 40 are both fully ramped; a month before the hire counts 0
    expect(fractionInLowestTerms(rampFactor(STEPS, '2025-12-01', month('2026-03-01')).factor)).toBe('1');
    expect(fractionInLowestTerms(rampFactor(STEPS, '2022-11-30', month('2026-03-01')).factor)).toBe('1');
    expect(rampFactor(STEPS, '2026-04-01', month('2026-03-01')).months).toEqual([{ month: '2026-03-01', tenureMonth: 0, step: 0n }]);
  });

  it("averages a quarter's months exactly", () => {
    // hired 10 March: January and February before the hire (0, 0), March 25 % → 25/300 = 1/12
    const late = rampFactor(STEPS, '2026-03-10', quarter('2026-01-01'));
    expect(late.months.map((m) => [m.month, m.tenureMonth, m.step])).toEqual([
      ['2026-01-01', -1, 0n],
      ['2026-02-01', 0, 0n],
      ['2026-03-01', 1, 2500n],
    ]);
    expect(fractionInLowestTerms(late.factor)).toBe('1/12');
    expect(fractionText(late.factor)).toBe('0.083333');
    // hired in December: 50 + 75 + 100 = 225/300 = 3/4; across a year end (Nov–Jan quarter, hired in December): 0 + 25 + 50
    expect(fractionInLowestTerms(rampFactor(STEPS, '2025-12-15', quarter('2026-01-01')).factor)).toBe('3/4');
    expect(fractionInLowestTerms(rampFactor(STEPS, '2025-12-15', quarter('2025-11-01')).factor)).toBe('1/4');
    // a year from the month of hire: (25 + 50 + 75 + 9 × 100) / 1200 = 7/8
    expect(fractionInLowestTerms(rampFactor(STEPS, '2026-01-20', { kind: PeriodKind.YEAR, startDate: '2026-01-01' }).factor)).toBe('7/8');
  });

  it('takes steps that need not rise, and refuses bad steps naming the step', () => {
    expect(parseRampSteps(['50', '25.5', '100.00'])).toEqual([5000n, 2550n, 10000n]);
    expect(refusal([])).toMatchObject({ field: 'steps', rule: 'ramp-step-count' });
    expect(refusal(Array(37).fill('100'))).toMatchObject({ field: 'steps', rule: 'ramp-step-count' });
    expect(refusal(['25', '0', '100'])).toMatchObject({ field: 'steps[1]', rule: 'ramp-step-range' });
    expect(refusal(['100.01'])).toMatchObject({ field: 'steps[0]', rule: 'ramp-step-range' });
    expect(refusal(['25', '75'])).toMatchObject({ field: 'steps[1]', rule: 'ramp-ends-at-full' });
    expect(refusal(['-25', '100'])).toMatchObject({ field: 'steps[0]', rule: 'non-negative' });
    expect(refusal(['25.005', '100'])).toMatchObject({ field: 'steps[0]', rule: 'decimals' });
    expect(refusal(['half', '100'])).toMatchObject({ field: 'steps[0]', rule: 'decimal' });
  });
});
