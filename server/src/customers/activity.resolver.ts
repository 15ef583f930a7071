import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../errors.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { requireTeam } from '../org/team.service.js';
import { dayAfter } from '../pipeline/deal-selection.js';
import { Deal } from '../pipeline/deal.entity.js';
import { dealById } from '../pipeline/loaders.js';
import { recordScopeFilter } from '../records.js';
import { todayIso } from '../validate.js';
import { completeFollowUp, createFollowUp, logInteraction, requireActiveMember, requireFollowUp } from './activity.service.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import { CreateFollowUpInput, FollowUpFilter, InteractionFilter, LogInteractionInput } from './inputs.js';
import { FollowUp, Interaction } from './interaction.entity.js';
import { contactById, customerById, interactionById, overdueCountOfMember, overdueFollowUpsOfMember } from './loaders.js';

@ObjectType({ description: 'A page of interactions.' })
export class InteractionConnection extends Connection(Interaction, 'Interaction', 'interaction') {}

@ObjectType({ description: 'A page of follow-ups.' })
export class FollowUpConnection extends Connection(FollowUp, 'FollowUp', 'follow-up') {}

/** The deal, when the caller may read it (interactions and follow-ups may outlive a change of owner). */
async function readableDeal(ctx: Context, id: number | undefined): Promise<Deal | null> {
  if (!id) return null;
  const deal = await ctx.loaders.get(dealById).load(id);
  if (!deal) return null;
  const team = (await ctx.loaders.get(teamById).load(deal.team.id))!;
  return (await ctx.access.canReadRecord({ teamPaths: [team.path], memberIds: [deal.owner.id] })) ? deal : null;
}

@Resolver(() => Interaction)
export class InteractionResolver {
  @Query(() => InteractionConnection, {
    description: 'Interactions the caller may read (by members whose records they read), oldest first, a page at a time.',
  })
  async interactions(
    @Arg('filter', () => InteractionFilter, { nullable: true, description: 'Which interactions to list.' }) filter:
      | InteractionFilter
      | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Interaction>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Interaction>[] = [recordScopeFilter(await ctx.access.recordScope(), ['member.team'], ['member'])];
    if (filter?.customerId) where.push({ customer: parseId(filter.customerId, 'filter.customerId') });
    if (filter?.dealId) where.push({ deal: parseId(filter.dealId, 'filter.dealId') });
    if (filter?.memberId) where.push({ member: parseId(filter.memberId, 'filter.memberId') });
    if (filter?.kind) where.push({ kind: filter.kind });
    if (filter?.from) where.push({ occurredAt: { $gte: new Date(`${filter.from}T00:00:00Z`) } });
    if (filter?.to) where.push({ occurredAt: { $lt: new Date(dayAfter(filter.to)) } });
    return paginate(ctx.em, Interaction, { $and: where }, 'id', request);
  }

  @FieldResolver(() => Customer, { description: 'The customer.' })
  async customer(@Root() interaction: Interaction, @Ctx() ctx: Context): Promise<Customer> {
    return (await ctx.loaders.get(customerById).load(interaction.customer.id))!;
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal it was about, if any and if the caller may read it.' })
  async deal(@Root() interaction: Interaction, @Ctx() ctx: Context): Promise<Deal | null> {
    return readableDeal(ctx, interaction.deal?.id);
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The contact spoken to, if known.' })
  async contact(@Root() interaction: Interaction, @Ctx() ctx: Context): Promise<Contact | null> {
    return interaction.contact ? ((await ctx.loaders.get(contactById).load(interaction.contact.id)) ?? null) : null;
  }

  @FieldResolver(() => Member, { description: 'The member who had the interaction.' })
  async member(@Root() interaction: Interaction, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(interaction.member.id))!;
  }

  @Mutation(() => Interaction, {
    description:
      'Logs a call, e-mail, meeting or note with a customer (by the caller, or by a member of their subtree), optionally with the follow-up promised in it.',
  })
  async logInteraction(@Arg('input', () => LogInteractionInput) input: LogInteractionInput, @Ctx() ctx: Context): Promise<Interaction> {
    const memberId = parseOptionalId(input.memberId, 'memberId') ?? ctx.viewer.memberId;
    if (!memberId) throw badInput('memberId', 'required', 'name the member who had the interaction');
    const member = await requireActiveMember(ctx.em, memberId, 'memberId');
    await ctx.access.assertCanWriteRecordsOf(member.id, member.team, `log interactions for member ${member.id}`);
    const assigneeId = parseOptionalId(input.followUp?.assigneeId, 'followUp.assigneeId');
    if (assigneeId && assigneeId !== member.id) {
      const assignee = await requireActiveMember(ctx.em, assigneeId, 'followUp.assigneeId');
      await ctx.access.assertCanWriteRecordsOf(assignee.id, assignee.team, `assign follow-ups to member ${assignee.id}`);
    }
    const draft = {
      ...input,
      customerId: parseId(input.customerId, 'customerId'),
      dealId: parseOptionalId(input.dealId, 'dealId'),
      contactId: parseOptionalId(input.contactId, 'contactId'),
      memberId,
      followUp: input.followUp ? { ...input.followUp, assigneeId } : null,
    };
    return ctx.em.transactional((em) => logInteraction(em, draft, ctx.viewer.memberId));
  }
}

@Resolver(() => FollowUp)
export class FollowUpResolver {
  @Query(() => FollowUpConnection, {
    description: 'Follow-ups the caller may read (assigned to members whose records they read), by due date, a page at a time.',
  })
  async followUps(
    @Arg('filter', () => FollowUpFilter, { nullable: true, description: 'Which follow-ups to list.' }) filter: FollowUpFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<FollowUp>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<FollowUp>[] = [recordScopeFilter(await ctx.access.recordScope(), ['assignee.team'], ['assignee'])];
    if (filter?.assigneeId) where.push({ assignee: parseId(filter.assigneeId, 'filter.assigneeId') });
    if (filter?.teamId) {
      const team = await requireTeam(ctx.em, parseId(filter.teamId, 'filter.teamId'), 'filter.teamId');
      where.push({ assignee: { team: { path: { $like: `${team.path}%` } } } });
    }
    if (filter?.customerId) where.push({ customer: parseId(filter.customerId, 'filter.customerId') });
    if (filter?.dealId) where.push({ deal: parseId(filter.dealId, 'filter.dealId') });
    if (filter?.overdue === true) where.push({ done: false, dueDate: { $lt: todayIso() } });
    if (filter?.overdue === false) where.push({ $or: [{ done: true }, { dueDate: { $gte: todayIso() } }] });
    if (filter?.done != null) where.push({ done: filter.done });
    if (filter?.dueBefore) where.push({ dueDate: { $lte: filter.dueBefore } });
    return paginate(ctx.em, FollowUp, { $and: where }, 'dueDate', request);
  }

