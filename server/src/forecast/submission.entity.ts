import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Period } from '../goals/period.entity.js';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';

/**
 * One forecast call of a member or a team for a period. Rows are only ever inserted: the history of
 * calls is the table itself, and "the call as of a date" is the latest row submitted on or before it.
 * A team's row keeps the roll-up of its lines when submitted and the manager's adjustment.
 */
@ObjectType({ description: 'One submission (call) of an owner for a period; the history keeps every one.' })
@Entity({ tableName: 'forecast_submission' })
@Check({ name: 'forecast_submission_one_owner_check', expression: 'num_nonnulls("member_id", "team_id") = 1' })
@Check({ name: 'forecast_submission_amounts_check', expression: '"commit" >= 0 and "best_case" >= "commit"' })
// The latest call of an owner for a period (roll-up lines, accuracy): newest first per owner.
@Index({ name: 'forecast_submission_member_latest_index', properties: ['member', 'period', 'submittedAt'] })
@Index({ name: 'forecast_submission_team_latest_index', properties: ['team', 'period', 'submittedAt'] })
@Index({ name: 'forecast_submission_period_index', properties: ['period', 'submittedAt'] })
export class ForecastSubmission {
  [OptionalProps]?: 'member' | 'team' | 'rolledUpCommit' | 'rolledUpBestCase' | 'adjustment' | 'note' | 'submittedBy' | 'submittedAt';

  @Field(() => ID, { description: 'Submission id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Set for a member's call; exactly one of member and team is set. */
  @ManyToOne(() => Member, { nullable: true, index: false, deleteRule: 'cascade' })
  member: Rel<Member> | null = null;

  /** Set for a team's call (its manager's, or an admin's). */
  @ManyToOne(() => Team, { nullable: true, index: false, deleteRule: 'cascade' })
  team: Rel<Team> | null = null;

  @ManyToOne(() => Period, { index: false })
  period!: Rel<Period>;

  @Field(() => DecimalScalar, { description: 'The period total the owner commits to, closed won included.' })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  commit!: string;

  @Field(() => DecimalScalar, { description: 'The best case for the period, closed won included; never below commit.' })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  bestCase!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "TEAM only: the roll-up of the lines' calls when submitted." })
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  rolledUpCommit: string | null = null;

  @Field(() => DecimalScalar, { nullable: true, description: "TEAM only: the roll-up of the lines' best cases when submitted." })
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  rolledUpBestCase: string | null = null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "TEAM only: commit − rolledUpCommit, the manager's adjustment (may be negative).",
  })
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  adjustment: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the call differs from the roll-up; required when adjustment ≠ 0.' })
  @Property({ type: 'string', length: 2000, nullable: true })
  note: string | null = null;

  /** Who submitted: the member themselves, the team's manager, or an admin (null for a service account). */
  @ManyToOne(() => Member, { nullable: true, index: false })
  submittedBy: Rel<Member> | null = null;

  @Field(() => DateTimeScalar, { description: 'When the call was submitted.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  submittedAt: Date = new Date();
}
