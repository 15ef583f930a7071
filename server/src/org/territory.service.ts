import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, notFound } from '../errors.js';
import { formatMoney, parseMoney } from '../money.js';
import { optionalText, requireText } from '../validate.js';
import type { TerritoryKind } from './enums.js';
import { Member } from './member.entity.js';
import { Team } from './team.entity.js';
import { Territory } from './territory.entity.js';

export interface TerritoryDraft {
  name: string;
  kind: TerritoryKind;
  potential: string;
  marketSize: string;
  description?: string | null;
}

export type TerritoryPatch = Partial<TerritoryDraft>;

export async function requireTerritory(em: EntityManager, id: number, field = 'id'): Promise<Territory> {
  const territory = await em.findOne(Territory, id);
  if (!territory) throw notFound('Territory', id, field);
  return territory;
}

export async function createTerritory(em: EntityManager, draft: TerritoryDraft): Promise<Territory> {
  const territory = em.create(Territory, {
    name: requireText(draft.name, 'name', 200),
    kind: draft.kind,
    potential: formatMoney(parseMoney(draft.potential, 'potential')),
    marketSize: formatMoney(parseMoney(draft.marketSize, 'marketSize')),
    description: optionalText(draft.description, 'description', 2000),
  });
  await em.flush();
  return territory;
}

export async function updateTerritory(em: EntityManager, id: number, patch: TerritoryPatch): Promise<Territory> {
  const territory = await requireTerritory(em, id);
  if (territory.archivedAt) throw conflict('archived', `territory ${id} is archived and cannot be changed`, 'id');
  if (patch.name != null) territory.name = requireText(patch.name, 'name', 200);
  if (patch.kind) territory.kind = patch.kind;
  if (patch.potential != null) territory.potential = formatMoney(parseMoney(patch.potential, 'potential'));
  if (patch.marketSize != null) territory.marketSize = formatMoney(parseMoney(patch.marketSize, 'marketSize'));
  if (patch.description !== undefined) territory.description = optionalText(patch.description, 'description', 2000);
  await em.flush();
  return territory;
}

/** Archives a territory nobody covers any more. */
export async function archiveTerritory(em: EntityManager, id: number): Promise<Territory> {
  const territory = await requireTerritory(em, id);
  if (territory.archivedAt) return territory;
  const [teams, members] = await Promise.all([
    em.count(Team, { territory: id, archivedAt: null }),
    em.count(Member, { territory: id, archivedAt: null }),
  ]);
  if (teams + members > 0) {
    throw conflict(
      'territory-in-use',
      `territory ${id} is still covered by ${teams} teams and ${members} members; reassign them first`,
      'id',
    );
  }
  territory.archivedAt = new Date();
  await em.flush();
  return territory;
}
