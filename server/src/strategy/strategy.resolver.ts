import type { FilterQuery } from '@mikro-orm/postgresql';
import { dateRange } from '../goals/period.service.js';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../errors.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { SalesStage } from '../pipeline/stage.entity.js';
import { activeStages } from '../pipeline/stage.service.js';
import { Channel } from './channel.entity.js';
import { computeChannelEffectiveness, type ChannelEffectivenessRow } from './channel-effectiveness.service.js';
import { ChannelEffectivenessFilter, CreateStrategyInput, ReviewStrategyInput, StrategyFilter, UpdateStrategyInput } from './inputs.js';
import {
  activeKpisOfStrategy,
  channelById,
  channelsOfStrategy,
  competitorsOfStrategy,
  kpiById,
  productById,
  propositionsOfStrategy,
  reviewsOfStrategy,
  segmentById,
  segmentsOfStrategy,
  valuesOfReview,
} from './loaders.js';
import { Product } from './product.entity.js';
import { createStrategy, nextReviewDue, requireStrategy, reviewStrategy, updateStrategy } from './strategy.service.js';
import {
  Competitor,
  MarketSegment,
  SellingProposition,
  Strategy,
  StrategyChannel,
  StrategyKpi,
  StrategyKpiValue,
  StrategyReview,
} from './strategy.entity.js';

@ObjectType({ description: 'A page of strategies.' })
export class StrategyConnection extends Connection(Strategy, 'Strategy', 'strategy') {}

@ObjectType({
  description:
    'How well a channel works over a period: leads created and qualified in it, deals closed in it (by close date), revenue and cycle time. Ratios have four decimals and are null when nothing is there to divide by.',
})
export class ChannelEffectiveness implements Omit<ChannelEffectivenessRow, 'channelId'> {
  channelId!: number;

  @Field(() => Int, { description: 'Leads that arrived through the channel in the period.' })
  leads!: number;

  @Field(() => Int, { description: 'Of those, the leads that were qualified (now QUALIFIED or CONVERTED).' })
  qualifiedLeads!: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Lead conversion: qualifiedLeads / leads.' })
  leadConversion!: string | null;

  @Field(() => Int, { description: 'Deals of the channel won with a close date in the period.' })
  dealsWon!: number;

  @Field(() => Int, { description: 'Deals of the channel lost with a close date in the period.' })
  dealsLost!: number;

  @Field(() => DecimalScalar, { description: 'Sum of the amounts of the deals won.' })
  revenue!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'dealsWon / (dealsWon + dealsLost).' })
  winRate!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Average days from creation to close of the deals won, one decimal.' })
  averageCycleDays!: string | null;
}

/** Strategies of a team are maintained by the managers above it; organisation-wide ones by admins. */
async function assertCanManageStrategy(ctx: Context, team: Team | null, action: string): Promise<void> {
  await ctx.access.assertCanWrite(action);
  if (team) await ctx.access.assertCanManageTeam(team, action);
  else await ctx.access.assertCanManageOrganisation(`${action} for the whole organisation`);
}

@Resolver(() => Strategy)
export class StrategyResolver {
  @Query(() => Strategy, { description: 'One sales strategy by id; strategies are read by the whole organisation.' })
  async strategy(@Arg('id', () => ID, { description: 'Strategy id.' }) id: string, @Ctx() ctx: Context): Promise<Strategy> {
    return requireStrategy(ctx.em, parseId(id, 'id'));
  }

  @Query(() => StrategyConnection, { description: 'Sales strategies by name, a page at a time.' })
  async strategies(
    @Arg('filter', () => StrategyFilter, { nullable: true, description: 'Which strategies to list.' }) filter: StrategyFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Strategy>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Strategy>[] = [];
    if (filter?.status) where.push({ status: filter.status });
    if (filter?.teamId) where.push({ team: parseId(filter.teamId, 'filter.teamId') });
    if (filter?.organisationOnly) where.push({ team: null });
    return paginate(ctx.em, Strategy, { $and: where }, 'name', request);
  }

