import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Period } from '../goals/period.entity.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { Deal } from '../pipeline/deal.entity.js';

/**
 * A quota threshold a member or team crossed in a period, recorded once (the unique constraints) by the
 * deal whose win took the cumulative revenue over it. Milestones stay when that deal is reopened or lost.
 */
@ObjectType({ description: 'A milestone (рубеж): a member or team crossed 50, 90, 100 or 120 % of its REVENUE quota in a period.' })
@Entity({ tableName: 'milestone' })
@Unique({ name: 'milestone_member_period_threshold_unique', properties: ['member', 'period', 'threshold'] })
@Unique({ name: 'milestone_team_period_threshold_unique', properties: ['team', 'period', 'threshold'] })
@Check({ name: 'milestone_one_owner_check', expression: 'num_nonnulls("member_id", "team_id") = 1' })
@Index({ name: 'milestone_period_id_index', properties: ['period'] })
export class Milestone {
  [OptionalProps]?: 'recordedAt' | 'member' | 'team' | 'deal';

  @Field(() => ID, { description: 'Milestone id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { nullable: true, deleteRule: 'cascade' })
  member: Rel<Member> | null = null;

  @ManyToOne(() => Team, { nullable: true, deleteRule: 'cascade' })
  team: Rel<Team> | null = null;

  @ManyToOne(() => Period, { deleteRule: 'cascade' })
  period!: Rel<Period>;

  @Field(() => Int, { description: 'The threshold crossed, in percent of the quota: 50, 90, 100 or 120.' })
  @Property({ type: 'smallint' })
  threshold!: number;

  /** The deal that crossed it; null if that deal was deleted since. */
  @ManyToOne(() => Deal, { nullable: true, deleteRule: 'set null', index: 'milestone_deal_id_index' })
  deal: Rel<Deal> | null = null;

  @Field(() => DateScalar, { description: 'Close date of the deal that crossed it.' })
  @Property({ type: 'date' })
  reachedOn!: string;

  @Field(() => DecimalScalar, { description: 'The REVENUE quota when it was recorded.' })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  quota!: string;

  @Field(() => DecimalScalar, { description: 'Revenue achieved in the period up to and including the deal that crossed it.' })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  achieved!: string;

  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
