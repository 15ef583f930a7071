import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { AccessPolicy } from '../access/policy.js';
import { AccessRole, type Viewer } from '../access/viewer.js';
import { badInput, conflict, forbidden, notFound } from '../errors.js';
import { Member } from '../org/member.entity.js';
import type { Team } from '../org/team.entity.js';
import { optionalText, requireText } from '../validate.js';
import { SavedViewSharing } from './catalogue.js';
import type { CreateSavedViewInput, UpdateSavedViewInput } from './inputs.js';
import { metricsQueryToJson, parseMetricsQuery } from './query.js';
import { SavedView } from './saved-view.entity.js';

/** Who owns what a viewer saves: their member, or their token subject when they have none. */
export function ownerKeyOf(viewer: Viewer): string {
  return viewer.memberId !== null ? `member:${viewer.memberId}` : `subject:${viewer.subject ?? viewer.role}`;
}

/** The paths of a team and of every team above it ("/1/4/9/" → "/1/", "/1/4/", "/1/4/9/"). */
function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/**
 * Which saved views a viewer may open: admins all of them; everyone their own, those shared with
 * EVERYONE, and TEAM views saved in their own team or a team above it, or in a subtree they manage.
 * Embed tokens open EVERYONE views only.
 */
export async function visibleViewsFilter(em: EntityManager, access: AccessPolicy): Promise<FilterQuery<SavedView>> {
  const viewer = access.viewer;
  if (viewer.role === AccessRole.ADMIN) return {};
  if (viewer.role === AccessRole.EMBED) return { sharing: SavedViewSharing.EVERYONE };
  const scope = await access.scope();
  const teamPaths: FilterQuery<SavedView>[] = scope.subtreePaths.map((path) => ({ team: { path: { $like: `${path}%` } } }));
  if (viewer.memberId !== null) {
    const member = await em.findOne(Member, viewer.memberId, { populate: ['team'] });
    if (member) teamPaths.push({ team: { path: { $in: ancestorPaths(member.team.path) } } });
  }
  return {
    $or: [
      { ownerKey: ownerKeyOf(viewer) },
      { sharing: SavedViewSharing.EVERYONE },
      ...(teamPaths.length ? [{ sharing: SavedViewSharing.TEAM, $or: teamPaths }] : []),
    ],
  };
}

/** The view if the viewer may open it; NOT_FOUND otherwise, so that private views do not leak their existence. */
export async function requireVisibleView(em: EntityManager, access: AccessPolicy, id: number, field = 'id'): Promise<SavedView> {
  const view = await em.findOne(SavedView, { $and: [{ id }, await visibleViewsFilter(em, access)] });
  if (!view) throw notFound('saved view', id, field);
  return view;
}

/** Owners change and delete their views; admins any view. */
export function assertOwnsView(viewer: Viewer, view: SavedView, action: string): void {
  if (viewer.role === AccessRole.ADMIN || view.ownerKey === ownerKeyOf(viewer)) return;
  throw forbidden(`only the owner of saved view ${view.id} may ${action} it`);
}

async function teamForSharing(em: EntityManager, viewer: Viewer, sharing: SavedViewSharing): Promise<Team | null> {
  if (viewer.memberId === null) {
    if (sharing === SavedViewSharing.TEAM)
      throw badInput('sharing', 'team-needs-member', 'TEAM sharing needs an owner who is a member of a team');
    return null;
  }
  const member = await em.findOneOrFail(Member, viewer.memberId, { populate: ['team'] });
  return member.team;
}

function checkedFields(input: { name?: string | null; description?: string | null }) {
  return {
    name: input.name === undefined || input.name === null ? undefined : requireText(input.name, 'name', 200),
    description: input.description === undefined ? undefined : optionalText(input.description, 'description', 2000),
  };
}

export async function createSavedView(em: EntityManager, viewer: Viewer, input: CreateSavedViewInput): Promise<SavedView> {
  const { name, description } = checkedFields(input);
  if (name === undefined) throw badInput('name', 'required', 'must not be empty');
  const query = metricsQueryToJson(parseMetricsQuery(input.query));
  const sharing = input.sharing ?? SavedViewSharing.PRIVATE;
  const team = await teamForSharing(em, viewer, sharing);
  const view = em.create(SavedView, {
    name,
    description: description ?? null,
    chartKind: input.chartKind,
    sharing,
    query,
    ownerKey: ownerKeyOf(viewer),
    owner: viewer.memberId === null ? null : em.getReference(Member, viewer.memberId),
    team,
  });
  await em.flush();
  return view;
}

export async function updateSavedView(em: EntityManager, viewer: Viewer, view: SavedView, input: UpdateSavedViewInput): Promise<SavedView> {
  assertOwnsView(viewer, view, 'change');
  if (input.expectedVersion != null && input.expectedVersion !== view.version) {
    throw conflict(
      'stale-version',
      `saved view ${view.id} is at version ${view.version}, not ${input.expectedVersion}: it changed since you read it`,
      'input.expectedVersion',
    );
  }
  const { name, description } = checkedFields(input);
  if (name !== undefined) view.name = name;
  if (description !== undefined) view.description = description;
  if (input.chartKind) view.chartKind = input.chartKind;
  if (input.query) view.query = metricsQueryToJson(parseMetricsQuery(input.query));
  if (input.sharing) {
    if (input.sharing === SavedViewSharing.TEAM && !view.team)
      throw badInput('sharing', 'team-needs-member', 'TEAM sharing needs an owner who is a member of a team');
    view.sharing = input.sharing;
  }
  await em.flush();
  return view;
}

export async function deleteSavedView(em: EntityManager, viewer: Viewer, view: SavedView): Promise<void> {
  assertOwnsView(viewer, view, 'delete');
  em.remove(view);
  await em.flush();
}
