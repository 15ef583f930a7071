import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { badInput, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import { optionalText, requireDate } from '../validate.js';
import { CalendarDay } from './calendar-day.entity.js';
import { CalendarDayKind } from './enums.js';
import { useWorkingCalendar, WorkingCalendar, workingCalendar } from './working-calendar.js';

/** WORKING_CALENDAR and WORKING_CALENDAR_RELOAD_MINUTES (config.ts). */
export interface WorkingCalendarConfig {
  code: string;
  reloadMinutes: number;
}

/** Reads a calendar's exceptions (one statement) and makes it the one this process counts with. */
export async function loadWorkingCalendar(em: EntityManager, code: string): Promise<WorkingCalendar> {
  const rows = await em.execute<{ date: string; kind: CalendarDayKind }[]>(
    `select to_char(date, 'YYYY-MM-DD') as date, kind from calendar_day where calendar = ?`,
    [code],
  );
  const calendar = new WorkingCalendar(code, rows);
  useWorkingCalendar(calendar);
  return calendar;
}

/**
 * Loads the calendar at start, then again every `reloadMinutes` (0: never), so that a change made
 * through another process reaches this one within that time. Returns the function that stops it.
 */
export async function keepWorkingCalendarLoaded(orm: MikroORM, config: WorkingCalendarConfig, log: Logger): Promise<() => void> {
  await loadWorkingCalendar(orm.em.fork(), config.code);
  if (config.reloadMinutes === 0) return () => {};
  const timer = setInterval(() => {
    loadWorkingCalendar(orm.em.fork(), config.code).catch((error) =>
      log.warn({ err: error }, 'reloading the working-day calendar failed; the loaded one stays'),
    );
  }, config.reloadMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

const isWeekendDate = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

export interface CalendarDayInput {
  date: string;
  kind: CalendarDayKind;
  name?: string | null;
}

/** Sets (creates or replaces) the exception of a date in the calendar this process uses. */
export async function setCalendarDay(em: EntityManager, input: CalendarDayInput): Promise<CalendarDay> {
  const date = requireDate(input.date, 'input.date');
  if (input.kind === CalendarDayKind.WORKING_DAY && !isWeekendDate(date)) {
    throw badInput('input.kind', 'working-weekday', `${date} is a weekday: it is a working day without an exception`);
  }
  const name = optionalText(input.name, 'input.name', 100) ?? null;
  const calendar = workingCalendar().code;
  const [row] = await em.execute<{ id: number }[]>(
    `insert into calendar_day (calendar, date, kind, name) values (?, ?, ?, ?)
     on conflict (calendar, date) do update set kind = excluded.kind, name = excluded.name
     returning id`,
    [calendar, date, input.kind, name],
  );
  return Object.assign(new CalendarDay(), { id: Number(row.id), calendar, date, kind: input.kind, name });
}

/** Removes the exception of a date: the date becomes an ordinary weekday or weekend day. */
export async function clearCalendarDay(em: EntityManager, date: string): Promise<string> {
  requireDate(date, 'date');
  const calendar = workingCalendar().code;
  const rows = await em.execute<{ id: number }[]>(`delete from calendar_day where calendar = ? and date = ? returning id`, [
    calendar,
    date,
  ]);
  if (!rows.length) throw notFound('CalendarDay', date, 'date');
  return date;
}

export interface MonthSummary {
  month: number;
  calendarDays: number;
  workingDays: number;
}

/** A year's exceptions (one statement) and its working days per month, by them. */
export async function yearOfCalendar(
  em: EntityManager,
  year: number,
): Promise<{ code: string; days: CalendarDay[]; months: MonthSummary[] }> {
  if (!Number.isInteger(year) || year < 1900 || year > 2200)
    throw badInput('year', 'range', `year must be between 1900 and 2200, got ${year}`);
  const code = workingCalendar().code;
  const rows = await em.execute<{ id: number; date: string; kind: CalendarDayKind; name: string | null }[]>(
    `select id, to_char(date, 'YYYY-MM-DD') as date, kind, name from calendar_day
      where calendar = ? and date between ? and ? order by date`,
    [code, `${year}-01-01`, `${year}-12-31`],
  );
  const days = rows.map((r) => Object.assign(new CalendarDay(), { ...r, id: Number(r.id), calendar: code }));
  const counted = new WorkingCalendar(code, days);
  const months = Array.from({ length: 12 }, (_, i) => {
    const first = `${year}-${String(i + 1).padStart(2, '0')}-01`;
    const last = new Date(Date.UTC(year, i + 1, 0)).toISOString().slice(0, 10);
    return { month: i + 1, calendarDays: Number(last.slice(8)), workingDays: counted.workingDaysBetween(first, last) };
  });
  return { code, days, months };
}
