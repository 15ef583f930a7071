import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { Team } from '../../org/team.entity.js';
import { EventType } from '../event-type.js';

/**
 * An endpoint that receives the domain events of the types it subscribes to, signed with its secret
 * (docs/webhooks.md). The database trigger `webhook_delivery_enqueue` reads its event types, scope and
 * `active` to queue a delivery in the transaction of each event.
 */
@ObjectType({ description: 'A webhook endpoint: a URL that receives signed POSTs of the domain events it subscribes to. Admin only.' })
@Entity({ tableName: 'webhook' })
export class Webhook {
  [OptionalProps]?: 'team' | 'description' | 'active' | 'createdAt' | 'updatedAt';

  @Field(() => ID, { description: 'Endpoint id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Where events are POSTed (http or https).' })
  @Property({ type: 'string', length: 2000 })
  url!: string;

  @Field(() => [EventType], { description: 'The event types it receives.' })
  @Property({ type: 'text[]' })
  eventTypes!: EventType[];

  /** Scope: only events credited to this team or a team below it; null for every event. */
  @ManyToOne(() => Team, { nullable: true, index: 'webhook_team_id_index', deleteRule: 'restrict' })
  team: Rel<Team> | null = null;

  @Field(() => String, { nullable: true, description: 'What the endpoint is for, as the admin described it.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => Boolean, { description: 'False while paused: no delivery is queued for it, and its queued ones wait.' })
  @Property({ type: 'boolean', default: true })
  active = true;

  /** The HMAC-SHA256 key of its signatures; shown once, when created or rotated. */
  @Property({ type: 'text' })
  secret!: string;

  @Field(() => DateTimeScalar, { description: 'When it was registered.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When it was last changed (its secret rotated included).' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
