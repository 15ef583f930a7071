import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { EventType } from './event-type.js';

/** The kind of record an event concerns. */
export enum EventSubjectKind {
  DEAL = 'DEAL',
  LEAD = 'LEAD',
  CUSTOMER = 'CUSTOMER',
  MEMBER = 'MEMBER',
  TEAM = 'TEAM',
  FOLLOW_UP = 'FOLLOW_UP',
  QUOTA = 'QUOTA',
  MILESTONE = 'MILESTONE',
  FORECAST_CALL = 'FORECAST_CALL',
  RECOGNITION = 'RECOGNITION',
  STRATEGY = 'STRATEGY',
  IMPORT_JOB = 'IMPORT_JOB',
}
registerEnumType(EventSubjectKind, {
  name: 'EventSubjectKind',
  description: 'The kind of record an event concerns.',
  valuesConfig: {
    DEAL: { description: 'A deal (query `deal`).' },
    LEAD: { description: 'A lead (query `lead`).' },
    CUSTOMER: { description: 'A customer account (query `customer`).' },
    MEMBER: { description: 'A member (query `member`).' },
    TEAM: { description: 'A team (query `team`).' },
    FOLLOW_UP: { description: 'A follow-up of a customer or deal.' },
    QUOTA: { description: "A member's or team's quota (query `quota`)." },
    MILESTONE: { description: 'A milestone crossed.' },
    FORECAST_CALL: { description: 'A submitted forecast call.' },
    RECOGNITION: { description: 'A recognition given to a member.' },
    STRATEGY: { description: 'A sales strategy (query `strategy`).' },
    IMPORT_JOB: { description: 'An import job (query `importJob`).' },
  },
});

@ObjectType({ description: 'A record an event concerns: read it with the query of its kind (deal, member, team, …).' })
export class EventSubject {
  @Field(() => EventSubjectKind, { description: 'Kind of record.' })
  kind!: EventSubjectKind;

  @Field(() => ID, { description: 'Id of the record.' })
  id!: string;
}

/** An event's type-specific details (docs/events.md); output only. */
export const EventPayloadScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'EventPayload',
  description: "An event's details, a JSON object whose fields depend on its type (amounts as decimal strings). Output only.",
  serialize: (value) => value,
  parseValue: () => {
    throw new GraphQLError('EventPayload is an output type', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral: () => {
    throw new GraphQLError('EventPayload is an output type', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

/**
 * Something that happened, written in the transaction of the change that caused it (the outbox): a
 * rolled-back change leaves no event, a committed one always has its event. Webhook deliveries,
 * subscriptions and the activity feed all read from here. An event is seen by whoever may read the
 * records it names: the members in `memberIds` and the managers above the teams it is credited to.
 */
@ObjectType({ description: 'A domain event: something that happened, who did it, and the records it concerns.' })
@Entity({ tableName: 'domain_event' })
@Index({ name: 'domain_event_type_index', properties: ['type', 'id'] })
@Index({
  name: 'domain_event_team_ids_index',
  expression: 'create index "domain_event_team_ids_index" on "domain_event" using gin ("team_ids")',
})
@Index({
  name: 'domain_event_member_ids_index',
  expression: 'create index "domain_event_member_ids_index" on "domain_event" using gin ("member_ids")',
})
export class DomainEvent {
  [OptionalProps]?: 'occurredAt' | 'actorMemberId' | 'payload' | 'teamIds' | 'memberIds';

  @Field(() => ID, { description: 'Event id, unique: receivers deduplicate by it. Larger ids were recorded later.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => EventType, { description: 'What happened.' })
  @Enum({ items: () => EventType, type: 'string' })
  type!: EventType;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  occurredAt: Date = new Date();

  @Field(() => ID, { nullable: true, description: 'Member who caused it; null for the system (reminders, service accounts).' })
  @Property({ type: 'integer', nullable: true })
  actorMemberId: number | null = null;

  @Field(() => [EventSubject], { description: 'The records it concerns, the main one first.' })
  @Property({ type: 'json' })
  subjects!: EventSubject[];

  @Field(() => EventPayloadScalar, { description: 'Details that depend on the type (docs/events.md).' })
  @Property({ type: 'json' })
  payload: Record<string, unknown> = {};

  /**
   * The teams the event is credited to and every team above them, as they stood when it happened: the
   * managers of any of them see it.
   */
  @Property({ type: 'int[]' })
  teamIds: number[] = [];

  /** Members it concerns: each of them sees it. */
  @Property({ type: 'int[]' })
  memberIds: number[] = [];
}
