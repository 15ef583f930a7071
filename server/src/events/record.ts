import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainEvent, type EventSubjectKind } from './domain-event.entity.js';
import type { EventType } from './event-type.js';

/** An event as a service describes it. */
export interface EventDraft {
  type: EventType;
  actorMemberId: number | null;
  /** The records it concerns, the main one first. */
  subjects: [EventSubjectKind, number | string][];
  /** Who may see it, as for a member-owned record: the teams it is credited to and the members it concerns. */
  teamPaths: string[];
  memberIds: number[];
  payload?: Record<string, unknown>;
  occurredAt?: Date;
}

/** A team path ("/1/5/12/") names the team and every team above it. */
const teamIdsOfPath = (path: string): number[] => path.split('/').filter(Boolean).map(Number);

/**
 * Records an event in the unit of work of the change that causes it: it is written by the same flush,
 * in the same transaction, so it exists exactly when the change does. Call it before the service's
 * last flush.
 */
export function recordEvent(em: EntityManager, draft: EventDraft): DomainEvent {
  return em.create(DomainEvent, {
    type: draft.type,
    actorMemberId: draft.actorMemberId,
    subjects: draft.subjects.map(([kind, id]) => ({ kind, id: String(id) })),
    teamIds: [...new Set(draft.teamPaths.flatMap(teamIdsOfPath))],
    memberIds: [...new Set(draft.memberIds)],
    payload: draft.payload ?? {},
    occurredAt: draft.occurredAt ?? new Date(),
  });
}
