import { wrap, type FilterQuery } from '@mikro-orm/postgresql';
import { AccessRole } from '../access/viewer.js';
import type { ReadLevel } from '../access/policy.js';
import { forbidden } from '../errors.js';
import type { Context } from '../graphql/context.js';
import type { Member } from '../org/member.entity.js';
import { teamById } from '../org/loaders.js';
import type { Team } from '../org/team.entity.js';
import { OwnerKind } from './enums.js';
import type { Owner } from './owner.js';

/**
 * How the access policy applies to quotas, goals and attainment:
 * - attainment (quota, achieved, pace, forecast totals) of a member is part of their team's public card
 *   (level 'card'): teammates see it on the team card; of a team, it is part of the team card;
 * - a member's quotas (with their history) and goals are member records (level 'records'); a team's
 *   quotas (with their history) are team records, read by the managers of the subtree, analysts and
 *   admins but not by the team's reps (docs/security.md#who-looks-at-what); a team's goals are on its card;
 * - quotas, allocations and goals of a team subtree are written by the managers above it and admins
 *   (assertCanManageTeam); nobody but an admin sets their own quota; analysts never write;
 * - a member may create goals for themselves and change or archive the goals they created, not those
 *   set for them by someone else (a manager's own team does not make them their own manager).
 */

/** How much of a member owner and of a team owner a kind of record reads. */
export interface OwnerReadLevels {
  member: ReadLevel;
  team: ReadLevel;
}

export const ATTAINMENT_READ: OwnerReadLevels = { member: 'card', team: 'card' };
export const QUOTA_READ: OwnerReadLevels = { member: 'records', team: 'records' };
export const GOAL_READ: OwnerReadLevels = { member: 'records', team: 'card' };

/** The team of a member, through the request's team loader (batched, cached). */
export async function teamOfMember(ctx: Context, member: Member): Promise<Team> {
  // Already read (the team of a team card's members, or joined with the member): no statement.
  if (wrap(member.team).isInitialized()) return member.team;
  return (await ctx.loaders.get(teamById).load(member.team.id))!;
}

export async function ownerTeam(ctx: Context, owner: Owner): Promise<Team> {
  return owner.kind === OwnerKind.TEAM ? owner.team : teamOfMember(ctx, owner.member);
}

export async function canReadMemberAt(ctx: Context, member: Member, level: ReadLevel): Promise<boolean> {
  const team = await teamOfMember(ctx, member);
  return ctx.access.canReadMember(member.id, team.id, team.path, level);
}

/** Reads of attainment, quotas and goals of an owner, at the level `levels` gives for its kind. */
export async function assertCanReadOwner(ctx: Context, owner: Owner, levels: OwnerReadLevels): Promise<void> {
  if (owner.kind === OwnerKind.TEAM) {
    if (!(await ctx.access.canReadTeam(owner.team, levels.team))) {
      throw forbidden(`you may not read the ${levels.team === 'card' ? 'card' : 'records'} of team ${owner.team.id}`);
    }
    return;
  }
  if (!(await canReadMemberAt(ctx, owner.member, levels.member))) {
    throw forbidden(`you may not read the ${levels.member === 'card' ? 'card' : 'records'} of member ${owner.member.id}`);
  }
}

export async function assertCanSetQuota(ctx: Context, owner: Owner, action: string): Promise<void> {
  if (owner.kind === OwnerKind.MEMBER && ctx.viewer.role !== AccessRole.ADMIN && owner.member.id === ctx.viewer.memberId) {
    throw forbidden('you may not set your own quota; the manager above you sets it');
  }
  await ctx.access.assertCanManageTeam(await ownerTeam(ctx, owner), action);
}

/**
 * Goals: managers of the subtree and admins; a member for themselves, changing only the goals they
 * created. A member's own goals set by someone else are not theirs to change, even for a manager whose
 * own team they belong to (as with quotas, nobody but an admin manages their own targets).
 */
export async function assertCanWriteGoal(ctx: Context, owner: Owner, createdById: number | null | 'new', action: string): Promise<void> {
  await ctx.access.assertCanWrite(action);
  const own = owner.kind === OwnerKind.MEMBER && ctx.viewer.role !== AccessRole.ADMIN && ctx.viewer.memberId === owner.member.id;
  if (own) {
    if (createdById === 'new' || createdById === ctx.viewer.memberId) return;
    throw forbidden(`you may not ${action} set for you by someone else`);
  }
  await ctx.access.assertCanManageTeam(await ownerTeam(ctx, owner), action);
}

/**
 * Restricts a list of member- or team-owned rows (quotas, goals) to what the viewer may read: members'
 * rows as member records, teams' rows at `teamLevel` (their card, or their records: the subtrees read in full).
 */
export async function ownedRowsFilter<T extends object>(ctx: Context, teamLevel: ReadLevel): Promise<FilterQuery<T>> {
  const scope = await ctx.access.recordScope();
  if (scope.all) return {} as FilterQuery<T>;
  const teams =
    teamLevel === 'card'
      ? [{ team: await ctx.access.teamFilter() }]
      : scope.teamPaths.map((path) => ({ team: { path: { $like: `${path}%` } } }));
  const alternatives = [
    ...scope.teamPaths.map((path) => ({ member: { team: { path: { $like: `${path}%` } } } })),
    ...(scope.memberId ? [{ member: scope.memberId }] : []),
    ...teams,
  ];
  return (alternatives.length ? { $or: alternatives } : { id: { $in: [] } }) as FilterQuery<T>;
}
