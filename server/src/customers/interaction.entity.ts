import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Deal } from '../pipeline/deal.entity.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import { InteractionKind } from './enums.js';

@ObjectType({ description: 'An interaction with a customer (взаимодействие): a call, e-mail, meeting or note, possibly about a deal.' })
@Entity({ tableName: 'interaction' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'interaction_created_at_id_index', properties: ['createdAt', 'id'] })
@Index({ name: 'interaction_customer_occurred_index', properties: ['customer', 'occurredAt'] })
// A member's interactions in a period (ACTIVITIES attainment and goals, the leaderboard) as an index range;
// it also serves every lookup by member alone.
@Index({ name: 'interaction_member_occurred_index', properties: ['member', 'occurredAt'] })
export class Interaction {
  [OptionalProps]?: 'createdAt' | 'deal' | 'contact' | 'notes';

  @Field(() => ID, { description: 'Interaction id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => InteractionKind, { description: 'Call, e-mail, meeting or note.' })
  @Enum({ items: () => InteractionKind, type: 'string' })
  kind!: InteractionKind;

  @ManyToOne(() => Customer)
  customer!: Rel<Customer>;

  @ManyToOne(() => Deal, { nullable: true, index: 'interaction_deal_id_index' })
  deal: Rel<Deal> | null = null;

  @ManyToOne(() => Contact, { nullable: true })
  contact: Rel<Contact> | null = null;

  /** The member who had (or logged) the interaction. */
  @ManyToOne(() => Member)
  member!: Rel<Member>;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field(() => String, { description: 'Subject, e.g. "Демонстрация резервного копирования".' })
  @Property({ type: 'string', length: 300 })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'What was said or agreed.' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was logged.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@ObjectType({
  description:
    'A follow-up (следующий шаг): something promised to a customer, with a due date and an assignee, so that nothing is forgotten.',
})
@Entity({ tableName: 'follow_up' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'follow_up_created_at_id_index', properties: ['createdAt', 'id'] })
@Index({ name: 'follow_up_assignee_open_due_index', properties: ['assignee', 'done', 'dueDate'] })
@Index({ name: 'follow_up_open_due_index', properties: ['done', 'dueDate'] })
export class FollowUp {
  [OptionalProps]?: 'createdAt' | 'deal' | 'interaction' | 'done' | 'doneAt' | 'createdById' | 'notes';

  @Field(() => ID, { description: 'Follow-up id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { index: 'follow_up_customer_id_index' })
  customer!: Rel<Customer>;

  @ManyToOne(() => Deal, { nullable: true, index: 'follow_up_deal_id_index' })
  deal: Rel<Deal> | null = null;

  /** The interaction in which it was promised, if any. */
  // No foreign key: interactions are partitioned by month, and a key must hold the partition column.
  @ManyToOne(() => Interaction, { nullable: true, createForeignKeyConstraint: false })
  interaction: Rel<Interaction> | null = null;

  @ManyToOne(() => Member)
  assignee!: Rel<Member>;

  @Field(() => String, { description: 'What to do, e.g. "Отправить коммерческое предложение".' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Details.' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Field(() => DateScalar, { description: 'When it is due.' })
  @Property({ type: 'date' })
  dueDate!: string;

  @Field(() => Boolean, { description: 'True once done.' })
  @Property({ type: 'boolean', default: false })
  done: boolean = false;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was marked done.' })
  @Property({ type: 'datetime', nullable: true })
  doneAt: Date | null = null;

  /** Member who created it, when the caller is a member. */
  @Property({ type: 'integer', nullable: true })
  createdById: number | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
