import type { FilterQuery } from '@mikro-orm/postgresql';
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
 *   quotas and goals are on the team card;
 * - quotas, allocations and goals of a team subtree are written by the managers above it and admins
 *   (assertCanManageTeam); nobody but an admin sets their own quota; analysts never write;
 * - a member may create goals for themselves and change or archive the goals they created.
 */

/** The team of a member, through the request's team loader (batched, cached). */
export async function teamOfMember(ctx: Context, member: Member): Promise<Team> {
  return (await ctx.loaders.get(teamById).load(member.team.id))!;
}

export async function ownerTeam(ctx: Context, owner: Owner): Promise<Team> {
  return owner.kind === OwnerKind.TEAM ? owner.team : teamOfMember(ctx, owner.member);
}

export async function canReadMemberAt(ctx: Context, member: Member, level: ReadLevel): Promise<boolean> {
  const team = await teamOfMember(ctx, member);
  return ctx.access.canReadMember(member.id, team.id, team.path, level);
}

/** Reads of quotas and goals: member records at `memberLevel`, team ones at the card level. */
export async function assertCanReadOwner(ctx: Context, owner: Owner, memberLevel: ReadLevel): Promise<void> {
  if (owner.kind === OwnerKind.TEAM) return ctx.access.assertCanReadTeam(owner.team, 'card');
  if (!(await canReadMemberAt(ctx, owner.member, memberLevel))) {
    throw forbidden(`you may not read the ${memberLevel === 'card' ? 'card' : 'records'} of member ${owner.member.id}`);
  }
}

export async function assertCanSetQuota(ctx: Context, owner: Owner, action: string): Promise<void> {
  if (owner.kind === OwnerKind.MEMBER && ctx.viewer.role !== AccessRole.ADMIN && owner.member.id === ctx.viewer.memberId) {
    throw forbidden('you may not set your own quota; the manager above you sets it');
  }
  await ctx.access.assertCanManageTeam(await ownerTeam(ctx, owner), action);
}

/** Goals: managers of the subtree and admins; a member for themselves (only goals they created, when changing). */
export async function assertCanWriteGoal(ctx: Context, owner: Owner, createdById: number | null | 'new', action: string): Promise<void> {
  const self =
    owner.kind === OwnerKind.MEMBER &&
    ctx.viewer.role !== AccessRole.ANALYST &&
    ctx.viewer.memberId === owner.member.id &&
    (createdById === 'new' || createdById === ctx.viewer.memberId);
  if (self) return;
  await ctx.access.assertCanManageTeam(await ownerTeam(ctx, owner), action);
}

/** Restricts a list of member- or team-owned rows (quotas, goals) to what the viewer may read. */
export async function ownedRowsFilter<T extends object>(ctx: Context): Promise<FilterQuery<T>> {
  const scope = await ctx.access.recordScope();
  if (scope.all) return {} as FilterQuery<T>;
  return {
    $or: [
      ...scope.teamPaths.map((path) => ({ member: { team: { path: { $like: `${path}%` } } } })),
      ...(scope.memberId ? [{ member: scope.memberId }] : []),
      { team: await ctx.access.teamFilter() },
    ],
  } as FilterQuery<T>;
}
