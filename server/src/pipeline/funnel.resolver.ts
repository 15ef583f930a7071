import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { DecimalScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { requireMember } from '../org/member.service.js';
import { requireTeam } from '../org/team.service.js';
import { dateRange } from '../goals/period.service.js';
import type { DealSelection } from './deal-selection.js';
import { computeFunnel } from './funnel.service.js';
import { FunnelFilter } from './inputs.js';
import { SalesStage } from './stage.entity.js';

// Plain data types: their fields are read straight from the object, without resolver middleware.
@ObjectType({ simpleResolvers: true, description: 'A count of deals and their total amount.' })
export class FunnelOutcome {
  @Field(() => Int, { description: 'Number of deals.' })
  deals!: number;

  @Field(() => DecimalScalar, { description: 'Sum of their amounts.' })
  amount!: string;
}

@ObjectType({ simpleResolvers: true, description: 'One open stage of the funnel: the selected deals that reached it.' })
export class FunnelStage {
  @Field(() => SalesStage, { description: 'The stage.' })
  stage!: SalesStage;

  @Field(() => Int, {
    description: 'Selected deals that reached the stage: their furthest open stage is this one or a later one, or they were won.',
  })
  deals!: number;

  @Field(() => DecimalScalar, { description: 'Sum of the current amounts of those deals.' })
  amount!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'deals / deals of the previous open stage, as a fraction with four decimals ("0.4375"); null for the first stage or when the previous stage has none.',
  })
  conversionFromPrevious!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'deals / deals of the first open stage, four decimals; null when the first stage has none.',
  })
  conversionFromFirst!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Median length in days (one decimal) of the completed stays of the selected deals in this stage; null when none ended yet.',
  })
  medianDaysInStage!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'The sales funnel (воронка продаж) of a selection of deals: how many deals and how much value reached each open stage of the process, the conversion between stages, the time spent in them, and the outcomes.',
})
export class Funnel {
  @Field(() => [FunnelStage], { description: 'The active open stages in process order.' })
  stages!: FunnelStage[];

  @Field(() => Int, { description: 'Every selected deal, whatever its status.' })
  deals!: number;

  @Field(() => FunnelOutcome, { description: 'Selected deals still open.' })
  open!: FunnelOutcome;

  @Field(() => FunnelOutcome, { description: 'Selected deals won.' })
  won!: FunnelOutcome;

  @Field(() => FunnelOutcome, { description: 'Selected deals lost.' })
  lost!: FunnelOutcome;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'won / (won + lost) by number of deals, four decimals; null when none is closed.',
  })
  winRate!: string | null;
}

@Resolver()
export class FunnelResolver {
  @Query(() => Funnel, {
    description:
      'The funnel of the deals created in a period, for a team subtree, a member, a channel or a product. Managers read their subtrees, reps their own deals, analysts and admins everything; whatever the filter, only the deals the caller may read are counted (without team or member: every one of them).',
  })
  async funnel(@Arg('filter', () => FunnelFilter) filter: FunnelFilter, @Ctx() ctx: Context): Promise<Funnel> {
    const range = await dateRange(ctx.em, filter);
    const selection: DealSelection = {
      scope: await ctx.access.recordScope(),
      createdFrom: range.from,
      createdTo: range.to,
      channelId: parseOptionalId(filter.channelId, 'filter.channelId'),
      productId: parseOptionalId(filter.productId, 'filter.productId'),
    };
    if (filter.teamId) {
      const team = await requireTeam(ctx.em, parseId(filter.teamId, 'filter.teamId'), 'filter.teamId');
      await ctx.access.assertCanReadTeam(team, 'records');
      selection.teamPath = team.path;
    }
    if (filter.memberId) {
      const member = await requireMember(ctx.em, parseId(filter.memberId, 'filter.memberId'), 'filter.memberId');
      await ctx.access.assertCanReadMember(member, 'records');
      selection.memberId = member.id;
    }
    return computeFunnel(ctx.em, selection);
  }
}
