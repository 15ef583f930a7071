import { DomainEvent } from './domain-event.entity.js';
import { EventResolver } from './event.resolver.js';

/** Domain events: the outbox, the feed, and what reads them (docs/events.md). */
export const eventEntities = [DomainEvent];
export const eventResolvers = [EventResolver] as const;
export { recordEvent, type EventDraft } from './record.js';
export { EventType, EVENT_CATALOGUE } from './event-type.js';
export { EventSubjectKind } from './domain-event.entity.js';
export { eventVisible, eventScopeFilter } from './scope.js';
