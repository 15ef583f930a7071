import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { badInput, notFound } from '../errors.js';
import { teamOfMember } from '../goals/access.js';
import { buildAttainment } from '../goals/attainment.js';
import { OwnerKind } from '../goals/enums.js';
import { periodById, periodMeasures } from '../goals/loaders.js';
import type { PeriodMeasures } from '../goals/measures.js';
import { Period } from '../goals/period.entity.js';
import type { Context } from '../graphql/context.js';
import { DateScalar } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { Member } from '../org/member.entity.js';
import { todayIso } from '../validate.js';
import { assertCanReadMemberAt } from './access.js';
import { activityCount, expectationsFor, monthsUpTo } from './loaders.js';
import { MAX_TREND_MONTHS, Performance, TREND_MONTHS, TrendPoint, evaluateKpis, flagsOf, isBehindPace, trendPoint } from './performance.js';

@Resolver(() => Member)
export class MemberPerformanceResolver {
  @FieldResolver(() => Performance, {
    description:
      "The member's performance in a period: attainment, KPIs against their role's expectations, the monthly trend and flags (one of their records).",
  })
  async performance(
    @Root() member: Member,
    @Arg('periodId', () => ID, { description: 'The period.' }) periodId: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The day pace and KPI statuses are computed for; default today (UTC).' })
    asOf: string | undefined,
    @Arg('trendMonths', () => Int, {
      defaultValue: TREND_MONTHS,
      description: `How many months the trend covers (1–${MAX_TREND_MONTHS}, default ${TREND_MONTHS}).`,
    })
    trendMonths: number,
    @Ctx() ctx: Context,
  ): Promise<Performance> {
    await assertCanReadMemberAt(ctx, member, 'records', 'performance');
    if (!Number.isInteger(trendMonths) || trendMonths < 1 || trendMonths > MAX_TREND_MONTHS) {
      throw badInput('trendMonths', 'range', `trendMonths must be between 1 and ${MAX_TREND_MONTHS}, got ${trendMonths}`);
    }
    const id = parseId(periodId, 'periodId');
    const day = asOf ?? todayIso();
    const measures = await ctx.loaders.get(periodMeasures).load({ ownerKind: OwnerKind.MEMBER, ownerId: member.id, periodId: id });
    if (!measures) throw notFound('Period', id, 'periodId');
    const team = await teamOfMember(ctx, member);
    const to = day < measures.endDate ? day : measures.endDate;
    const [expectations, activities, months] = await Promise.all([
      ctx.loaders.get(expectationsFor).load({ role: member.role, teamPath: team.path }),
      to < measures.startDate ? 0 : ctx.loaders.get(activityCount).load({ memberId: member.id, from: measures.startDate, to }),
      ctx.loaders.get(monthsUpTo).load({ day: measures.endDate, months: trendMonths }),
    ]);
    const trend = await Promise.all(
      months.map((monthId) => ctx.loaders.get(periodMeasures).load({ ownerKind: OwnerKind.MEMBER, ownerId: member.id, periodId: monthId })),
    );
    const attainment = buildAttainment(OwnerKind.MEMBER, member.id, measures, day);
    const kpis = evaluateKpis(expectations, { measures, asOf: day, activities });
    const behindPace = isBehindPace(attainment);
    return Object.assign(new Performance(), {
      memberId: member.id,
      periodId: id,
      attainment,
      kpis,
      behindPace,
      flags: flagsOf(attainment, kpis, behindPace),
      trend: trend.filter((point): point is PeriodMeasures => point !== undefined).map(trendPoint),
      activities,
    });
  }
}

@Resolver(() => TrendPoint)
export class TrendPointResolver {
  @FieldResolver(() => Period, { description: 'The month.' })
  async period(@Root() point: TrendPoint, @Ctx() ctx: Context): Promise<Period> {
    return (await ctx.loaders.get(periodById).load(point.periodId))!;
  }
}

@Resolver(() => Performance)
export class PerformanceResolver {
  @FieldResolver(() => Period, { description: 'The period.' })
  async period(@Root() performance: Performance, @Ctx() ctx: Context): Promise<Period> {
    return (await ctx.loaders.get(periodById).load(performance.periodId))!;
  }
}
