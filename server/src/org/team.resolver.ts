import { wrap, type FilterQuery } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { selectsPlainField } from '../graphql/lookahead.js';
import { parseId, parseOptionalId } from '../ids.js';
import { containsPattern } from '../validate.js';
import { CreateTeamInput, TeamFilter, UpdateTeamInput } from './inputs.js';
import {
  activeChildrenOfTeam,
  activeDescendantsOfPath,
  activeMembersOfTeam,
  allMembersOfTeam,
  memberById,
  subtreeHeadcount,
  teamById,
  territoryById,
} from './loaders.js';
import { Member } from './member.entity.js';
import { Team } from './team.entity.js';
import { archiveTeam, createTeam, requireTeam, setTeamManager, subtreeWhere, updateTeam } from './team.service.js';
import { Territory } from './territory.entity.js';

@ObjectType({ description: 'A page of teams.' })
export class TeamConnection extends Connection(Team, 'Team', 'team') {}

async function readableTeams(ctx: Context, teams: Team[]): Promise<Team[]> {
  const visible = await Promise.all(teams.map((team) => ctx.access.canReadTeam(team)));
  return teams.filter((_, index) => visible[index]);
}

@Resolver(() => Team)
export class TeamResolver {
  @Query(() => Team, { description: 'One team by id (archived teams included).' })
  async team(
    @Arg('id', () => ID, { description: 'Team id.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Team> {
    const teamId = parseId(id, 'id');
    // A team card's members are read beside the team, not after it (returned only if the team is readable).
    if (selectsPlainField(info, 'members'))
      void ctx.loaders
        .get(activeMembersOfTeam)
        .load(teamId)
        .catch(() => undefined);
    // The manager is joined: team cards show it, and the manager field then costs no statement.
    const team = await requireTeam(ctx.em, teamId, 'id', { withManager: true });
    await ctx.access.assertCanReadTeam(team);
    return team;
  }

  @Query(() => TeamConnection, { description: 'Teams the caller may see, by name, a page at a time.' })
  async teams(
    @Arg('filter', () => TeamFilter, { nullable: true, description: 'Which teams to list.' }) filter: TeamFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Team>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Team>[] = [await ctx.access.teamFilter()];
    if (!filter?.includeArchived) where.push({ archivedAt: null });
    if (filter?.kind) where.push({ kind: filter.kind });
    if (filter?.parentId) where.push({ parent: parseId(filter.parentId, 'filter.parentId') });
    if (filter?.rootsOnly) where.push({ parent: null });
    if (filter?.subtreeOf) {
      const root = await requireTeam(ctx.em, parseId(filter.subtreeOf, 'filter.subtreeOf'), 'filter.subtreeOf');
      where.push(subtreeWhere(root.path));
    }
    if (filter?.text?.trim()) {
      const pattern = containsPattern(filter.text);
      where.push({ $or: [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }] });
    }
    return paginate(ctx.em, Team, { $and: where }, 'name', request);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team this one sits under; null for a top-level team.' })
  async parent(@Root() team: Team, @Ctx() ctx: Context): Promise<Team | null> {
    if (!team.parent) return null;
    const parent = (await ctx.loaders.get(teamById).load(team.parent.id)) ?? null;
    if (parent) await ctx.access.assertCanReadTeam(parent);
    return parent;
  }

  @FieldResolver(() => [Team], { description: 'Active teams directly below this one, by name.' })
  async children(@Root() team: Team, @Ctx() ctx: Context): Promise<Team[]> {
    return readableTeams(ctx, await ctx.loaders.get(activeChildrenOfTeam).load(team.id));
  }

  @FieldResolver(() => [Team], {
    description: 'The subtree: every active team below this one (optionally with it), parents before children.',
  })
  async descendants(
    @Root() team: Team,
    @Arg('includeSelf', () => Boolean, { defaultValue: false, description: 'Put this team first in the list.' }) includeSelf: boolean,
    @Ctx() ctx: Context,
  ): Promise<Team[]> {
    const below = await readableTeams(ctx, await ctx.loaders.get(activeDescendantsOfPath).load(team.path));
    return includeSelf ? [team, ...below] : below;
  }

  @FieldResolver(() => [Team], { description: 'Teams above this one, from the top-level team down to the parent.' })
  async ancestors(@Root() team: Team, @Ctx() ctx: Context): Promise<Team[]> {
    const teams = await ctx.loaders.get(teamById).loadMany(team.ancestorIds);
    return readableTeams(
      ctx,
      teams.filter((t): t is Team => t instanceof Team),
    );
  }

  @FieldResolver(() => Int, { description: 'Depth in the organisation: 0 for a top-level team.' })
  depth(@Root() team: Team): number {
    return team.depth;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member who leads the team.' })
  async manager(@Root() team: Team, @Ctx() ctx: Context): Promise<Member | null> {
    if (!team.manager) return null;
    // Joined when the team was read by id (`team` query): no statement.
    if (wrap(team.manager).isInitialized()) return team.manager;
    return (await ctx.loaders.get(memberById).load(team.manager.id)) ?? null;
  }

  @FieldResolver(() => [Member], { description: 'Members of this team (not of sub-teams), by name.' })
  async members(
    @Root() team: Team,
    @Arg('includeArchived', () => Boolean, { defaultValue: false, description: 'Include members who have left.' }) includeArchived: boolean,
    @Ctx() ctx: Context,
  ): Promise<Member[]> {
    return ctx.loaders.get(includeArchived ? allMembersOfTeam : activeMembersOfTeam).load(team.id);
  }

  @FieldResolver(() => Int, { description: 'Active members in this team and every team below it.' })
  async headcount(@Root() team: Team, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.get(subtreeHeadcount).load(team.path);
  }

  @FieldResolver(() => Territory, { nullable: true, description: 'The territory the team covers.' })
  async territory(@Root() team: Team, @Ctx() ctx: Context): Promise<Territory | null> {
    return team.territory ? ((await ctx.loaders.get(territoryById).load(team.territory.id)) ?? null) : null;
  }

  @Mutation(() => Team, { description: 'Creates a team (ADMIN).' })
  async createTeam(@Arg('input', () => CreateTeamInput) input: CreateTeamInput, @Ctx() ctx: Context): Promise<Team> {
    await ctx.access.assertCanManageOrganisation('create teams');
    const draft = {
      ...input,
      parentId: parseOptionalId(input.parentId, 'parentId'),
      managerId: parseOptionalId(input.managerId, 'managerId'),
      territoryId: parseOptionalId(input.territoryId, 'territoryId'),
    };
    return ctx.em.transactional((em) => createTeam(em, draft));
  }

  @Mutation(() => Team, { description: 'Changes a team: name, kind, description, territory or parent (ADMIN).' })
  async updateTeam(
    @Arg('id', () => ID, { description: 'Team id.' }) id: string,
    @Arg('input', () => UpdateTeamInput) input: UpdateTeamInput,
    @Ctx() ctx: Context,
  ): Promise<Team> {
    await ctx.access.assertCanManageOrganisation('change teams');
    const patch = {
      ...input,
      parentId: parseOptionalId(input.parentId, 'parentId'),
      territoryId: parseOptionalId(input.territoryId, 'territoryId'),
    };
    return ctx.em.transactional((em) => updateTeam(em, parseId(id, 'id'), patch));
  }

  @Mutation(() => Team, { description: 'Appoints (or, with null, removes) the manager of a team (ADMIN).' })
  async setTeamManager(
    @Arg('teamId', () => ID, { description: 'Team id.' }) teamId: string,
    @Arg('managerId', () => ID, { nullable: true, description: 'An active member with the MANAGER role, or null.' }) managerId:
      | string
      | null,
    @Ctx() ctx: Context,
  ): Promise<Team> {
    await ctx.access.assertCanManageOrganisation('appoint team managers');
    return ctx.em.transactional((em) => setTeamManager(em, parseId(teamId, 'teamId'), parseOptionalId(managerId, 'managerId') ?? null));
  }

  @Mutation(() => Team, { description: 'Archives a team without active members or sub-teams; its history stays (ADMIN).' })
  async archiveTeam(@Arg('id', () => ID, { description: 'Team id.' }) id: string, @Ctx() ctx: Context): Promise<Team> {
    await ctx.access.assertCanManageOrganisation('archive teams');
    return ctx.em.transactional((em) => archiveTeam(em, parseId(id, 'id')));
  }
}
