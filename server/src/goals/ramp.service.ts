import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { formatScaled } from '../decimal.js';
import { badInput, conflict, notFound } from '../errors.js';
import { requireText } from '../validate.js';
import { parseRampSteps } from './ramp.js';
import { RampProfile } from './ramp-profile.entity.js';

/**
 * Ramp profiles (docs/goals.md, "Ramped quotas"): admins create, change and archive them; making one the
 * default takes the default away from the previous one in the same transaction. Archived profiles stay
 * for the record but are never used (and are never the default).
 */

export interface RampProfileDraft {
  name: string;
  steps: string[];
  isDefault?: boolean | null;
}

export interface RampProfilePatch {
  name?: string | null;
  steps?: string[] | null;
  isDefault?: boolean | null;
}

export async function requireRampProfile(em: EntityManager, id: number, field = 'id'): Promise<RampProfile> {
  const profile = await em.findOne(RampProfile, id);
  if (!profile) throw notFound('RampProfile', id, field);
  return profile;
}

/** Active profiles by name (then id), archived ones after them when asked for. */
export async function listRampProfiles(em: EntityManager, includeArchived: boolean): Promise<RampProfile[]> {
  const profiles = await em.find(RampProfile, includeArchived ? {} : { archivedAt: null }, { orderBy: { name: 'asc', id: 'asc' } });
  return [...profiles.filter((p) => !p.archivedAt), ...profiles.filter((p) => p.archivedAt)];
}

/** Steps in their canonical form, two decimals ("25" → "25.00"). */
function canonicalSteps(steps: string[]): string[] {
  return parseRampSteps(steps).map((step) => formatScaled(step, 2));
}

/**
 * Makes `profile` the only default: the previous default (changed through the ORM, so the audit sees it)
 * loses it in a flush of its own first, since the unique index is checked statement by statement.
 */
async function takeDefault(em: EntityManager, profile: RampProfile): Promise<void> {
  const previous = await em.find(RampProfile, { isDefault: true, id: { $ne: profile.id ?? 0 } });
  for (const other of previous) other.isDefault = false;
  await flushProfiles(em);
  profile.isDefault = true;
}

async function flushProfiles(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw conflict(
        'ramp-default-changed',
        'another profile became the default at the same time; read the profiles and try again',
        'isDefault',
      );
    }
    throw error;
  }
}

export async function createRampProfile(em: EntityManager, draft: RampProfileDraft): Promise<RampProfile> {
  const profile = em.create(RampProfile, { name: requireText(draft.name, 'name', 120), steps: canonicalSteps(draft.steps) });
  if (draft.isDefault) await takeDefault(em, profile);
  await flushProfiles(em);
  return profile;
}

export async function updateRampProfile(em: EntityManager, id: number, patch: RampProfilePatch): Promise<RampProfile> {
  const profile = await requireRampProfile(em, id);
  if (profile.archivedAt) throw conflict('archived', `ramp profile ${id} is archived and cannot be changed`, 'id');
  if (patch.name != null) profile.name = requireText(patch.name, 'name', 120);
  if (patch.steps != null) profile.steps = canonicalSteps(patch.steps);
  if (patch.isDefault === true) await takeDefault(em, profile);
  if (patch.isDefault === false) profile.isDefault = false;
  await flushProfiles(em);
  return profile;
}

/** Archives a profile; the default profile stops being the default, so allocations then use none. */
export async function archiveRampProfile(em: EntityManager, id: number): Promise<RampProfile> {
  const profile = await requireRampProfile(em, id);
  if (profile.archivedAt) return profile;
  profile.archivedAt = new Date();
  profile.isDefault = false;
  await em.flush();
  return profile;
}

/**
 * The profiles an allocation uses, in one statement: the ones it names (refused when unknown or
 * archived, naming the field) and the organisation default.
 */
export async function profilesForAllocation(
  em: EntityManager,
  named: { id: number; field: string }[],
): Promise<{ byId: Map<number, RampProfile>; fallback: RampProfile | null }> {
  const ids = [...new Set(named.map((n) => n.id))];
  const found = await em.find(RampProfile, { $or: [{ id: { $in: ids } }, { isDefault: true }] });
  const byId = new Map(found.map((p) => [p.id, p]));
  for (const { id, field } of named) {
    const profile = byId.get(id);
    if (!profile) throw notFound('RampProfile', id, field);
    if (profile.archivedAt) throw badInput(field, 'archived', `ramp profile ${id} is archived`);
  }
  return { byId, fallback: found.find((p) => p.isDefault) ?? null };
}
