import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../graphql/scalars.js';
import { CalendarDayKind } from './enums.js';

/**
 * An exception of a working-day calendar: without one, Monday to Friday are working days and Saturday
 * and Sunday are not. Seeded with the Russian production calendar; admins correct it (docs/goals.md).
 */
@ObjectType({
  description:
    'An exception of the working-day calendar (производственный календарь): a holiday or transferred day off, or a weekend day worked. Without one, Monday to Friday are working days.',
})
@Entity({ tableName: 'calendar_day' })
@Unique({ name: 'calendar_day_calendar_date_unique', properties: ['calendar', 'date'] })
export class CalendarDay {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'The calendar this day belongs to (WORKING_CALENDAR, e.g. "RU").' })
  @Property({ type: 'string', length: 10 })
  calendar!: string;

  @Field(() => DateScalar, { description: 'The date.' })
  @Property({ type: 'date' })
  date!: string;

  @Field(() => CalendarDayKind, { description: 'A day off or a weekend day worked.' })
  @Enum({ items: () => CalendarDayKind, type: 'string' })
  kind!: CalendarDayKind;

  @Field(() => String, { nullable: true, description: 'What the day is, e.g. "День России" or "Перенос с 4 января".' })
  @Property({ type: 'string', length: 100, nullable: true })
  name!: string | null;
}
