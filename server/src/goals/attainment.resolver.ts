import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { forbidden, notFound } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { DateScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { todayIso } from '../validate.js';
import { ATTAINMENT_READ, assertCanReadOwner, canReadMemberAt } from './access.js';
import { Attainment, buildAttainment } from './attainment.js';
import { OwnerKind, QuotaMetric } from './enums.js';
import { periodById, periodMeasures } from './loaders.js';
import { requireOwner } from './owner.js';
import { Period } from './period.entity.js';

/** Computes an attainment through the batched loader: one SQL statement for every owner and period asked in a tick. */
async function loadAttainment(
  ctx: Context,
  ownerKind: OwnerKind,
  ownerId: number,
  periodIdText: string,
  metric: QuotaMetric,
  asOf: string | undefined,
): Promise<Attainment> {
  const periodId = parseId(periodIdText, 'periodId');
  const measures = await ctx.loaders.get(periodMeasures).load({ ownerKind, ownerId, periodId, metric });
  if (!measures) throw notFound('Period', periodId, 'periodId');
  return buildAttainment(ownerKind, ownerId, measures, asOf ?? todayIso());
}

const PERIOD_ARG = { description: 'The period.' };
const AS_OF_ARG = { nullable: true, description: 'The day pace is computed for; default today (UTC).' };
const METRIC_ARG = {
  defaultValue: QuotaMetric.REVENUE,
  description: 'The quota metric measured (default REVENUE): the quota read is the owner’s quota of this metric.',
};

@Resolver(() => Attainment)
export class AttainmentResolver {
  @Query(() => Attainment, {
    description:
      'Attainment of a member or a team (exactly one of memberId and teamId) for a period in one quota metric, with its forecast.',
  })
  async attainment(
    @Arg('memberId', () => ID, { nullable: true, description: 'The member.' }) memberId: string | undefined,
    @Arg('teamId', () => ID, { nullable: true, description: 'The team (its whole subtree).' }) teamId: string | undefined,
    @Arg('periodId', () => ID, PERIOD_ARG) periodId: string,
    @Arg('asOf', () => DateScalar, AS_OF_ARG) asOf: string | undefined,
    @Arg('metric', () => QuotaMetric, METRIC_ARG) metric: QuotaMetric,
    @Ctx() ctx: Context,
  ): Promise<Attainment> {
    const owner = await requireOwner(ctx.em, parseOptionalId(memberId, 'memberId'), parseOptionalId(teamId, 'teamId'));
    await assertCanReadOwner(ctx, owner, ATTAINMENT_READ);
    return owner.kind === OwnerKind.MEMBER
      ? loadAttainment(ctx, OwnerKind.MEMBER, owner.member.id, periodId, metric, asOf)
      : loadAttainment(ctx, OwnerKind.TEAM, owner.team.id, periodId, metric, asOf);
  }

  @FieldResolver(() => Period, { description: 'The period.' })
  async period(@Root() attainment: Attainment, @Ctx() ctx: Context): Promise<Period> {
    return attainment.periodRecord ?? (await ctx.loaders.get(periodById).load(attainment.periodId))!;
  }
}

@Resolver(() => Member)
export class MemberAttainmentResolver {
  @FieldResolver(() => Attainment, {
    description: "The member's attainment of a quota metric and its forecast for a period (part of the team card).",
  })
  async attainment(
    @Root() member: Member,
    @Arg('periodId', () => ID, PERIOD_ARG) periodId: string,
    @Arg('asOf', () => DateScalar, AS_OF_ARG) asOf: string | undefined,
    @Arg('metric', () => QuotaMetric, METRIC_ARG) metric: QuotaMetric,
    @Ctx() ctx: Context,
  ): Promise<Attainment> {
    if (!(await canReadMemberAt(ctx, member, 'card'))) throw forbidden(`you may not read the attainment of member ${member.id}`);
    return loadAttainment(ctx, OwnerKind.MEMBER, member.id, periodId, metric, asOf);
  }
}

@Resolver(() => Team)
export class TeamAttainmentResolver {
  @FieldResolver(() => Attainment, {
    description: "The team's attainment of a quota metric and its forecast for a period, rolled up over its whole subtree.",
  })
  async attainment(
    @Root() team: Team,
    @Arg('periodId', () => ID, PERIOD_ARG) periodId: string,
    @Arg('asOf', () => DateScalar, AS_OF_ARG) asOf: string | undefined,
    @Arg('metric', () => QuotaMetric, METRIC_ARG) metric: QuotaMetric,
    @Ctx() ctx: Context,
  ): Promise<Attainment> {
    await ctx.access.assertCanReadTeam(team, 'card');
    return loadAttainment(ctx, OwnerKind.TEAM, team.id, periodId, metric, asOf);
  }
}
