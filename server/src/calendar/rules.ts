/** Rules of the working-day calendar as they appear in `extensions.rule`; see ../rules.ts. */
export const CALENDAR_RULES = {
  'working-weekday': 'A WORKING_DAY exception names a weekday, which is a working day without one.',
} as const;
