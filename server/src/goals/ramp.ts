import { badInput } from '../errors.js';
import { parseScaled } from '../decimal.js';
import type { Fraction } from './allocation.js';
import { PeriodKind } from './enums.js';

/**
 * Ramped quotas (pure, exact): a ramp profile lists the percentage of a full quota a member carries in
 * each month of tenure; the month of hire is tenure month 1 and the last step applies thereafter. A
 * month before the month of hire counts 0 %. A period's factor is the average of the factors of its
 * months, kept as a fraction: Σ step / (months × 100 %).
 */

/** Steps are percentages with two decimals, held as hundredths of a percent: 25.00 % → 2500n. */
export const FULL_STEP = 10_000n;
export const MAX_RAMP_STEPS = 36;

/** Validates the steps of a profile and returns them in hundredths of a percent; names the offending step. */
export function parseRampSteps(steps: readonly string[], field = 'steps'): bigint[] {
  if (steps.length < 1 || steps.length > MAX_RAMP_STEPS) {
    throw badInput(field, 'ramp-step-count', `give 1 to ${MAX_RAMP_STEPS} monthly steps, got ${steps.length}`);
  }
  const parsed = steps.map((step, i) => {
    const value = parseScaled(step, `${field}[${i}]`, 2);
    if (value === 0n || value > FULL_STEP) {
      throw badInput(`${field}[${i}]`, 'ramp-step-range', `a step is a percentage above 0 and at most 100, got "${step}"`);
    }
    return value;
  });
  if (parsed[parsed.length - 1] !== FULL_STEP) {
    throw badInput(`${field}[${parsed.length - 1}]`, 'ramp-ends-at-full', 'the last step must be 100: members end fully ramped');
  }
  return parsed;
}

/** Calendar months of a period by its kind, counted from the month of its first day. */
const MONTHS_OF: Record<PeriodKind, number> = { [PeriodKind.MONTH]: 1, [PeriodKind.QUARTER]: 3, [PeriodKind.YEAR]: 12 };

/** Months since year 0 of an ISO date (the day is ignored). */
const monthIndex = (isoDate: string) => Number(isoDate.slice(0, 4)) * 12 + Number(isoDate.slice(5, 7)) - 1;
const firstDayOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;

export interface RampMonthFactor {
  /** First day of the calendar month. */
  month: string;
  /** 1 = the month of hire; 0 or less = before it. */
  tenureMonth: number;
  /** The step that applies, in hundredths of a percent (0 before the month of hire). */
  step: bigint;
}

export interface RampFactor {
  months: RampMonthFactor[];
  /** Average of the monthly steps as a fraction of a full quota (not reduced). */
  factor: Fraction;
}

/** The factor of a member hired on `hireDate` over the months of `period` (its kind and first day). */
export function rampFactor(steps: readonly bigint[], hireDate: string, period: { kind: PeriodKind; startDate: string }): RampFactor {
  const first = monthIndex(period.startDate);
  const hired = monthIndex(hireDate);
  const months = Array.from({ length: MONTHS_OF[period.kind] }, (_, k): RampMonthFactor => {
    const tenureMonth = first + k - hired + 1;
    const step = tenureMonth < 1 ? 0n : steps[Math.min(tenureMonth, steps.length) - 1];
    return { month: firstDayOf(first + k), tenureMonth, step };
  });
  const sum = months.reduce((acc, m) => acc + m.step, 0n);
  return { months, factor: { num: sum, den: FULL_STEP * BigInt(months.length) } };
}
