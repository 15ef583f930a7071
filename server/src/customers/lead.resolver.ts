import type { FilterQuery } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../errors.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { defineLoader } from '../graphql/loaders.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { dayAfter } from '../pipeline/deal-selection.js';
import { Deal } from '../pipeline/deal.entity.js';
import { recordScopeFilter } from '../records.js';
import { Channel } from '../strategy/channel.entity.js';
import { channelById } from '../strategy/loaders.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import { requireSeller } from './customer.service.js';
import { CreateLeadInput, HandOffLeadInput, LeadFilter, LeadHandoffFilter, QualifyLeadInput } from './inputs.js';
import { Lead, LeadHandoff, LeadQualification } from './lead.entity.js';
import { createLead, handOffLead, qualifyLead, requireLead } from './lead.service.js';
import { contactById, customerById, handoffOfLead, leadById, qualificationOfLead } from './loaders.js';

@ObjectType({ description: 'A page of leads.' })
export class LeadConnection extends Connection(Lead, 'Lead', 'lead') {}

@ObjectType({ description: 'A page of lead handoffs.' })
export class LeadHandoffConnection extends Connection(LeadHandoff, 'LeadHandoff', 'lead handoff') {}

const dealOfLead = defineLoader(
  (em) =>
    new DataLoader<number, Deal | undefined>(async (leadIds) => {
      const rows = await em.find(Deal, { lead: { $in: [...leadIds] } });
      const byLead = new Map(rows.map((d) => [d.lead!.id, d]));
      return leadIds.map((id) => byLead.get(id));
    }),
);

/** Who a lead belongs to: its current owner and team, and whoever generated it and their team. */
function ownership(lead: Lead) {
  return { teamPaths: [(lead.team as Team).path, (lead.sourceTeam as Team).path], memberIds: [lead.owner.id, lead.generatedBy.id] };
}

async function writableLead(ctx: Context, id: string, action: string): Promise<Lead> {
  const lead = await requireLead(ctx.em, parseId(id, 'id'));
  await ctx.access.assertCanWriteRecordsOf(lead.owner.id, lead.team as Team, `${action} lead ${lead.id}`);
  return lead;
}

