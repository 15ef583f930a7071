import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { DateScalar } from '../graphql/scalars.js';
import { CalendarDay } from './calendar-day.entity.js';
import { clearCalendarDay, loadWorkingCalendar, setCalendarDay, yearOfCalendar } from './calendar.service.js';
import { CalendarDayKind } from './enums.js';
import { workingCalendar } from './working-calendar.js';

@ObjectType({ description: 'One month of a working-day calendar.' })
export class WorkingCalendarMonth {
  @Field(() => Int, { description: 'Month, 1–12.' })
  month!: number;

  @Field(() => Int, { description: 'Days in the month.' })
  calendarDays!: number;

  @Field(() => Int, {
    description: 'Working days: Monday to Friday, less holidays and days off transferred to weekdays, plus weekend days worked.',
  })
  workingDays!: number;
}

@ObjectType({ description: 'A year of the working-day calendar that paces attainment and goals (производственный календарь).' })
export class WorkingCalendarYear {
  @Field(() => String, { description: 'The calendar (WORKING_CALENDAR, e.g. "RU").' })
  calendar!: string;

  @Field(() => Int, { description: 'The year.' })
  year!: number;

  @Field(() => Int, { description: 'Working days in the year.' })
  workingDays!: number;

  @Field(() => [WorkingCalendarMonth], { description: 'Working days per month, January first.' })
  months!: WorkingCalendarMonth[];

  @Field(() => [CalendarDay], { description: "The year's exceptions by date: holidays, transferred days off, weekend days worked." })
  days!: CalendarDay[];
}

@InputType({ description: 'An exception of the working-day calendar.' })
export class SetCalendarDayInput {
  @Field(() => DateScalar, { description: 'The date.' })
  date!: string;

  @Field(() => CalendarDayKind, { description: 'HOLIDAY (a day off) or WORKING_DAY (a Saturday or Sunday worked).' })
  kind!: CalendarDayKind;

  @Field(() => String, { nullable: true, description: 'What the day is, at most 100 characters.' })
  name?: string | null;
}

@Resolver()
export class CalendarResolver {
  @Query(() => WorkingCalendarYear, {
    description:
      'A year of the working-day calendar this server paces attainment and goals with: working days per month and the exceptions.',
  })
  async workingCalendar(
    @Arg('year', () => Int, { description: 'The year, 1900–2200.' }) year: number,
    @Ctx() ctx: Context,
  ): Promise<WorkingCalendarYear> {
    const { code, days, months } = await yearOfCalendar(ctx.em, year);
    return Object.assign(new WorkingCalendarYear(), {
      calendar: code,
      year,
      workingDays: months.reduce((sum, m) => sum + m.workingDays, 0),
      months: months.map((m) => Object.assign(new WorkingCalendarMonth(), m)),
      days,
    });
  }

  @Mutation(() => CalendarDay, {
    description:
      'Sets the exception of a date in the working-day calendar (replacing one the date had), e.g. a holiday transferred by a government decree (ADMIN). Pace counts with it at once in this server process, in the others within WORKING_CALENDAR_RELOAD_MINUTES.',
  })
  async setCalendarDay(@Arg('input', () => SetCalendarDayInput) input: SetCalendarDayInput, @Ctx() ctx: Context): Promise<CalendarDay> {
    await ctx.access.assertCanManageOrganisation('change the working-day calendar');
    const day = await ctx.em.transactional((em) => setCalendarDay(em, input));
    await loadWorkingCalendar(ctx.em, workingCalendar().code);
    return day;
  }

  @Mutation(() => DateScalar, {
    description:
      'Removes the exception of a date: it becomes an ordinary weekday or weekend day (ADMIN). Returns the date; NOT_FOUND when it had none.',
  })
  async clearCalendarDay(@Arg('date', () => DateScalar, { description: 'The date.' }) date: string, @Ctx() ctx: Context): Promise<string> {
    await ctx.access.assertCanManageOrganisation('change the working-day calendar');
    const cleared = await ctx.em.transactional((em) => clearCalendarDay(em, date));
    await loadWorkingCalendar(ctx.em, workingCalendar().code);
    return cleared;
  }
}
