import { DomainEvent } from './domain-event.entity.js';
import { EventResolver } from './event.resolver.js';
import { LiveEventResolver } from './live/live-events.resolver.js';
import { webhookEntities, webhookResolvers } from './webhooks/index.js';
import { reminderEntities } from './reminders/index.js';

/** Domain events: the outbox, the feed, and what reads them (docs/events.md). */
export const eventEntities = [DomainEvent, ...reminderEntities, ...webhookEntities];
export const eventResolvers = [EventResolver, LiveEventResolver, ...webhookResolvers] as const;
export { recordEvent, type EventDraft } from './record.js';
export { EventType, EVENT_CATALOGUE } from './event-type.js';
export { EventSubjectKind } from './domain-event.entity.js';
export { eventVisible, eventScopeFilter } from './scope.js';
export { UNUSED_PUBSUB } from './live/live-events.resolver.js';