  @Query(() => [ChannelEffectiveness], {
    description:
      'Effectiveness of every channel over a period: leads, qualified leads, lead conversion, deals won and lost, revenue, win rate and average cycle time, over the leads and deals the caller may read.',
  })
  async channelEffectiveness(
    @Arg('filter', () => ChannelEffectivenessFilter, { nullable: true, description: 'Period and team.' }) filter:
      | ChannelEffectivenessFilter
      | undefined,
    @Ctx() ctx: Context,
  ): Promise<ChannelEffectivenessRow[]> {
    const range = await dateRange(ctx.em, filter);
    let teamPath: string | null = null;
    if (filter?.teamId) {
      const team = await requireTeam(ctx.em, parseId(filter.teamId, 'filter.teamId'), 'filter.teamId');
      await ctx.access.assertCanReadTeam(team, 'records');
      teamPath = team.path;
    }
    return computeChannelEffectiveness(ctx.em, { scope: await ctx.access.recordScope(), teamPath, from: range.from, to: range.to });
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team whose strategy this is; null for the whole organisation.' })
  async team(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<Team | null> {
    return strategy.team ? ((await ctx.loaders.get(teamById).load(strategy.team.id)) ?? null) : null;
  }

  @FieldResolver(() => Member, { description: 'The member who owns the strategy.' })
  async owner(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(strategy.owner.id))!;
  }

  @FieldResolver(() => [MarketSegment], { description: 'Market segments of the analysis.' })
  async segments(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<MarketSegment[]> {
    return ctx.loaders.get(segmentsOfStrategy).load(strategy.id);
  }

  @FieldResolver(() => [Competitor], { description: 'Competitors, by name.' })
  async competitors(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<Competitor[]> {
    return ctx.loaders.get(competitorsOfStrategy).load(strategy.id);
  }

  @FieldResolver(() => [SellingProposition], { description: 'Selling propositions per product or segment.' })
  async sellingPropositions(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<SellingProposition[]> {
    return ctx.loaders.get(propositionsOfStrategy).load(strategy.id);
  }

  @FieldResolver(() => [StrategyChannel], { description: 'Chosen channels, by priority.' })
  async channels(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<StrategyChannel[]> {
    return ctx.loaders.get(channelsOfStrategy).load(strategy.id);
  }

  @FieldResolver(() => [SalesStage], {
    description: "The sales process the strategy relies on: the organisation's active stages in order.",
  })
  async salesProcess(@Ctx() ctx: Context): Promise<SalesStage[]> {
    return activeStages(ctx.em);
  }

  @FieldResolver(() => [StrategyKpi], { description: 'Active KPIs.' })
  async kpis(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<StrategyKpi[]> {
    return ctx.loaders.get(activeKpisOfStrategy).load(strategy.id);
  }

  @FieldResolver(() => [StrategyReview], { description: 'Reviews, the latest first.' })
  async reviews(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<StrategyReview[]> {
    return ctx.loaders.get(reviewsOfStrategy).load(strategy.id);
  }

  @FieldResolver(() => DateScalar, { description: 'When the next review is due: the latest review (or the start) plus reviewEveryMonths.' })
  async nextReviewDue(@Root() strategy: Strategy, @Ctx() ctx: Context): Promise<string> {
    const reviews = await ctx.loaders.get(reviewsOfStrategy).load(strategy.id);
    return nextReviewDue(strategy, reviews[0]?.reviewedOn ?? null);
  }

  @Mutation(() => Strategy, { description: 'Creates a strategy: for a team (its managers) or the whole organisation (admins).' })
  async createStrategy(@Arg('input', () => CreateStrategyInput) input: CreateStrategyInput, @Ctx() ctx: Context): Promise<Strategy> {
    const teamId = parseOptionalId(input.teamId, 'teamId');
    const team = teamId ? await requireTeam(ctx.em, teamId, 'teamId') : null;
    await assertCanManageStrategy(ctx, team, 'create strategies');
    const ownerId = parseOptionalId(input.ownerId, 'ownerId') ?? ctx.viewer.memberId;
    if (!ownerId) throw badInput('ownerId', 'required', 'name the owner of the strategy');
    const draft = {
      ...input,
      teamId,
      ownerId,
      propositions: input.propositions?.map((p, i) => ({ ...p, productId: parseOptionalId(p.productId, `propositions[${i}].productId`) })),
      channels: input.channels?.map((c, i) => ({ ...c, channelId: parseId(c.channelId, `channels[${i}].channelId`) })),
      kpis: input.kpis?.map((k, i) => ({ ...k, id: parseOptionalId(k.id, `kpis[${i}].id`) })),
    };
    return ctx.em.transactional((em) => createStrategy(em, draft));
  }

  @Mutation(() => Strategy, {
    description: 'Changes a strategy (the managers of its team, or admins); lists given replace the current ones.',
  })
  async updateStrategy(
    @Arg('id', () => ID, { description: 'Strategy id.' }) id: string,
    @Arg('input', () => UpdateStrategyInput) input: UpdateStrategyInput,
    @Ctx() ctx: Context,
  ): Promise<Strategy> {
    const strategy = await requireStrategy(ctx.em, parseId(id, 'id'));
    await assertCanManageStrategy(ctx, strategy.team as Team | null, 'change strategies');
    const patch = {
      ...input,
      ownerId: parseOptionalId(input.ownerId, 'ownerId'),
      propositions: input.propositions?.map((p, i) => ({ ...p, productId: parseOptionalId(p.productId, `propositions[${i}].productId`) })),
      channels: input.channels?.map((c, i) => ({ ...c, channelId: parseId(c.channelId, `channels[${i}].channelId`) })),
      kpis: input.kpis?.map((k, i) => ({ ...k, id: parseOptionalId(k.id, `kpis[${i}].id`) })),
    };
    return ctx.em.transactional((em) => updateStrategy(em, strategy.id, patch));
  }

  @Mutation(() => StrategyReview, {
    description: 'Records a review of an active strategy: the value of every KPI at review time and what was changed.',
  })
  async reviewStrategy(
    @Arg('strategyId', () => ID, { description: 'Strategy id.' }) strategyId: string,
    @Arg('input', () => ReviewStrategyInput) input: ReviewStrategyInput,
    @Ctx() ctx: Context,
  ): Promise<StrategyReview> {
    const strategy = await requireStrategy(ctx.em, parseId(strategyId, 'strategyId'), 'strategyId');
    await assertCanManageStrategy(ctx, strategy.team as Team | null, 'review strategies');
    const draft = {
      ...input,
      kpiValues: input.kpiValues.map((v, i) => ({ kpiId: parseId(v.kpiId, `kpiValues[${i}].kpiId`), value: v.value })),
    };
    return ctx.em.transactional((em) => reviewStrategy(em, strategy.id, draft, ctx.viewer.memberId));
  }
}

@Resolver(() => ChannelEffectiveness)
export class ChannelEffectivenessResolver {
  @FieldResolver(() => Channel, { description: 'The channel.' })
  async channel(@Root() row: ChannelEffectiveness, @Ctx() ctx: Context): Promise<Channel> {
    return (await ctx.loaders.get(channelById).load(row.channelId))!;
  }
}

@Resolver(() => SellingProposition)
export class SellingPropositionResolver {
  @FieldResolver(() => MarketSegment, { nullable: true, description: 'The segment it addresses, if any.' })
  async segment(@Root() proposition: SellingProposition, @Ctx() ctx: Context): Promise<MarketSegment | null> {
    return proposition.segment ? ((await ctx.loaders.get(segmentById).load(proposition.segment.id)) ?? null) : null;
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product it is about, if any.' })
  async product(@Root() proposition: SellingProposition, @Ctx() ctx: Context): Promise<Product | null> {
    return proposition.product ? ((await ctx.loaders.get(productById).load(proposition.product.id)) ?? null) : null;
  }
}

@Resolver(() => StrategyChannel)
export class StrategyChannelResolver {
  @FieldResolver(() => Channel, { description: 'The channel.' })
  async channel(@Root() choice: StrategyChannel, @Ctx() ctx: Context): Promise<Channel> {
    return (await ctx.loaders.get(channelById).load(choice.channel.id))!;
  }
}

@Resolver(() => StrategyReview)
export class StrategyReviewResolver {
  @FieldResolver(() => [StrategyKpiValue], { description: 'The KPI values recorded.' })
  async kpiValues(@Root() review: StrategyReview, @Ctx() ctx: Context): Promise<StrategyKpiValue[]> {
    return ctx.loaders.get(valuesOfReview).load(review.id);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member who recorded the review, when known.' })
  async reviewedBy(@Root() review: StrategyReview, @Ctx() ctx: Context): Promise<Member | null> {
    return review.reviewedById ? ((await ctx.loaders.get(memberById).load(review.reviewedById)) ?? null) : null;
  }
}

@Resolver(() => StrategyKpiValue)
export class StrategyKpiValueResolver {
  @FieldResolver(() => StrategyKpi, { description: 'The KPI (possibly archived since).' })
  async kpi(@Root() value: StrategyKpiValue, @Ctx() ctx: Context): Promise<StrategyKpi> {
    return (await ctx.loaders.get(kpiById).load(value.kpi.id))!;
  }
}
