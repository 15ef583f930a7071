import { registerEnumType } from 'type-graphql';

/** What an exception of the working-day calendar makes of its date. */
export enum CalendarDayKind {
  HOLIDAY = 'HOLIDAY',
  WORKING_DAY = 'WORKING_DAY',
}
registerEnumType(CalendarDayKind, {
  name: 'CalendarDayKind',
  description: 'What a calendar exception makes of its date.',
  valuesConfig: {
    HOLIDAY: {
      description:
        'A day off: a public holiday (нерабочий праздничный день) or a day off transferred to a weekday (перенесённый выходной).',
    },
    WORKING_DAY: { description: 'A Saturday or Sunday worked because a day off was transferred from it (рабочая суббота).' },
  },
});
