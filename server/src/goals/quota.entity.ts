import { Index, Check, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { QuotaMetric } from './enums.js';
import { Period } from './period.entity.js';

/**
 * A target (квота) for a member or a team in a period: one per owner, metric and period. `target` is
 * money for REVENUE and a whole number for the count metrics. Changes are versioned (optimistic lock)
 * and recorded in `quota_change`.
 */
@ObjectType({ description: 'A quota (квота): the target of a member or a team for one metric in one period.' })
@Entity({ tableName: 'quota' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'quota_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Unique({ name: 'quota_member_period_metric_unique', properties: ['member', 'period', 'metric'] })
@Unique({ name: 'quota_team_period_metric_unique', properties: ['team', 'period', 'metric'] })
@Check({ name: 'quota_one_owner_check', expression: 'num_nonnulls("member_id", "team_id") = 1' })
@Check({ name: 'quota_target_non_negative', expression: '"target" >= 0' })
export class Quota {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'version' | 'member' | 'team';

  @Field(() => ID, { description: 'Quota id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Set for a member's quota; exactly one of member and team is set. */
  @ManyToOne(() => Member, { nullable: true, index: 'quota_member_id_index', deleteRule: 'cascade' })
  member: Rel<Member> | null = null;

  /** Set for a team's quota. */
  @ManyToOne(() => Team, { nullable: true, index: 'quota_team_id_index', deleteRule: 'cascade' })
  team: Rel<Team> | null = null;

  @ManyToOne(() => Period, { index: 'quota_period_id_index' })
  period!: Rel<Period>;

  @Field(() => QuotaMetric, { description: 'What the quota counts.' })
  @Enum({ items: () => QuotaMetric, type: 'string' })
  metric!: QuotaMetric;

  @Field(() => DecimalScalar, {
    description:
      'Target: an amount with two decimals for REVENUE ("7500000.00"); a whole number without decimals for the count metrics ("12").',
  })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  target!: string;

  @Field(() => Int, {
    description:
      'Optimistic-lock version, 1 when created and incremented by every change; pass it as `expectedVersion` when changing the quota.',
  })
  @Property({ type: 'integer', version: true })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When the quota was first set.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the quota last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
