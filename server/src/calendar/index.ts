import { CalendarDay } from './calendar-day.entity.js';
import { CalendarResolver } from './calendar.resolver.js';

/** The working-day calendar that paces attainment and goals (docs/goals.md#pace-on-working-days). */
export const calendarEntities = [CalendarDay];
export const calendarResolvers = [CalendarResolver];
