import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { createUnionType } from 'type-graphql';
import { badInput } from '../errors.js';
import { EventSubjectKind } from '../events/domain-event.entity.js';
import { parseId } from '../ids.js';
import { Member } from '../org/member.entity.js';
import { requireMember } from '../org/member.service.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { OwnerKind } from './enums.js';

/** Who a quota, goal or attainment belongs to: a member or a team (whose results roll up its subtree). */
export type Owner = { kind: OwnerKind.MEMBER; member: Member } | { kind: OwnerKind.TEAM; team: Team };

export const OwnerUnion = createUnionType({
  name: 'Owner',
  description: 'A member or a team: whoever a quota or goal belongs to.',
  types: () => [Member, Team] as const,
  resolveType: (value) => (value instanceof Team ? Team : Member),
});

/** A quota or goal row: exactly one of member and team is set. */
export interface OwnedRow {
  member: Member | null;
  team: Team | null;
}

/** Reads `{ member, team }` of a quota or goal row as an owner. */
export function ownerOf(row: OwnedRow): { kind: OwnerKind; id: number } {
  return row.member ? { kind: OwnerKind.MEMBER, id: row.member.id } : { kind: OwnerKind.TEAM, id: row.team!.id };
}

/** What the quota and goal lists ask of the owner (QuotaFilter, GoalFilter). */
export interface OwnerFilter {
  memberId?: string;
  teamId?: string;
  includeSubtree?: boolean;
}

/** Rows of the member, or of the team and its members (with includeSubtree, of every team below it too). */
export async function ownerFilters<T extends object>(em: EntityManager, filter: OwnerFilter | undefined): Promise<FilterQuery<T>[]> {
  const where: object[] = [];
  if (filter?.memberId) where.push({ member: parseId(filter.memberId, 'filter.memberId') });
  if (filter?.teamId) {
    const team = await requireTeam(em, parseId(filter.teamId, 'filter.teamId'), 'filter.teamId');
    const inTeam = filter.includeSubtree ? { path: { $like: `${team.path}%` } } : team.id;
    where.push({ $or: [{ team: inTeam }, { member: { team: inTeam } }] });
  }
  return where as FilterQuery<T>[];
}

/** Exactly one of memberId and teamId, pointing at an existing member or team. */
export async function requireOwner(
  em: EntityManager,
  memberId: number | null | undefined,
  teamId: number | null | undefined,
  fields: { member: string; team: string } = { member: 'memberId', team: 'teamId' },
): Promise<Owner> {
  if ((memberId == null) === (teamId == null)) {
    throw badInput(memberId == null ? fields.member : fields.team, 'one-owner', `give exactly one of ${fields.member} and ${fields.team}`);
  }
  return memberId != null
    ? { kind: OwnerKind.MEMBER, member: await requireMember(em, memberId, fields.member) }
    : { kind: OwnerKind.TEAM, team: await requireTeam(em, teamId!, fields.team) };
}

/** Owners of new quotas and goals must be active. */
export function assertActiveOwner(owner: Owner, fields: { member: string; team: string } = { member: 'memberId', team: 'teamId' }): void {
  if (owner.kind === OwnerKind.MEMBER && owner.member.archivedAt) {
    throw badInput(fields.member, 'archived', `member ${owner.member.id} is archived`);
  }
  if (owner.kind === OwnerKind.TEAM && owner.team.archivedAt) throw badInput(fields.team, 'archived', `team ${owner.team.id} is archived`);
}

export function ownerLabel(owner: Owner): string {
  return owner.kind === OwnerKind.MEMBER ? `member ${owner.member.id}` : `team ${owner.team.id}`;
}

/** How an event names an owner: as a subject, the team path it is credited to, and the members it concerns. */
export function ownerAudience(owner: Owner): { subject: [EventSubjectKind, number]; teamPaths: string[]; memberIds: number[] } {
  return owner.kind === OwnerKind.MEMBER
    ? { subject: [EventSubjectKind.MEMBER, owner.member.id], teamPaths: [owner.member.team.path], memberIds: [owner.member.id] }
    : { subject: [EventSubjectKind.TEAM, owner.team.id], teamPaths: [owner.team.path], memberIds: [] };
}
