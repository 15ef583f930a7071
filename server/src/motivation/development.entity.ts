import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { PlanStatus, TrainingStatus } from './enums.js';
import { Feedback } from './feedback.entity.js';

@ObjectType({
  description: 'One assessment of a skill of a member (оценка навыка), level 1 (novice) to 5 (expert); the history shows progress.',
})
@Entity({ tableName: 'skill_assessment' })
@Index({ name: 'skill_assessment_member_skill_index', properties: ['member', 'skill', 'assessedOn'] })
@Check({ name: 'skill_assessment_level_range', expression: '"level" >= 1 and "level" <= 5' })
export class SkillAssessment {
  [OptionalProps]?: 'createdAt' | 'assessedBy';

  @Field(() => ID, { description: 'Assessment id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Rel<Member>;

  @Field(() => String, { description: 'The skill, e.g. "Переговоры", "Работа с возражениями".' })
  @Property({ type: 'string', length: 200 })
  skill!: string;

  @Field(() => Int, { description: 'Level from 1 (novice) to 5 (expert).' })
  @Property({ type: 'smallint' })
  level!: number;

  @Field(() => DateScalar, { description: 'When it was assessed.' })
  @Property({ type: 'date' })
  assessedOn!: string;

  @ManyToOne(() => Member, { nullable: true, deleteRule: 'set null' })
  assessedBy: Rel<Member> | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@ObjectType({ description: 'A training (обучение) planned for a member, and when they completed it.' })
@Entity({ tableName: 'training' })
@Index({ name: 'training_member_planned_index', properties: ['member', 'plannedOn'] })
export class Training {
  [OptionalProps]?: 'createdAt' | 'completedOn' | 'status' | 'skill';

  @Field(() => ID, { description: 'Training id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Rel<Member>;

  @Field(() => String, { description: 'Title, e.g. "SPIN-продажи".' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'The skill it develops, if any.' })
  @Property({ type: 'string', length: 200, nullable: true })
  skill: string | null = null;

  @Field(() => DateScalar, { description: 'When it is planned.' })
  @Property({ type: 'date' })
  plannedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'When it was completed; null while planned.' })
  @Property({ type: 'date', nullable: true })
  completedOn: string | null = null;

  @Field(() => TrainingStatus, { description: 'Planned or completed.' })
  get status(): TrainingStatus {
    return this.completedOn ? TrainingStatus.COMPLETED : TrainingStatus.PLANNED;
  }

  @Field(() => DateTimeScalar, { description: 'When it was planned.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@ObjectType({
  description: 'A development plan (план развития) for an improvement area of a member, with the actions agreed and a due date.',
})
@Entity({ tableName: 'development_plan' })
export class DevelopmentPlan {
  [OptionalProps]?: 'createdAt' | 'status' | 'feedback' | 'completedAt';

  @Field(() => ID, { description: 'Plan id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { index: 'development_plan_member_id_index', deleteRule: 'cascade' })
  member!: Rel<Member>;

  @Field(() => String, { description: 'The improvement area (зона развития), e.g. "Квалификация лидов".' })
  @Property({ type: 'string', length: 300 })
  area!: string;

  @Field(() => String, { description: 'The actions agreed.' })
  @Property({ type: 'text' })
  actions!: string;

  /** The IMPROVEMENT feedback that named the area, if any. */
  @ManyToOne(() => Feedback, { nullable: true, deleteRule: 'set null' })
  feedback: Rel<Feedback> | null = null;

  @Field(() => DateScalar, { description: 'When it should be done.' })
  @Property({ type: 'date' })
  dueDate!: string;

  @Field(() => PlanStatus, { description: 'Active or completed.' })
  @Enum({ items: () => PlanStatus, type: 'string', default: PlanStatus.ACTIVE })
  status: PlanStatus = PlanStatus.ACTIVE;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was completed.' })
  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
