import type { EntityManager } from '@mikro-orm/postgresql';
import { workingCalendar, type WorkingCalendar } from '../calendar/working-calendar.js';
import { badInput, conflict, notFound } from '../errors.js';
import { parseId } from '../ids.js';
import { optionalText, requireDate } from '../validate.js';
import { PeriodKind } from './enums.js';
import { Period } from './period.entity.js';

export interface PeriodDraft {
  kind: PeriodKind;
  startDate: string;
  endDate: string;
  name?: string | null;
}

export type CalendarPeriod = Required<Omit<PeriodDraft, 'name'>> & { name: string };

/** Allowed lengths in days (both ends inclusive): calendar periods and 4-4-5 / 52–53-week fiscal ones fit. */
export const PERIOD_LENGTH_DAYS: Record<PeriodKind, [number, number]> = {
  [PeriodKind.MONTH]: [28, 35],
  [PeriodKind.QUARTER]: [84, 98],
  [PeriodKind.YEAR]: [364, 371],
};

const MONTHS_RU = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
const QUARTERS_RU = ['I', 'II', 'III', 'IV'];

const DAY = 86_400_000;
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Days from `from` to `to` (ISO dates), e.g. 0 for the same day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY);
}

/** The last day of a calendar month (month 1–12). */
function lastDayOfMonth(year: number, month: number): string {
  return iso(Date.UTC(year, month, 0));
}

/** The calendar year, its quarters and its months, with Russian names ("Март 2026", "I квартал 2026", "2026 год"). */
export function calendarPeriods(year: number): CalendarPeriod[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const periods: CalendarPeriod[] = [{ kind: PeriodKind.YEAR, name: `${year} год`, startDate: `${year}-01-01`, endDate: `${year}-12-31` }];
  for (let q = 0; q < 4; q += 1) {
    periods.push({
      kind: PeriodKind.QUARTER,
      name: `${QUARTERS_RU[q]} квартал ${year}`,
      startDate: `${year}-${pad(q * 3 + 1)}-01`,
      endDate: lastDayOfMonth(year, q * 3 + 3),
    });
  }
  for (let m = 1; m <= 12; m += 1) {
    periods.push({
      kind: PeriodKind.MONTH,
      name: `${MONTHS_RU[m - 1]} ${year}`,
      startDate: `${year}-${pad(m)}-01`,
      endDate: lastDayOfMonth(year, m),
    });
  }
  return periods;
}

/** The name of a calendar-aligned period, or null when the dates are not a calendar month, quarter or year. */
function calendarName(kind: PeriodKind, startDate: string, endDate: string): string | null {
  const year = Number(startDate.slice(0, 4));
  return calendarPeriods(year).find((p) => p.kind === kind && p.startDate === startDate && p.endDate === endDate)?.name ?? null;
}

export async function requirePeriod(em: EntityManager, id: number, field = 'periodId'): Promise<Period> {
  const period = await em.findOne(Period, id);
  if (!period) throw notFound('Period', id, field);
  return period;
}

/** Creates a period; periods of one kind never overlap. */
export async function createPeriod(em: EntityManager, draft: PeriodDraft): Promise<Period> {
  const startDate = requireDate(draft.startDate, 'startDate');
  const endDate = requireDate(draft.endDate, 'endDate');
  if (endDate < startDate) throw badInput('endDate', 'after-start', `${endDate} is before the start date ${startDate}`);
  const days = daysBetween(startDate, endDate) + 1;
  const [min, max] = PERIOD_LENGTH_DAYS[draft.kind];
  if (days < min || days > max) {
    throw badInput('endDate', 'period-length', `a ${draft.kind} lasts ${min} to ${max} days; ${startDate}–${endDate} is ${days} days`);
  }
  const name = optionalText(draft.name, 'name', 100) ?? calendarName(draft.kind, startDate, endDate);
  if (!name) throw badInput('name', 'required', 'a period that is not a calendar month, quarter or year needs a name');
  const overlapping = await em.findOne(Period, { kind: draft.kind, startDate: { $lte: endDate }, endDate: { $gte: startDate } });
  if (overlapping) {
    throw conflict(
      'no-overlap',
      `${draft.kind} ${startDate}–${endDate} overlaps "${overlapping.name}" (${overlapping.startDate}–${overlapping.endDate})`,
      'startDate',
    );
  }
  const period = em.create(Period, { kind: draft.kind, name, startDate, endDate });
  try {
    await em.flush();
  } catch (error) {
    // The exclusion constraint catches a period created concurrently between the check and the insert.
    if ((error as { code?: string }).code === '23P01') {
      throw conflict('no-overlap', `${draft.kind} ${startDate}–${endDate} overlaps a period created at the same time`, 'startDate');
    }
    throw error;
  }
  return period;
}

/** The period of `kind` containing `date`, if any. */
export async function periodContaining(em: EntityManager, kind: PeriodKind, date: string): Promise<Period | null> {
  return em.findOne(Period, { kind, startDate: { $lte: date }, endDate: { $gte: date } });
}

/**
 * Pace counts working days (docs/goals.md#pace-on-working-days): `length` is the period's working days
 * in the calendar of WORKING_CALENDAR, `elapsed` its working days completed before `asOf` — asOf itself
 * is under way, so on the first day of a period nothing has elapsed. Synchronous and without SQL: the
 * calendar is held in memory (calendar/working-calendar.ts). A period without any working day (only if
 * an admin marked every day off) counts calendar days instead, so that shares stay defined.
 */
export function elapsedDays(
  period: Pick<Period, 'startDate' | 'endDate'>,
  asOf: string,
  calendar: WorkingCalendar = workingCalendar(),
): { elapsed: number; length: number } {
  const yesterday = iso(utc(asOf) - DAY);
  const last = yesterday < period.endDate ? yesterday : period.endDate;
  const length = calendar.workingDaysBetween(period.startDate, period.endDate);
  if (length === 0) return calendarDaysElapsed(period, yesterday);
  return { elapsed: calendar.workingDaysBetween(period.startDate, last), length };
}

/**
 * Calendar days of the period up to and including `asOf`, and its length in calendar days: for rates
 * per calendar week (today's activities count, so today does) and the months a period spans.
 */
export function calendarDaysElapsed(period: Pick<Period, 'startDate' | 'endDate'>, asOf: string): { elapsed: number; length: number } {
  const length = daysBetween(period.startDate, period.endDate) + 1;
  return { elapsed: Math.min(length, Math.max(0, daysBetween(period.startDate, asOf) + 1)), length };
}

/**
 * The date range of an analytics filter: a period id, or explicit `from` / `to` days (not both ways at
 * once, and `from` not after `to`).
 */
export async function dateRange(
  em: EntityManager,
  filter: { periodId?: string | null; from?: string | null; to?: string | null } | undefined,
): Promise<{ from?: string | null; to?: string | null }> {
  if (filter?.periodId) {
    if (filter.from || filter.to) throw badInput('filter.periodId', 'one-range', 'give either periodId or from/to, not both');
    const period = await requirePeriod(em, parseId(filter.periodId, 'filter.periodId'), 'filter.periodId');
    return { from: period.startDate, to: period.endDate };
  }
  if (filter?.from && filter.to && filter.from > filter.to) throw badInput('filter.to', 'period', `${filter.to} is before ${filter.from}`);
  return { from: filter?.from, to: filter?.to };
}
