import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { badInput } from '../errors.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { DateScalar } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { todayIso } from '../validate.js';
import { PeriodKind } from './enums.js';
import { CreatePeriodInput, PeriodFilter } from './inputs.js';
import { Period } from './period.entity.js';
import { createPeriod, periodContaining, requirePeriod } from './period.service.js';

@ObjectType({ description: 'A page of periods.' })
export class PeriodConnection extends Connection(Period, 'Period', 'period') {}

@Resolver(() => Period)
export class PeriodResolver {
  @Query(() => Period, { description: 'One period by id.' })
  async period(@Arg('id', () => ID, { description: 'Period id.' }) id: string, @Ctx() ctx: Context): Promise<Period> {
    return requirePeriod(ctx.em, parseId(id, 'id'), 'id');
  }

  @Query(() => PeriodConnection, { description: 'Planning periods by start date (then id), a page at a time.' })
  async periods(
    @Arg('filter', () => PeriodFilter, { nullable: true, description: 'Which periods to list.' }) filter: PeriodFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Period>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Period>[] = [];
    if (filter?.kind) where.push({ kind: filter.kind });
    if (filter?.containsDate) where.push({ startDate: { $lte: filter.containsDate }, endDate: { $gte: filter.containsDate } });
    if (filter?.year != null) {
      if (!Number.isInteger(filter.year) || filter.year < 1900 || filter.year > 9999)
        throw badInput('filter.year', 'range', `${filter.year} is not a year`);
      where.push({ startDate: { $gte: `${filter.year}-01-01`, $lte: `${filter.year}-12-31` } });
    }
    return paginate(ctx.em, Period, { $and: where }, 'startDate', request);
  }

  @Query(() => Period, {
    nullable: true,
    description: 'The period of a kind that contains a date (default today); null when there is none.',
  })
  async currentPeriod(
    @Arg('kind', () => PeriodKind, { description: 'Month, quarter or year.' }) kind: PeriodKind,
    @Arg('date', () => DateScalar, { nullable: true, description: 'The date; default today (UTC).' }) date: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Period | null> {
    return periodContaining(ctx.em, kind, date ?? todayIso());
  }

  @Mutation(() => Period, { description: 'Creates a planning period; periods of the same kind may not overlap (ADMIN).' })
  async createPeriod(@Arg('input', () => CreatePeriodInput) input: CreatePeriodInput, @Ctx() ctx: Context): Promise<Period> {
    await ctx.access.assertCanManageOrganisation('create periods');
    return ctx.em.transactional((em) => createPeriod(em, input));
  }
}
