import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../errors.js';
import { optionalText, requireText } from '../validate.js';
import { MemberRole, type TeamKind } from './enums.js';
import { Member } from './member.entity.js';
import { Team } from './team.entity.js';
import { Territory } from './territory.entity.js';

export interface TeamDraft {
  name: string;
  kind: TeamKind;
  description?: string | null;
  parentId?: number | null;
  managerId?: number | null;
  territoryId?: number | null;
}

export type TeamPatch = Partial<Omit<TeamDraft, 'managerId'>>;

/** Every team whose path starts with the prefix: the team itself and all its descendants. */
export function subtreeWhere(path: string) {
  return { path: { $like: `${path}%` } };
}

export async function requireTeam(em: EntityManager, id: number, field = 'id', options: { withManager?: boolean } = {}): Promise<Team> {
  const team = await em.findOne(Team, id, options.withManager ? { populate: ['manager'] } : {});
  if (!team) throw notFound('Team', id, field);
  return team;
}

async function requireActiveTeam(em: EntityManager, id: number, field: string): Promise<Team> {
  const team = await requireTeam(em, id, field);
  if (team.archivedAt) throw badInput(field, 'archived', `team ${id} is archived`);
  return team;
}

export async function requireActiveTerritory(em: EntityManager, id: number, field: string): Promise<Territory> {
  const territory = await em.findOne(Territory, id);
  if (!territory) throw notFound('Territory', id, field);
  if (territory.archivedAt) throw badInput(field, 'archived', `territory ${id} is archived`);
  return territory;
}

/** A team's manager must be an active member holding the MANAGER role. */
export async function requireManager(em: EntityManager, id: number, field: string): Promise<Member> {
  const member = await em.findOne(Member, id);
  if (!member) throw notFound('Member', id, field);
  if (member.archivedAt) throw badInput(field, 'archived', `member ${id} is archived`);
  if (member.role !== MemberRole.MANAGER) {
    throw badInput(field, 'manager-role', `member ${id} holds the ${member.role} role; a team manager must hold MANAGER`);
  }
  return member;
}

async function assertUniqueSiblingName(em: EntityManager, name: string, parent: Team | null, exceptId?: number) {
  const sibling = await em.findOne(Team, {
    name: { $ilike: name.replace(/[\\%_]/g, (c) => `\\${c}`) },
    parent: parent ? parent.id : null,
    archivedAt: null,
    ...(exceptId ? { id: { $ne: exceptId } } : {}),
  });
  if (sibling) throw conflict('unique-name', `a team named "${sibling.name}" already exists at this level`, 'name');
}

export async function createTeam(em: EntityManager, draft: TeamDraft): Promise<Team> {
  const name = requireText(draft.name, 'name', 200);
  const parent = draft.parentId ? await requireActiveTeam(em, draft.parentId, 'parentId') : null;
  await assertUniqueSiblingName(em, name, parent);
  const team = em.create(Team, {
    name,
    kind: draft.kind,
    description: optionalText(draft.description, 'description', 2000),
    parent,
    path: '/',
    manager: draft.managerId ? await requireManager(em, draft.managerId, 'managerId') : null,
    territory: draft.territoryId ? await requireActiveTerritory(em, draft.territoryId, 'territoryId') : null,
  });
  await em.flush();
  team.path = `${parent?.path ?? '/'}${team.id}/`;
  await em.flush();
  return team;
}

export async function updateTeam(em: EntityManager, id: number, patch: TeamPatch): Promise<Team> {
  const team = await requireTeam(em, id);
  if (team.archivedAt) throw conflict('archived', `team ${id} is archived and cannot be changed`, 'id');
  if (patch.name !== undefined) team.name = requireText(patch.name ?? '', 'name', 200);
  if (patch.kind) team.kind = patch.kind;
  if (patch.description !== undefined) team.description = optionalText(patch.description, 'description', 2000);
  if (patch.territoryId !== undefined) {
    team.territory = patch.territoryId ? await requireActiveTerritory(em, patch.territoryId, 'territoryId') : null;
  }
  if (patch.parentId !== undefined) await moveTeam(em, team, patch.parentId);
  if (patch.name !== undefined || patch.parentId !== undefined) {
    await assertUniqueSiblingName(em, team.name, team.parent ? await requireTeam(em, team.parent.id) : null, team.id);
  }
  await em.flush();
  return team;
}

/** Re-parents a team and rewrites the paths of its whole subtree; a team cannot become its own ancestor. */
async function moveTeam(em: EntityManager, team: Team, parentId: number | null): Promise<void> {
  const parent = parentId ? await requireActiveTeam(em, parentId, 'parentId') : null;
  if (parent && parent.path.startsWith(team.path)) {
    throw badInput(
      'parentId',
      'no-cycle',
      `team ${parent.id} is ${parent.id === team.id ? 'the team itself' : 'a descendant of the team'}; a team cannot be its own ancestor`,
    );
  }
  const oldPath = team.path;
  team.parent = parent;
  team.path = `${parent?.path ?? '/'}${team.id}/`;
  if (oldPath === team.path) return;
  await em.execute('update "team" set "path" = ? || substr("path", ?) where "path" like ? and "id" <> ?', [
    team.path,
    oldPath.length + 1,
    `${oldPath}%`,
    team.id,
  ]);
}

export async function setTeamManager(em: EntityManager, teamId: number, managerId: number | null): Promise<Team> {
  const team = await requireTeam(em, teamId, 'teamId');
  if (team.archivedAt) throw conflict('archived', `team ${teamId} is archived and cannot be changed`, 'teamId');
  team.manager = managerId ? await requireManager(em, managerId, 'managerId') : null;
  await em.flush();
  return team;
}

/** Archives an empty team; its history stays and `team(id)` still answers. */
export async function archiveTeam(em: EntityManager, id: number): Promise<Team> {
  const team = await requireTeam(em, id);
  if (team.archivedAt) return team;
  const [children, members] = await Promise.all([
    em.count(Team, { parent: id, archivedAt: null }),
    em.count(Member, { team: id, archivedAt: null }),
  ]);
  if (children > 0)
    throw conflict('team-has-children', `team ${id} still has ${children} active sub-teams; move or archive them first`, 'id');
  if (members > 0) throw conflict('team-has-members', `team ${id} still has ${members} active members; move or archive them first`, 'id');
  team.archivedAt = new Date();
  await em.flush();
  return team;
}
