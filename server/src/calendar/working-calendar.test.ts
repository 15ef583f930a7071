import { describe, expect, it } from 'vitest';
import { calendarDaysElapsed, elapsedDays } from '../goals/period.service.js';
import { CalendarDayKind } from './enums.js';
import { WorkingCalendar } from './working-calendar.js';

const { HOLIDAY, WORKING_DAY } = CalendarDayKind;
const off = (...dates: string[]) => dates.map((date) => ({ date, kind: HOLIDAY }));

/** The days of the seeded Russian calendar these figures touch (Migration20261201120200_working_calendar). */
const RU = new WorkingCalendar('RU', [
  ...off('2025-11-03', '2025-11-04'),
  { date: '2025-11-01', kind: WORKING_DAY }, // Saturday worked: its day off moved to Monday 3 November
  ...off('2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'),
  ...off('2026-02-23', '2026-03-08', '2026-03-09', '2026-12-31'),
]);
const december = { startDate: '2026-12-01', endDate: '2026-12-31' };
const q1 = { startDate: '2026-01-01', endDate: '2026-03-31' };

describe('working days', () => {
  it('count Monday to Friday, less days off on weekdays, plus weekend days worked', () => {
    // December 2026: 23 weekdays (1 December is a Tuesday), less Thursday 31 December = 22.
    expect(RU.workingDaysBetween('2026-12-01', '2026-12-31')).toBe(22);
    // November 2025: 20 weekdays, less 3 and 4 November, plus Saturday 1 November = 19.
    expect(RU.workingDaysBetween('2025-11-01', '2025-11-30')).toBe(19);
    // Q1 2026: January 22 − 7 (1, 2, 5–9) = 15, February 20 − 1 (23rd) = 19, March 22 − 1 (9th) = 21: 55.
    expect(RU.workingDaysBetween('2026-01-01', '2026-03-31')).toBe(55);
    expect([RU.isWorkingDay('2025-11-01'), RU.isWorkingDay('2025-11-03'), RU.isWorkingDay('2026-03-08')]).toEqual([true, false, false]);
    // Across the epoch without exceptions: Monday 29 December 1969 to Sunday 4 January 1970 = 5.
    expect(new WorkingCalendar('X', []).workingDaysBetween('1969-12-29', '1970-01-04')).toBe(5);
    expect(RU.workingDaysBetween('2026-12-02', '2026-12-01')).toBe(0);
  });

  it('pace counts the working days completed before asOf, over the working days of the period', () => {
    // The first day of a period: nothing is completed, so elapsedShare is 0 (and paceRatio null), not 1/31.
    expect(elapsedDays(december, '2026-12-01', RU)).toEqual({ elapsed: 0, length: 22 });
    // Tuesday 15 December: 1–4, 7–11 and 14 December are completed = 10 of 22.
    expect(elapsedDays(december, '2026-12-15', RU)).toEqual({ elapsed: 10, length: 22 });
    // Thursday 31 December is a day off: on it, 22 of 22 are completed; after the period, all of them.
    expect(elapsedDays(december, '2026-12-31', RU)).toEqual({ elapsed: 22, length: 22 });
    expect(elapsedDays(december, '2027-02-01', RU)).toEqual({ elapsed: 22, length: 22 });
    expect(elapsedDays(december, '2026-11-20', RU)).toEqual({ elapsed: 0, length: 22 });
    // Saturday 14 February: January's 15 and 2–6, 9–13 February = 25 of Q1's 55.
    expect(elapsedDays(q1, '2026-02-14', RU)).toEqual({ elapsed: 25, length: 55 });
    // A worked Saturday counts once completed: on Monday 3 November 2025, 1 November is.
    expect(elapsedDays({ startDate: '2025-11-01', endDate: '2025-11-30' }, '2025-11-03', RU)).toEqual({ elapsed: 1, length: 19 });
  });

  it('falls back to calendar days for a period an admin made entirely days off', () => {
    const closed = new WorkingCalendar('X', off(...Array.from({ length: 28 }, (_, i) => `2027-02-${String(i + 1).padStart(2, '0')}`)));
    expect(elapsedDays({ startDate: '2027-02-01', endDate: '2027-02-28' }, '2027-02-08', closed)).toEqual({ elapsed: 7, length: 28 });
  });

  it('calendar days for rates per week count asOf itself', () => {
    expect(calendarDaysElapsed(december, '2026-12-01')).toEqual({ elapsed: 1, length: 31 });
    expect(calendarDaysElapsed(december, '2027-01-05')).toEqual({ elapsed: 31, length: 31 });
  });
});
