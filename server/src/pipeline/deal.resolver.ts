import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Customer } from '../customers/customer.entity.js';
import { requireSeller } from '../customers/customer.service.js';
import { FollowUp, Interaction } from '../customers/interaction.entity.js';
import { Lead } from '../customers/lead.entity.js';
import { requireLead } from '../customers/lead.service.js';
import { customerById, followUpsOfDeal, interactionsOfDeal, leadById } from '../customers/loaders.js';
import { badInput } from '../errors.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { DecimalScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { formatMoney, toKopecks } from '../money.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { recordScopeFilter } from '../records.js';
import { Channel } from '../strategy/channel.entity.js';
import { channelById, productById } from '../strategy/loaders.js';
import { Product } from '../strategy/product.entity.js';
import { containsPattern } from '../validate.js';
import { Deal } from './deal.entity.js';
import { createDeal, loseDeal, moveDeal, reopenDeal, requireDeal, updateDeal, winDeal } from './deal.service.js';
import { divideRounded } from '../decimal.js';
import { CreateDealInput, DealFilter, LoseDealInput, ReopenDealInput, UpdateDealInput, WinDealInput } from './inputs.js';
import { changesOfDeal, stageById } from './loaders.js';
import { DealStageChange } from './stage-change.entity.js';
import { SalesStage } from './stage.entity.js';

@ObjectType({ description: 'A page of deals.' })
export class DealConnection extends Connection(Deal, 'Deal', 'deal') {}

async function readableDeal(ctx: Context, id: string): Promise<Deal> {
  const deal = await requireDeal(ctx.em, parseId(id, 'id'));
  await ctx.access.assertCanReadRecord({ teamPaths: [deal.team.path], memberIds: [deal.owner.id] }, `deal ${deal.id}`);
  return deal;
}

/** The owner, the managers above the deal's team and admins change a deal; analysts never. */
async function writableDeal(ctx: Context, id: string, action: string): Promise<number> {
  const deal = await requireDeal(ctx.em, parseId(id, 'id'));
  await ctx.access.assertCanWriteRecordsOf(deal.owner.id, deal.team, `${action} deal ${deal.id}`);
  return deal.id;
}

@Resolver(() => Deal)
export class DealResolver {
  @Query(() => Deal, { description: 'One deal by id.' })
  async deal(@Arg('id', () => ID, { description: 'Deal id.' }) id: string, @Ctx() ctx: Context): Promise<Deal> {
    return readableDeal(ctx, id);
  }

  @Query(() => DealConnection, {
    description:
      'Deals the caller may read (own, their subtree, or all for analysts and admins), by expected close date, a page at a time.',
  })
  async deals(
    @Arg('filter', () => DealFilter, { nullable: true, description: 'Which deals to list.' }) filter: DealFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Deal>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Deal>[] = [recordScopeFilter(await ctx.access.recordScope(), ['team'], ['owner'])];
    if (filter?.teamId) {
      const team = await requireTeam(ctx.em, parseId(filter.teamId, 'filter.teamId'), 'filter.teamId');
      where.push({ team: { path: { $like: `${team.path}%` } } });
    }
    if (filter?.ownerId) where.push({ owner: parseId(filter.ownerId, 'filter.ownerId') });
    if (filter?.accountId) where.push({ account: parseId(filter.accountId, 'filter.accountId') });
    if (filter?.stageId) where.push({ stage: parseId(filter.stageId, 'filter.stageId') });
    if (filter?.status) where.push({ status: filter.status });
    if (filter?.channelId) where.push({ channel: parseId(filter.channelId, 'filter.channelId') });
    if (filter?.productId) where.push({ product: parseId(filter.productId, 'filter.productId') });
    if (filter?.expectedCloseFrom) where.push({ expectedCloseDate: { $gte: filter.expectedCloseFrom } });
    if (filter?.expectedCloseTo) where.push({ expectedCloseDate: { $lte: filter.expectedCloseTo } });
    if (filter?.closedFrom) where.push({ closeDate: { $gte: filter.closedFrom } });
    if (filter?.closedTo) where.push({ closeDate: { $lte: filter.closedTo } });
    if (filter?.text?.trim()) where.push({ title: { $ilike: containsPattern(filter.text) } });
    return paginate(ctx.em, Deal, { $and: where }, 'expectedCloseDate', request);
  }

  @FieldResolver(() => Customer, { description: 'The customer account.' })
  async account(@Root() deal: Deal, @Ctx() ctx: Context): Promise<Customer> {
    return (await ctx.loaders.get(customerById).load(deal.account.id))!;
  }

