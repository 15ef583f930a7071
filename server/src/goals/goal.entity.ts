import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { OrganisationObjective } from '../org/objective.js';
import { Team } from '../org/team.entity.js';
import { GoalKind, GoalMetric } from './enums.js';
import { Period } from './period.entity.js';

/** A SMART goal (цель) of a member or a team for a period, serving one organisation objective. */
@ObjectType({ description: 'A goal (цель) of a member or a team for a period, serving one organisation objective; checked against SMART.' })
@Entity({ tableName: 'goal' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'goal_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Check({ name: 'goal_one_owner_check', expression: 'num_nonnulls("member_id", "team_id") = 1' })
@Check({
  name: 'goal_shape_check',
  expression: `("kind" = 'QUANTITATIVE' and "metric" is not null and "target" is not null) or ("kind" = 'QUALITATIVE' and "acceptance_criteria" is not null)`,
})
@Index({ name: 'goal_period_id_index', properties: ['period'] })
export class Goal {
  [OptionalProps]?:
    | 'createdAt'
    | 'updatedAt'
    | 'archivedAt'
    | 'version'
    | 'member'
    | 'team'
    | 'metric'
    | 'target'
    | 'acceptanceCriteria'
    | 'createdBy';

  @Field(() => ID, { description: 'Goal id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => GoalKind, { description: 'Quantitative (metric and target) or qualitative (acceptance criteria).' })
  @Enum({ items: () => GoalKind, type: 'string' })
  kind!: GoalKind;

  @Field(() => String, { description: 'What the owner will achieve, in one clear sentence.' })
  @Property({ type: 'text' })
  statement!: string;

  @Field(() => GoalMetric, { nullable: true, description: 'Quantitative goals: what is measured.' })
  @Enum({ items: () => GoalMetric, type: 'string', nullable: true })
  metric: GoalMetric | null = null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Quantitative goals: the target, an amount for REVENUE and a percentage (0–100) for WIN_RATE, both with two decimals ("35.00"); a whole number without decimals ("12") for the count metrics.',
  })
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  target: string | null = null;

  @Field(() => String, { nullable: true, description: 'Qualitative goals: how achievement will be judged.' })
  @Property({ type: 'text', nullable: true })
  acceptanceCriteria: string | null = null;

  @Field(() => OrganisationObjective, { description: 'The organisation objective the goal serves.' })
  @Enum({ items: () => OrganisationObjective, type: 'string' })
  objective!: OrganisationObjective;

  @ManyToOne(() => Member, { nullable: true, index: 'goal_member_id_index', deleteRule: 'cascade' })
  member: Rel<Member> | null = null;

  @ManyToOne(() => Team, { nullable: true, index: 'goal_team_id_index', deleteRule: 'cascade' })
  team: Rel<Team> | null = null;

  @ManyToOne(() => Period)
  period!: Rel<Period>;

  /** Member who created the goal, when the caller was a member. */
  @ManyToOne(() => Member, { nullable: true, index: 'goal_created_by_id_index' })
  createdBy: Rel<Member> | null = null;

  @Field(() => Int, { description: 'Optimistic-lock version; pass it as `expectedVersion` when changing the goal.' })
  @Property({ type: 'integer', version: true })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When the goal was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the goal last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the goal was archived; archived goals are hidden from lists.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
