import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { DomainEvent } from '../domain-event.entity.js';
import { WebhookDeliveryStatus } from './enums.js';
import { Webhook } from './webhook.entity.js';

/**
 * One event to send to one endpoint, queued by a trigger in the event's transaction and sent by the
 * delivery worker (worker.ts). `dueAt` is when a worker may take it: its next attempt while PENDING,
 * the end of its lease while IN_FLIGHT (a worker that died holding it is replaced then).
 */
@ObjectType({ description: 'The delivery of one event to one webhook endpoint: its attempts and outcome. Admin only.' })
@Entity({ tableName: 'webhook_delivery' })
@Unique({ name: 'webhook_delivery_webhook_event_unique', properties: ['webhook', 'event'] })
@Index({ name: 'webhook_delivery_webhook_index', properties: ['webhook', 'id'] })
@Index({
  name: 'webhook_delivery_due_index',
  expression: `create index "webhook_delivery_due_index" on "webhook_delivery" ("due_at") where "status" in ('PENDING', 'IN_FLIGHT')`,
})
export class WebhookDelivery {
  [OptionalProps]?: 'status' | 'attempts' | 'dueAt' | 'lastAttemptAt' | 'lastStatus' | 'lastError' | 'deliveredAt' | 'createdAt';

  @Field(() => ID, { description: 'Delivery id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Webhook, { deleteRule: 'cascade', index: false })
  webhook!: Rel<Webhook>;

  // No foreign key: events are partitioned by month, and a key must hold the partition column.
  @ManyToOne(() => DomainEvent, { createForeignKeyConstraint: false, index: 'webhook_delivery_event_id_index' })
  event!: Rel<DomainEvent>;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  @Enum({ items: () => WebhookDeliveryStatus, type: 'string', default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int, { description: 'Attempts made since it was queued (or last replayed).' })
  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Property({ type: 'datetime', nullable: true, defaultRaw: 'now()' })
  dueAt: Date | null = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last attempt started; null before the first.' })
  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt: Date | null = null;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last answer; null before the first or when none came.' })
  @Property({ type: 'smallint', nullable: true })
  lastStatus: number | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last attempt failed (status, timeout, connection error); null after a success.',
  })
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the endpoint accepted it; null until then.' })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was queued (with its event, or by a replay).' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
