import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, notFound, badInput } from '../errors.js';
import { requireDate, requireDecimalInRange, requireEmail, requireText, todayIso } from '../validate.js';
import { MemberRole } from './enums.js';
import { Member } from './member.entity.js';
import { MemberTransfer } from './member-transfer.entity.js';
import { Team } from './team.entity.js';
import { requireActiveTerritory, requireTeam } from './team.service.js';

export interface MemberDraft {
  fullName: string;
  email: string;
  role: MemberRole;
  teamId: number;
  territoryId?: number | null;
  capability?: string | null;
  hireDate: string;
}

export type MemberPatch = Partial<Omit<MemberDraft, 'teamId'>>;

export async function requireMember(em: EntityManager, id: number, field = 'id'): Promise<Member> {
  // The team comes in the same statement: access checks read its path.
  const member = await em.findOne(Member, id, { populate: ['team'] });
  if (!member) throw notFound('Member', id, field);
  return member;
}

async function requireTeamForMembers(em: EntityManager, id: number, field: string): Promise<Team> {
  const team = await requireTeam(em, id, field);
  if (team.archivedAt) throw badInput(field, 'archived', `team ${id} is archived`);
  return team;
}

async function assertEmailFree(em: EntityManager, email: string, exceptId?: number): Promise<void> {
  const owner = await em.findOne(Member, { email, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (owner) throw conflict('unique-email', `${email} already belongs to member ${owner.id}`, 'email');
}

function checkHireDate(value: string): string {
  const date = requireDate(value, 'hireDate');
  if (date > todayIso()) throw badInput('hireDate', 'not-in-future', `${date} is in the future`);
  return date;
}

function checkCapability(value: string): string {
  return requireDecimalInRange(value, 'capability', 0, 5, 2);
}

export async function createMember(em: EntityManager, draft: MemberDraft): Promise<Member> {
  const email = requireEmail(draft.email, 'email');
  await assertEmailFree(em, email);
  const member = em.create(Member, {
    fullName: requireText(draft.fullName, 'fullName', 200),
    email,
    role: draft.role,
    team: await requireTeamForMembers(em, draft.teamId, 'teamId'),
    territory: draft.territoryId ? await requireActiveTerritory(em, draft.territoryId, 'territoryId') : null,
    capability: draft.capability == null ? '3.00' : checkCapability(draft.capability),
    hireDate: checkHireDate(draft.hireDate),
  });
  await em.flush();
  return member;
}

async function activeTeamsManagedBy(em: EntityManager, memberId: number): Promise<Team[]> {
  return em.find(Team, { manager: memberId, archivedAt: null }, { orderBy: { id: 'asc' } });
}

export async function updateMember(em: EntityManager, id: number, patch: MemberPatch): Promise<Member> {
  const member = await requireMember(em, id);
  if (member.archivedAt) throw conflict('archived', `member ${id} is archived and cannot be changed`, 'id');
  if (patch.fullName != null) member.fullName = requireText(patch.fullName, 'fullName', 200);
  if (patch.email != null) {
    const email = requireEmail(patch.email, 'email');
    await assertEmailFree(em, email, id);
    member.email = email;
  }
  if (patch.role && patch.role !== member.role && member.role === MemberRole.MANAGER) {
    const managed = await activeTeamsManagedBy(em, id);
    if (managed.length > 0) {
      throw conflict('manager-of-active-team', `member ${id} manages team ${managed[0].id}; appoint another manager first`, 'role');
    }
  }
  if (patch.role) member.role = patch.role;
  if (patch.territoryId !== undefined) {
    member.territory = patch.territoryId ? await requireActiveTerritory(em, patch.territoryId, 'territoryId') : null;
  }
  if (patch.capability != null) member.capability = checkCapability(patch.capability);
  if (patch.hireDate != null) member.hireDate = checkHireDate(patch.hireDate);
  await em.flush();
  return member;
}

/** Moves a member to another team and records the transfer. */
export async function moveMember(em: EntityManager, memberId: number, teamId: number, movedById: number | null): Promise<Member> {
  const member = await requireMember(em, memberId, 'memberId');
  if (member.archivedAt) throw conflict('archived', `member ${memberId} is archived`, 'memberId');
  const team = await requireTeamForMembers(em, teamId, 'teamId');
  if (member.team.id === team.id) throw badInput('teamId', 'different-team', `member ${memberId} is already in team ${teamId}`);
  em.create(MemberTransfer, { member, fromTeam: member.team, toTeam: team, movedById });
  member.team = team;
  await em.flush();
  return member;
}

/** Archives a member who has left; their records stay. A manager must hand over their teams first. */
export async function archiveMember(em: EntityManager, id: number): Promise<Member> {
  const member = await requireMember(em, id);
  if (member.archivedAt) return member;
  const managed = await activeTeamsManagedBy(em, id);
  if (managed.length > 0) {
    throw conflict('manager-of-active-team', `member ${id} manages team ${managed[0].id}; appoint another manager first`, 'id');
  }
  member.archivedAt = new Date();
  await em.flush();
  return member;
}
