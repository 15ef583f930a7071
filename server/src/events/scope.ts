import type { FilterQuery } from '@mikro-orm/postgresql';
import type { AccessScope } from '../access/policy.js';
import type { DomainEvent } from './domain-event.entity.js';
import { EVENT_CATALOGUE, type EventType } from './event-type.js';

/** The teams at the top of the viewer's subtrees: an event credited to any team under one is theirs to see. */
const subtreeRoots = (scope: AccessScope): number[] => scope.subtreePaths.map((path) => Number(path.split('/').filter(Boolean).at(-1)));

/** Event types an embed token receives: those its widget kinds show. */
export function embedEventTypes(scope: AccessScope): EventType[] | null {
  if (!scope.embed) return null;
  const kinds = new Set(scope.embed.widgets);
  return (Object.keys(EVENT_CATALOGUE) as EventType[]).filter((type) => EVENT_CATALOGUE[type].widgets.some((kind) => kinds.has(kind)));
}

/**
 * Whether the viewer sees an event: like a member-owned record, its members see it, the managers above
 * the teams it is credited to, admins and analysts; an embed token only within its scope and for the
 * event types its widgets show.
 */
export function eventVisible(scope: AccessScope, event: Pick<DomainEvent, 'type' | 'teamIds' | 'memberIds'>): boolean {
  const types = embedEventTypes(scope);
  if (types && !types.includes(event.type)) return false;
  if (scope.readAll) return true;
  if (scope.ownMemberId !== null && event.memberIds.includes(scope.ownMemberId)) return true;
  const roots = subtreeRoots(scope);
  return event.teamIds.some((id) => roots.includes(id));
}

/** The same rule as a filter on the event table (array overlap, served by its GIN indexes). */
export function eventScopeFilter(scope: AccessScope): FilterQuery<DomainEvent> {
  const types = embedEventTypes(scope);
  const typeFilter: FilterQuery<DomainEvent> = types ? { type: { $in: types } } : {};
  if (scope.readAll) return typeFilter;
  const alternatives: FilterQuery<DomainEvent>[] = [];
  if (scope.ownMemberId !== null) alternatives.push({ memberIds: { $overlap: [scope.ownMemberId] } });
  const roots = subtreeRoots(scope);
  if (roots.length > 0) alternatives.push({ teamIds: { $overlap: roots } });
  if (alternatives.length === 0) return { id: { $in: [] } };
  return { $and: [typeFilter, { $or: alternatives }] };
}
