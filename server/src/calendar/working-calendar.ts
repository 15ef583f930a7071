import { CalendarDayKind } from './enums.js';

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 (a Thursday). */
const epochDay = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const floorMod = (a: number, n: number) => ((a % n) + n) % n;
/** Monday to Friday among the days [1970-01-05 + k, …) counted from a Monday: weekdays before epoch day `day`. */
const weekdaysBefore = (day: number) => {
  const k = day - 4; // 1970-01-05, epoch day 4, is a Monday
  return Math.floor(k / 7) * 5 + Math.min(floorMod(k, 7), 5);
};
const isWeekend = (day: number) => floorMod(day - 4, 7) >= 5;

export interface CalendarException {
  date: string;
  kind: CalendarDayKind;
}

/**
 * A working-day calendar held in memory: Monday to Friday work, Saturday and Sunday do not, except
 * the exceptions (holidays and transferred days off on weekdays, weekend days worked). Counting is
 * arithmetic on day numbers, so asking for a year costs as little as asking for a day.
 */
export class WorkingCalendar {
  /** Weekdays that are days off, and weekend days that are worked, as epoch days, ascending. */
  private readonly daysOff: number[];
  private readonly daysWorked: number[];

  constructor(
    readonly code: string,
    exceptions: readonly CalendarException[],
  ) {
    const days = (kind: CalendarDayKind, weekend: boolean) =>
      exceptions
        .filter((e) => e.kind === kind)
        .map((e) => epochDay(e.date))
        .filter((day) => isWeekend(day) === weekend)
        .sort((a, b) => a - b);
    this.daysOff = days(CalendarDayKind.HOLIDAY, false);
    this.daysWorked = days(CalendarDayKind.WORKING_DAY, true);
  }

  isWorkingDay(date: string): boolean {
    return this.workingDaysBetween(date, date) === 1;
  }

  /** Working days from `from` to `to`, both included; 0 when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number {
    const first = epochDay(from);
    const last = epochDay(to);
    if (last < first) return 0;
    const within = (day: number) => day >= first && day <= last;
    return weekdaysBefore(last + 1) - weekdaysBefore(first) - this.daysOff.filter(within).length + this.daysWorked.filter(within).length;
  }
}

/** Before the database is read (and in tests of pure functions): Monday to Friday, no exceptions. */
let active = new WorkingCalendar('RU', []);

/** The calendar this process counts working days with (WORKING_CALENDAR), as last loaded. */
export function workingCalendar(): WorkingCalendar {
  return active;
}

export function useWorkingCalendar(calendar: WorkingCalendar): void {
  active = calendar;
}