@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => Lead, { description: 'One lead by id: its owner, whoever generated it, and the managers above their teams may read it.' })
  async lead(@Arg('id', () => ID, { description: 'Lead id.' }) id: string, @Ctx() ctx: Context): Promise<Lead> {
    const lead = await requireLead(ctx.em, parseId(id, 'id'));
    await ctx.access.assertCanReadRecord(ownership(lead), `lead ${lead.id}`);
    return lead;
  }

  @Query(() => LeadConnection, { description: 'Leads the caller may read, oldest first, a page at a time.' })
  async leads(
    @Arg('filter', () => LeadFilter, { nullable: true, description: 'Which leads to list.' }) filter: LeadFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Lead>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Lead>[] = [
      recordScopeFilter(await ctx.access.recordScope(), ['team', 'sourceTeam'], ['owner', 'generatedBy']),
    ];
    if (filter?.status) where.push({ status: filter.status });
    if (filter?.ownerId) where.push({ owner: parseId(filter.ownerId, 'filter.ownerId') });
    if (filter?.generatedById) where.push({ generatedBy: parseId(filter.generatedById, 'filter.generatedById') });
    if (filter?.teamId) {
      const team = await requireTeam(ctx.em, parseId(filter.teamId, 'filter.teamId'), 'filter.teamId');
      where.push({ team: { path: { $like: `${team.path}%` } } });
    }
    if (filter?.channelId) where.push({ channel: parseId(filter.channelId, 'filter.channelId') });
    if (filter?.customerId) where.push({ customer: parseId(filter.customerId, 'filter.customerId') });
    if (filter?.handedOff != null) where.push({ handedOffAt: filter.handedOff ? { $ne: null } : null });
    if (filter?.createdFrom) where.push({ createdAt: { $gte: new Date(`${filter.createdFrom}T00:00:00Z`) } });
    if (filter?.createdTo) where.push({ createdAt: { $lt: new Date(dayAfter(filter.createdTo)) } });
    return paginate(ctx.em, Lead, { $and: where }, 'id', request);
  }

  @FieldResolver(() => Customer, { description: 'The customer.' })
  async customer(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Customer> {
    return (await ctx.loaders.get(customerById).load(lead.customer.id))!;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The contact who asked, if known.' })
  async contact(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Contact | null> {
    return lead.contact ? ((await ctx.loaders.get(contactById).load(lead.contact.id)) ?? null) : null;
  }

  @FieldResolver(() => Channel, { description: 'The channel the lead came through.' })
  async channel(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Channel> {
    return (await ctx.loaders.get(channelById).load(lead.channel.id))!;
  }

  @FieldResolver(() => Member, { description: 'Who works the lead now: its generator until it is handed off, then the receiver.' })
  async owner(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(lead.owner.id))!;
  }

  @FieldResolver(() => Team, { description: "The team the lead is credited to now (the owner's team)." })
  async team(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(lead.team.id))!;
  }

  @FieldResolver(() => Member, { description: 'Who generated the lead; credited for it whatever happens next.' })
  async generatedBy(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(lead.generatedBy.id))!;
  }

  @FieldResolver(() => Team, { description: "The generator's team when the lead was created." })
  async sourceTeam(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(lead.sourceTeam.id))!;
  }

  @FieldResolver(() => LeadQualification, {
    nullable: true,
    description: 'The scoring that qualified or disqualified the lead, once done.',
  })
  async qualification(@Root() lead: Lead, @Ctx() ctx: Context): Promise<LeadQualification | null> {
    return (await ctx.loaders.get(qualificationOfLead).load(lead.id)) ?? null;
  }

  @FieldResolver(() => LeadHandoff, { nullable: true, description: 'The handoff to a field team, if it happened.' })
  async handoff(@Root() lead: Lead, @Ctx() ctx: Context): Promise<LeadHandoff | null> {
    return (await ctx.loaders.get(handoffOfLead).load(lead.id)) ?? null;
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal made from the lead, if the caller may read it.' })
  async deal(@Root() lead: Lead, @Ctx() ctx: Context): Promise<Deal | null> {
    const deal = await ctx.loaders.get(dealOfLead).load(lead.id);
    if (!deal) return null;
    const team = (await ctx.loaders.get(teamById).load(deal.team.id))!;
    return (await ctx.access.canReadRecord({ teamPaths: [team.path], memberIds: [deal.owner.id] })) ? deal : null;
  }

  @Mutation(() => Lead, {
    description: 'Records a new lead generated by its owner (default the caller); the customer becomes a LEAD unless it already buys.',
  })
  async createLead(@Arg('input', () => CreateLeadInput) input: CreateLeadInput, @Ctx() ctx: Context): Promise<Lead> {
    const ownerId = parseOptionalId(input.ownerId, 'ownerId') ?? ctx.viewer.memberId;
    if (!ownerId) throw badInput('ownerId', 'required', 'name the member who generated the lead');
    const owner = await requireSeller(ctx.em, ownerId, 'ownerId');
    await ctx.access.assertCanWriteRecordsOf(owner.id, owner.team, `create leads for member ${owner.id}`);
    const draft = {
      ...input,
      customerId: parseId(input.customerId, 'customerId'),
      contactId: parseOptionalId(input.contactId, 'contactId'),
      channelId: parseId(input.channelId, 'channelId'),
      ownerId,
    };
    return ctx.em.transactional((em) => createLead(em, draft, ctx.viewer.memberId));
  }

  @Mutation(() => Lead, {
    description:
      'Scores an OPEN lead on budget, authority, need and timeline (0–3 each). It QUALIFIES when the total reaches 8 of 12 and no criterion is 0; otherwise it is DISQUALIFIED and the reasons are kept. The customer follows (QUALIFIED, or DISQUALIFIED when it has no other live lead).',
  })
  async qualifyLead(
    @Arg('id', () => ID, { description: 'Lead id.' }) id: string,
    @Arg('input', () => QualifyLeadInput) input: QualifyLeadInput,
    @Ctx() ctx: Context,
  ): Promise<Lead> {
    const lead = await writableLead(ctx, id, 'qualify');
    const { notes, ...scores } = input;
    return ctx.em.transactional((em) => qualifyLead(em, lead.id, scores, notes, ctx.viewer.memberId));
  }

  @Mutation(() => LeadHandoff, {
    description:
      "Hands a QUALIFIED lead worked by inside sales to a field team (and optionally one of its members; default the team's manager). Recorded with who, to whom and when, and credited to the inside-sales member.",
  })
  async handOffLead(
    @Arg('id', () => ID, { description: 'Lead id.' }) id: string,
    @Arg('input', () => HandOffLeadInput) input: HandOffLeadInput,
    @Ctx() ctx: Context,
  ): Promise<LeadHandoff> {
    const lead = await writableLead(ctx, id, 'hand off');
    const draft = {
      toTeamId: parseId(input.toTeamId, 'toTeamId'),
      toMemberId: parseOptionalId(input.toMemberId, 'toMemberId'),
      note: input.note,
    };
    return ctx.em.transactional((em) => handOffLead(em, lead.id, draft, ctx.viewer.memberId));
  }
}

