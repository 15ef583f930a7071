import { ADMIN_ONLY, STAFF, type MatrixRow } from '../testing/access-matrix.js';

/**
 * Authorization matrix rows of the working-day calendar (docs/goals.md#pace-on-working-days): every
 * person reads it, as the planning periods; only admins change it; embed tokens do neither.
 */
export const rows: MatrixRow[] = [
  {
    operation: 'workingCalendar',
    target: 'none',
    document: `{ workingCalendar(year: 2026) { workingDays months { workingDays } } }`,
    allowed: STAFF,
  },
  {
    operation: 'setCalendarDay',
    target: 'none',
    document: `mutation { setCalendarDay(input: { date: "2199-03-03", kind: HOLIDAY, name: "Matrix" }) { date } }`,
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'clearCalendarDay',
    target: 'none',
    document: `mutation($d: Date!) { clearCalendarDay(date: $d) }`,
    // The day is set first, so that an allowed caller finds one to clear.
    variables: async (_t, h) => {
      await h.admin(`mutation { setCalendarDay(input: { date: "2199-03-04", kind: HOLIDAY }) { date } }`);
      return { d: '2199-03-04' };
    },
    allowed: ADMIN_ONLY,
  },
];
