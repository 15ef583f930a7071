import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { MemberRole } from '../org/enums.js';
import { FeedbackKind, Kpi } from './enums.js';

@InputType({ description: 'Sets what members of a role are expected to reach on a KPI, for the organisation or a team subtree.' })
export class SetExpectationInput {
  @Field(() => MemberRole, { description: 'The role.' })
  role!: MemberRole;

  @Field(() => Kpi, { description: 'The KPI.' })
  kpi!: Kpi;

  @Field(() => DecimalScalar, {
    description:
      'Expected value, 2 decimals at most: 0–1000 for ATTAINMENT (percent), 0–100 for WIN_RATE (percent), a count or rate otherwise.',
  })
  target!: string;

  @Field(() => ID, {
    nullable: true,
    description: "Team whose subtree it applies to (overriding the organisation's); omit for the organisation default (admins only).",
  })
  teamId?: string | null;
}

@InputType({ description: 'Feedback for a member, optionally about one of their goals, one of their deals or a KPI.' })
export class GiveFeedbackInput {
  @Field(() => ID, { description: 'The member it is for.' })
  memberId!: string;

  @Field(() => FeedbackKind, { description: 'Praise, improvement or note.' })
  kind!: FeedbackKind;

  @Field(() => String, { description: 'What you want to say (up to 4000 characters).' })
  text!: string;

  @Field(() => ID, { nullable: true, description: 'A goal of the member it is about.' })
  goalId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A deal the member owns that it is about.' })
  dealId?: string | null;

  @Field(() => Kpi, { nullable: true, description: 'A KPI it is about.' })
  kpi?: Kpi | null;
}

@InputType({ description: 'A recognition for a member.' })
export class GiveRecognitionInput {
  @Field(() => ID, { description: 'The member recognised.' })
  memberId!: string;

  @Field(() => String, { description: 'The result recognised (up to 500 characters).' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'A reward that comes with it (managers above the member and admins only).' })
  reward?: string | null;

  @Field(() => ID, { nullable: true, description: 'A deal of the member it is for.' })
  dealId?: string | null;
}

@InputType({ description: 'An assessment of one skill of a member.' })
export class AssessSkillInput {
  @Field(() => ID, { description: 'The member.' })
  memberId!: string;

  @Field(() => String, { description: 'The skill, e.g. "Переговоры".' })
  skill!: string;

  @Field(() => Int, { description: 'Level from 1 (novice) to 5 (expert).' })
  level!: number;

  @Field(() => DateScalar, { nullable: true, description: 'Day of the assessment; default today, never in the future.' })
  assessedOn?: string | null;
}

@InputType({ description: 'A training planned for a member.' })
export class PlanTrainingInput {
  @Field(() => ID, { description: 'The member.' })
  memberId!: string;

  @Field(() => String, { description: 'Title of the training.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'The skill it develops.' })
  skill?: string | null;

  @Field(() => DateScalar, { description: 'When it is planned.' })
  plannedOn!: string;
}

@InputType({ description: 'A development plan for an improvement area of a member.' })
export class CreateDevelopmentPlanInput {
  @Field(() => ID, { description: 'The member.' })
  memberId!: string;

  @Field(() => String, { description: 'The improvement area.' })
  area!: string;

  @Field(() => String, { description: 'The actions agreed.' })
  actions!: string;

  @Field(() => DateScalar, { description: 'When it should be done.' })
  dueDate!: string;

  @Field(() => ID, { nullable: true, description: 'IMPROVEMENT feedback of the member that named the area.' })
  feedbackId?: string | null;
}
