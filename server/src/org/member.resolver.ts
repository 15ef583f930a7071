import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { parseId, parseOptionalId } from '../ids.js';
import { containsPattern } from '../validate.js';
import { CreateMemberInput, MemberFilter, UpdateMemberInput } from './inputs.js';
import { activeTeamsManagedBy, teamById, territoryById, transfersOfMember } from './loaders.js';
import { Member } from './member.entity.js';
import { MemberTransfer } from './member-transfer.entity.js';
import { archiveMember, createMember, moveMember, requireMember, updateMember } from './member.service.js';
import { Team } from './team.entity.js';
import { requireTeam } from './team.service.js';
import { Territory } from './territory.entity.js';

@ObjectType({ description: 'A page of members.' })
export class MemberConnection extends Connection(Member, 'Member', 'member') {}

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { description: 'One member by id (archived members included).' })
  async member(@Arg('id', () => ID, { description: 'Member id.' }) id: string, @Ctx() ctx: Context): Promise<Member> {
    const member = await requireMember(ctx.em, parseId(id, 'id'));
    await ctx.access.assertCanReadMember(member);
    return member;
  }

  @Query(() => MemberConnection, { description: 'Members the caller may see, by name, a page at a time.' })
  async members(
    @Arg('filter', () => MemberFilter, { nullable: true, description: 'Which members to list.' }) filter: MemberFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Member>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Member>[] = [await ctx.access.memberFilter()];
    if (!filter?.includeArchived) where.push({ archivedAt: null });
    if (filter?.teamId) {
      const team = await requireTeam(ctx.em, parseId(filter.teamId, 'filter.teamId'), 'filter.teamId');
      where.push(filter.includeSubteams ? { team: { path: { $like: `${team.path}%` } } } : { team: team.id });
    }
    if (filter?.role) where.push({ role: filter.role });
    if (filter?.territoryId) where.push({ territory: parseId(filter.territoryId, 'filter.territoryId') });
    if (filter?.text?.trim()) {
      const pattern = containsPattern(filter.text);
      where.push({ $or: [{ fullName: { $ilike: pattern } }, { email: { $ilike: pattern } }] });
    }
    return paginate(ctx.em, Member, { $and: where }, 'fullName', request);
  }

  @FieldResolver(() => Team, { description: 'The team the member belongs to.' })
  async team(@Root() member: Member, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(member.team.id))!;
  }

  @FieldResolver(() => Territory, { nullable: true, description: 'The territory the member covers, if any.' })
  async territory(@Root() member: Member, @Ctx() ctx: Context): Promise<Territory | null> {
    return member.territory ? ((await ctx.loaders.get(territoryById).load(member.territory.id)) ?? null) : null;
  }

  @FieldResolver(() => [Team], { description: 'Active teams this member leads as manager.' })
  async managedTeams(@Root() member: Member, @Ctx() ctx: Context): Promise<Team[]> {
    return ctx.loaders.get(activeTeamsManagedBy).load(member.id);
  }

  @FieldResolver(() => [MemberTransfer], { description: 'Moves between teams, oldest first.' })
  async transfers(@Root() member: Member, @Ctx() ctx: Context): Promise<MemberTransfer[]> {
    return ctx.loaders.get(transfersOfMember).load(member.id);
  }

  @Mutation(() => Member, { description: 'Adds a member to a team (ADMIN).' })
  async createMember(@Arg('input', () => CreateMemberInput) input: CreateMemberInput, @Ctx() ctx: Context): Promise<Member> {
    await ctx.access.assertCanManageOrganisation('add members');
    const draft = { ...input, teamId: parseId(input.teamId, 'teamId'), territoryId: parseOptionalId(input.territoryId, 'territoryId') };
    return ctx.em.transactional((em) => createMember(em, draft));
  }

  @Mutation(() => Member, { description: 'Changes a member: name, e-mail, role, territory, capability, hire date (ADMIN).' })
  async updateMember(
    @Arg('id', () => ID, { description: 'Member id.' }) id: string,
    @Arg('input', () => UpdateMemberInput) input: UpdateMemberInput,
    @Ctx() ctx: Context,
  ): Promise<Member> {
    await ctx.access.assertCanManageOrganisation('change members');
    const patch = { ...input, territoryId: parseOptionalId(input.territoryId, 'territoryId') };
    return ctx.em.transactional((em) => updateMember(em, parseId(id, 'id'), patch));
  }

  @Mutation(() => Member, { description: 'Moves a member to another team and records the transfer (ADMIN).' })
  async moveMember(
    @Arg('memberId', () => ID, { description: 'Member id.' }) memberId: string,
    @Arg('teamId', () => ID, { description: 'Team the member moves to.' }) teamId: string,
    @Ctx() ctx: Context,
  ): Promise<Member> {
    await ctx.access.assertCanManageOrganisation('move members');
    return ctx.em.transactional((em) => moveMember(em, parseId(memberId, 'memberId'), parseId(teamId, 'teamId'), ctx.viewer.memberId));
  }

  @Mutation(() => Member, { description: 'Archives a member who left; their records stay (ADMIN).' })
  async archiveMember(@Arg('id', () => ID, { description: 'Member id.' }) id: string, @Ctx() ctx: Context): Promise<Member> {
    await ctx.access.assertCanManageOrganisation('archive members');
    return ctx.em.transactional((em) => archiveMember(em, parseId(id, 'id')));
  }
}

@Resolver(() => MemberTransfer)
export class MemberTransferResolver {
  @FieldResolver(() => Team, { description: 'Team the member left.' })
  async fromTeam(@Root() transfer: MemberTransfer, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(transfer.fromTeam.id))!;
  }

  @FieldResolver(() => Team, { description: 'Team the member joined.' })
  async toTeam(@Root() transfer: MemberTransfer, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(transfer.toTeam.id))!;
  }
}