@Resolver(() => LeadHandoff)
export class LeadHandoffResolver {
  @Query(() => LeadHandoffConnection, {
    description:
      'Handoffs of leads the caller may read, oldest first, a page at a time (e.g. the handoffs credited to an inside-sales member).',
  })
  async leadHandoffs(
    @Arg('filter', () => LeadHandoffFilter, { nullable: true, description: 'Which handoffs to list.' }) filter:
      | LeadHandoffFilter
      | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<LeadHandoff>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const scope = await ctx.access.recordScope();
    const where: FilterQuery<LeadHandoff>[] = [
      scope.all
        ? {}
        : {
            $or: [
              { lead: recordScopeFilter(scope, ['team', 'sourceTeam'], ['owner', 'generatedBy']) },
              ...(scope.memberId ? [{ fromMember: scope.memberId }] : []),
            ],
          },
    ];
    if (filter?.fromMemberId) where.push({ fromMember: parseId(filter.fromMemberId, 'filter.fromMemberId') });
    if (filter?.toTeamId) {
      const team = await requireTeam(ctx.em, parseId(filter.toTeamId, 'filter.toTeamId'), 'filter.toTeamId');
      where.push({ toTeam: { path: { $like: `${team.path}%` } } });
    }
    if (filter?.from) where.push({ handedOffAt: { $gte: new Date(`${filter.from}T00:00:00Z`) } });
    if (filter?.to) where.push({ handedOffAt: { $lt: new Date(dayAfter(filter.to)) } });
    return paginate(ctx.em, LeadHandoff, { $and: where }, 'id', request);
  }

  @FieldResolver(() => Lead, { description: 'The lead handed off.' })
  async lead(@Root() handoff: LeadHandoff, @Ctx() ctx: Context): Promise<Lead> {
    return (await ctx.loaders.get(leadById).load(handoff.lead.id))!;
  }

  @FieldResolver(() => Member, { description: 'The inside-sales member who handed the lead over, credited with it.' })
  async fromMember(@Root() handoff: LeadHandoff, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(handoff.fromMember.id))!;
  }

  @FieldResolver(() => Team, { description: "The sender's team." })
  async fromTeam(@Root() handoff: LeadHandoff, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(handoff.fromTeam.id))!;
  }

  @FieldResolver(() => Team, { description: 'The receiving field team.' })
  async toTeam(@Root() handoff: LeadHandoff, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(handoff.toTeam.id))!;
  }

  @FieldResolver(() => Member, { description: 'The member who received the lead.' })
  async toMember(@Root() handoff: LeadHandoff, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(handoff.toMember.id))!;
  }
}

@Resolver(() => LeadQualification)
export class LeadQualificationResolver {
  @FieldResolver(() => Member, { nullable: true, description: 'The member who scored the lead, when known.' })
  async qualifiedBy(@Root() qualification: LeadQualification, @Ctx() ctx: Context): Promise<Member | null> {
    return qualification.qualifiedById ? ((await ctx.loaders.get(memberById).load(qualification.qualifiedById)) ?? null) : null;
  }
}
