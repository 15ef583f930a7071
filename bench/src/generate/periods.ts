import type { Cell } from './copy.js';

export interface PeriodPlan {
  id: number;
  kind: 'MONTH' | 'QUARTER' | 'YEAR';
  name: string;
  startDate: string;
  endDate: string;
  current: boolean;
}

const date = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** Months, quarters and years from three years ago to the end of next year; marks the ones containing today. */
export function planPeriods(now: Date): PeriodPlan[] {
  const periods: PeriodPlan[] = [];
  const today = now.toISOString().slice(0, 10);
  const add = (kind: PeriodPlan['kind'], name: string, startDate: string, endDate: string) =>
    periods.push({ id: periods.length + 1, kind, name, startDate, endDate, current: startDate <= today && today <= endDate });
  for (let year = now.getUTCFullYear() - 2; year <= now.getUTCFullYear() + 1; year += 1) {
    add('YEAR', `${year}`, date(year, 0, 1), date(year, 11, 31));
    for (let q = 0; q < 4; q += 1) add('QUARTER', `Q${q + 1} ${year}`, date(year, q * 3, 1), date(year, q * 3 + 3, 0));
    for (let m = 0; m < 12; m += 1) add('MONTH', `${year}-${String(m + 1).padStart(2, '0')}`, date(year, m, 1), date(year, m + 1, 0));
  }
  return periods;
}

export const PERIOD_COLUMNS = ['id', 'kind', 'name', 'start_date', 'end_date'];

export function periodRow(p: PeriodPlan): Cell[] {
  return [p.id, p.kind, p.name, p.startDate, p.endDate];
}
