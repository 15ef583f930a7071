import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Goal } from '../goals/goal.entity.js';
import { Member } from '../org/member.entity.js';
import { Deal } from '../pipeline/deal.entity.js';
import { FeedbackKind, Kpi } from './enums.js';

/** Feedback from a manager to a member; private to the member, the managers above them and admins. */
@ObjectType({
  description: 'Feedback (обратная связь) a manager gave a member, optionally about a goal, a deal or a KPI; the member acknowledges it.',
})
@Entity({ tableName: 'feedback' })
@Index({ name: 'feedback_member_given_index', properties: ['member', 'givenAt'] })
export class Feedback {
  [OptionalProps]?: 'givenAt' | 'acknowledgedAt' | 'goal' | 'deal' | 'kpi' | 'author';

  @Field(() => ID, { description: 'Feedback id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Rel<Member>;

  /** Null when given by a service account (an admin without a member). */
  @ManyToOne(() => Member, { nullable: true, deleteRule: 'set null' })
  author: Rel<Member> | null = null;

  @Field(() => FeedbackKind, { description: 'Praise, improvement or note.' })
  @Enum({ items: () => FeedbackKind, type: 'string' })
  kind!: FeedbackKind;

  @Field(() => String, { description: 'What was said.' })
  @Property({ type: 'text' })
  text!: string;

  @ManyToOne(() => Goal, { nullable: true, deleteRule: 'set null' })
  goal: Rel<Goal> | null = null;

  @ManyToOne(() => Deal, { nullable: true, deleteRule: 'set null' })
  deal: Rel<Deal> | null = null;

  @Field(() => Kpi, { nullable: true, description: 'The KPI it is about, if any.' })
  @Enum({ items: () => Kpi, type: 'string', nullable: true })
  kpi: Kpi | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was given.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  givenAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the member acknowledged it; null until then.' })
  @Property({ type: 'datetime', nullable: true })
  acknowledgedAt: Date | null = null;
}