  @FieldResolver(() => Member, { description: 'The member who owns the deal.' })
  async owner(@Root() deal: Deal, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(deal.owner.id))!;
  }

  @FieldResolver(() => Team, { description: "The team credited with the deal: the owner's team when the deal was created or reassigned." })
  async team(@Root() deal: Deal, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(deal.team.id))!;
  }

  @FieldResolver(() => SalesStage, { description: 'The stage the deal is in.' })
  async stage(@Root() deal: Deal, @Ctx() ctx: Context): Promise<SalesStage> {
    return (await ctx.loaders.get(stageById).load(deal.stage.id))!;
  }

  @FieldResolver(() => SalesStage, { description: 'The furthest open stage the deal has reached: what the funnel counts it in.' })
  async furthestStage(@Root() deal: Deal, @Ctx() ctx: Context): Promise<SalesStage> {
    return (await ctx.loaders.get(stageById).load(deal.furthestStage.id))!;
  }

  @FieldResolver(() => DecimalScalar, {
    description: "Amount weighted by the stage's win probability (amount × probability / 100), to the kopeck.",
  })
  async weightedAmount(@Root() deal: Deal, @Ctx() ctx: Context): Promise<string> {
    const stage = (await ctx.loaders.get(stageById).load(deal.stage.id))!;
    return formatMoney(divideRounded(toKopecks(deal.amount) * toKopecks(stage.probability), 10_000n));
  }

  @FieldResolver(() => Channel, { description: 'The sales channel.' })
  async channel(@Root() deal: Deal, @Ctx() ctx: Context): Promise<Channel> {
    return (await ctx.loaders.get(channelById).load(deal.channel.id))!;
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product sold, if set.' })
  async product(@Root() deal: Deal, @Ctx() ctx: Context): Promise<Product | null> {
    return deal.product ? ((await ctx.loaders.get(productById).load(deal.product.id)) ?? null) : null;
  }

  @FieldResolver(() => Lead, { nullable: true, description: 'The lead the deal was made from, if any.' })
  async lead(@Root() deal: Deal, @Ctx() ctx: Context): Promise<Lead | null> {
    return deal.lead ? ((await ctx.loaders.get(leadById).load(deal.lead.id)) ?? null) : null;
  }

  @FieldResolver(() => [DealStageChange], {
    description: 'Every stage change, oldest first, starting with the stage the deal was created in.',
  })
  async stageHistory(@Root() deal: Deal, @Ctx() ctx: Context): Promise<DealStageChange[]> {
    return ctx.loaders.get(changesOfDeal).load(deal.id);
  }

  @FieldResolver(() => [Interaction], { description: 'Interactions about this deal, newest first.' })
  async interactions(@Root() deal: Deal, @Ctx() ctx: Context): Promise<Interaction[]> {
    return ctx.loaders.get(interactionsOfDeal).load(deal.id);
  }

  @FieldResolver(() => [FollowUp], { description: 'Follow-ups about this deal, by due date.' })
  async followUps(@Root() deal: Deal, @Ctx() ctx: Context): Promise<FollowUp[]> {
    return ctx.loaders.get(followUpsOfDeal).load(deal.id);
  }

  @Mutation(() => Deal, {
    description: 'Creates a deal in an open stage (default the first); its owner, the managers above the owner and admins may.',
  })
  async createDeal(@Arg('input', () => CreateDealInput) input: CreateDealInput, @Ctx() ctx: Context): Promise<Deal> {
    const leadId = parseOptionalId(input.leadId, 'leadId');
    const lead = leadId ? await requireLead(ctx.em, leadId, 'leadId') : null;
    // Converting a lead changes it: only whoever may change the lead (its owner, the managers above, admins).
    if (lead) await ctx.access.assertCanWriteRecordsOf(lead.owner.id, lead.team as Team, `convert lead ${lead.id}`);
    const ownerId = parseOptionalId(input.ownerId, 'ownerId') ?? lead?.owner.id ?? ctx.viewer.memberId;
    if (!ownerId) throw badInput('ownerId', 'required', 'name the owner of the deal');
    const owner = await requireSeller(ctx.em, ownerId, 'ownerId');
    await ctx.access.assertCanWriteRecordsOf(owner.id, owner.team, `create deals for member ${owner.id}`);
    const draft = {
      ...input,
      accountId: parseId(input.accountId, 'accountId'),
      ownerId,
      channelId: parseOptionalId(input.channelId, 'channelId'),
      productId: parseOptionalId(input.productId, 'productId'),
      stageId: parseOptionalId(input.stageId, 'stageId'),
      leadId,
    };
    return ctx.em.transactional((em) => createDeal(em, draft, ctx.viewer.memberId));
  }

  @Mutation(() => Deal, { description: "Changes an open deal's title, customer, amount, channel, product, expected close date or owner." })
  async updateDeal(
    @Arg('id', () => ID, { description: 'Deal id.' }) id: string,
    @Arg('input', () => UpdateDealInput) input: UpdateDealInput,
    @Ctx() ctx: Context,
  ): Promise<Deal> {
    const dealId = await writableDeal(ctx, id, 'change');
    const ownerId = parseOptionalId(input.ownerId, 'ownerId');
    if (ownerId) {
      const owner = await requireSeller(ctx.em, ownerId, 'ownerId');
      await ctx.access.assertCanManageTeam(owner.team, `reassign deals to member ${owner.id}`);
    }
    const patch = {
      ...input,
      accountId: parseOptionalId(input.accountId, 'accountId'),
      ownerId,
      channelId: parseOptionalId(input.channelId, 'channelId'),
      productId: parseOptionalId(input.productId, 'productId'),
    };
    return ctx.em.transactional((em) => updateDeal(em, dealId, patch, input.expectedVersion));
  }

  @Mutation(() => Deal, {
    description: 'Moves an open deal to another OPEN stage (forwards or backwards); closing goes through winDeal / loseDeal.',
  })
  async moveDeal(
    @Arg('id', () => ID, { description: 'Deal id.' }) id: string,
    @Arg('stageId', () => ID, { description: 'An open stage.' }) stageId: string,
    @Arg('note', () => String, { nullable: true, description: 'Why it moves.' }) note: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the deal is still at this version.' })
    expectedVersion: number | null,
    @Ctx() ctx: Context,
  ): Promise<Deal> {
    const dealId = await writableDeal(ctx, id, 'move');
    const stage = parseId(stageId, 'stageId');
    return ctx.em.transactional((em) => moveDeal(em, dealId, stage, note, ctx.viewer.memberId, expectedVersion));
  }

  @Mutation(() => Deal, {
    description:
      'Closes an open deal as won: WON stage, close date, reason; the customer becomes a CUSTOMER (or RETAINED on a repeat win).',
  })
  async winDeal(
    @Arg('id', () => ID, { description: 'Deal id.' }) id: string,
    @Arg('input', () => WinDealInput) input: WinDealInput,
    @Ctx() ctx: Context,
  ): Promise<Deal> {
    const dealId = await writableDeal(ctx, id, 'win');
    return ctx.em.transactional((em) => winDeal(em, dealId, input, ctx.viewer.memberId, input.expectedVersion));
  }

  @Mutation(() => Deal, { description: 'Closes an open deal as lost, with a close date and a reason.' })
  async loseDeal(
    @Arg('id', () => ID, { description: 'Deal id.' }) id: string,
    @Arg('input', () => LoseDealInput) input: LoseDealInput,
    @Ctx() ctx: Context,
  ): Promise<Deal> {
    const dealId = await writableDeal(ctx, id, 'lose');
    return ctx.em.transactional((em) => loseDeal(em, dealId, input, ctx.viewer.memberId, input.expectedVersion));
  }

  @Mutation(() => Deal, { description: 'Reopens a won or lost deal into an open stage; the only way to change a closed deal.' })
  async reopenDeal(
    @Arg('id', () => ID, { description: 'Deal id.' }) id: string,
    @Arg('input', () => ReopenDealInput) input: ReopenDealInput,
    @Ctx() ctx: Context,
  ): Promise<Deal> {
    const dealId = await writableDeal(ctx, id, 'reopen');
    const draft = { stageId: parseOptionalId(input.stageId, 'stageId'), reason: input.reason };
    return ctx.em.transactional((em) => reopenDeal(em, dealId, draft, ctx.viewer.memberId, input.expectedVersion));
  }
}

@Resolver(() => DealStageChange)
export class DealStageChangeResolver {
  @FieldResolver(() => SalesStage, { nullable: true, description: 'The stage left; null for the stage the deal was created in.' })
  async fromStage(@Root() change: DealStageChange, @Ctx() ctx: Context): Promise<SalesStage | null> {
    return change.fromStage ? ((await ctx.loaders.get(stageById).load(change.fromStage.id)) ?? null) : null;
  }

  @FieldResolver(() => SalesStage, { description: 'The stage entered.' })
  async toStage(@Root() change: DealStageChange, @Ctx() ctx: Context): Promise<SalesStage> {
    return (await ctx.loaders.get(stageById).load(change.toStage.id))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member who moved the deal, when known.' })
  async changedBy(@Root() change: DealStageChange, @Ctx() ctx: Context): Promise<Member | null> {
    return change.changedById ? ((await ctx.loaders.get(memberById).load(change.changedById)) ?? null) : null;
  }
}