  @FieldResolver(() => Boolean, { description: 'Not done and due before today.' })
  overdue(@Root() followUp: FollowUp): boolean {
    return !followUp.done && followUp.dueDate < todayIso();
  }

  @FieldResolver(() => Customer, { description: 'The customer.' })
  async customer(@Root() followUp: FollowUp, @Ctx() ctx: Context): Promise<Customer> {
    return (await ctx.loaders.get(customerById).load(followUp.customer.id))!;
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal, if any and if the caller may read it.' })
  async deal(@Root() followUp: FollowUp, @Ctx() ctx: Context): Promise<Deal | null> {
    return readableDeal(ctx, followUp.deal?.id);
  }

  @FieldResolver(() => Interaction, { nullable: true, description: 'The interaction in which it was promised, if any.' })
  async interaction(@Root() followUp: FollowUp, @Ctx() ctx: Context): Promise<Interaction | null> {
    return followUp.interaction ? ((await ctx.loaders.get(interactionById).load(followUp.interaction.id)) ?? null) : null;
  }

  @FieldResolver(() => Member, { description: 'Who does it.' })
  async assignee(@Root() followUp: FollowUp, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(followUp.assignee.id))!;
  }

  @Mutation(() => FollowUp, { description: 'Creates a follow-up assigned to the caller, or to a member of their subtree.' })
  async createFollowUp(@Arg('input', () => CreateFollowUpInput) input: CreateFollowUpInput, @Ctx() ctx: Context): Promise<FollowUp> {
    const assigneeId = parseOptionalId(input.assigneeId, 'assigneeId') ?? ctx.viewer.memberId;
    if (!assigneeId) throw badInput('assigneeId', 'required', 'name who does the follow-up');
    const assignee = await requireActiveMember(ctx.em, assigneeId, 'assigneeId');
    await ctx.access.assertCanWriteRecordsOf(assignee.id, assignee.team, `assign follow-ups to member ${assignee.id}`);
    const draft = {
      ...input,
      customerId: parseId(input.customerId, 'customerId'),
      dealId: parseOptionalId(input.dealId, 'dealId'),
      assigneeId,
    };
    return ctx.em.transactional((em) => createFollowUp(em, draft, ctx.viewer.memberId));
  }

  @Mutation(() => FollowUp, { description: 'Marks a follow-up done (its assignee, their managers, admins).' })
  async completeFollowUp(@Arg('id', () => ID, { description: 'Follow-up id.' }) id: string, @Ctx() ctx: Context): Promise<FollowUp> {
    const followUp = await requireFollowUp(ctx.em, parseId(id, 'id'));
    await ctx.access.assertCanWriteRecordsOf(followUp.assignee.id, followUp.assignee.team, `complete follow-up ${followUp.id}`);
    return ctx.em.transactional((em) => completeFollowUp(em, followUp.id));
  }
}

/** Adds the follow-up fields to Member without touching the organisation module. */
@Resolver(() => Member)
export class MemberFollowUpsResolver {
  @FieldResolver(() => [FollowUp], {
    description:
      "Open follow-ups assigned to the member and past their due date, the most overdue first (the member's own records: themselves, their managers, analysts, admins).",
  })
  async overdueFollowUps(
    @Root() member: Member,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many at most (1–100).' }) first: number,
    @Ctx() ctx: Context,
  ): Promise<FollowUp[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first', 'range', 'must be between 1 and 100');
    await assertCanReadMemberRecords(ctx, member);
    return ctx.loaders.get(overdueFollowUpsOfMember).load(`${member.id}:${first}`);
  }

  @FieldResolver(() => Int, { description: 'How many open follow-ups of the member are past their due date.' })
  async overdueFollowUpCount(@Root() member: Member, @Ctx() ctx: Context): Promise<number> {
    await assertCanReadMemberRecords(ctx, member);
    return ctx.loaders.get(overdueCountOfMember).load(member.id);
  }
}

async function assertCanReadMemberRecords(ctx: Context, member: Member): Promise<void> {
  const team = (await ctx.loaders.get(teamById).load(member.team.id))!;
  await ctx.access.assertCanReadRecord({ teamPaths: [team.path], memberIds: [member.id] }, `the follow-ups of member ${member.id}`);
}
