import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { OrganisationObjective } from '../org/objective.js';
import { DEFAULT_WEIGHTS } from './allocation.service.js';
import { GoalKind, GoalMetric, OwnerKind, PeriodKind, QuotaMetric } from './enums.js';

@InputType({ description: 'A new planning period. Periods of the same kind may not overlap.' })
export class CreatePeriodInput {
  @Field(() => PeriodKind, { description: 'Month, quarter or year.' })
  kind!: PeriodKind;

  @Field(() => DateScalar, { description: 'First day (inclusive).' })
  startDate!: string;

  @Field(() => DateScalar, {
    description: 'Last day (inclusive); the length must suit the kind (MONTH 28–35, QUARTER 84–98, YEAR 364–371 days).',
  })
  endDate!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Display name; defaults to the Russian calendar name ("Март 2026") for calendar periods, required otherwise.',
  })
  name?: string | null;
}

@InputType({ description: 'Which periods to list (by start date).' })
export class PeriodFilter {
  @Field(() => PeriodKind, { nullable: true, description: 'Only periods of this kind.' })
  kind?: PeriodKind;

  @Field(() => DateScalar, { nullable: true, description: 'Only periods containing this date.' })
  containsDate?: string;

  @Field(() => Int, { nullable: true, description: 'Only periods starting in this calendar year.' })
  year?: number;
}

@InputType({ description: 'Creates a quota or changes it. Give exactly one of memberId and teamId.' })
export class SetQuotaInput {
  @Field(() => ID, { nullable: true, description: 'Member whose quota this is.' })
  memberId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Team whose quota this is.' })
  teamId?: string | null;

  @Field(() => ID, { description: 'Period of the quota.' })
  periodId!: string;

  @Field(() => QuotaMetric, { defaultValue: QuotaMetric.REVENUE, description: 'What the quota counts (default REVENUE).' })
  metric!: QuotaMetric;

  @Field(() => DecimalScalar, {
    description: 'Target: a non-negative amount with at most two decimals for REVENUE, a whole number otherwise.',
  })
  target!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version of the quota you read. Required to change an existing quota (CONFLICT when it moved on); omit it to create one.',
  })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the quota is set or changed; kept in the history.' })
  note?: string | null;
}

@InputType({ description: 'Which quotas to list (by id).' })
export class QuotaFilter {
  @Field(() => ID, { nullable: true, description: 'Only quotas of this member.' })
  memberId?: string;

  @Field(() => ID, { nullable: true, description: 'Only quotas of this team and of its members.' })
  teamId?: string;

  @Field(() => Boolean, { nullable: true, description: 'With teamId: also every team below it and their members (default false).' })
  includeSubtree?: boolean;

  @Field(() => OwnerKind, { nullable: true, description: 'Only quotas of members, or only quotas of teams.' })
  ownerKind?: OwnerKind;

  @Field(() => ID, { nullable: true, description: 'Only quotas of this period.' })
  periodId?: string;

  @Field(() => QuotaMetric, { nullable: true, description: 'Only quotas of this metric.' })
  metric?: QuotaMetric;
}

@InputType({
  description:
    'Weights of the three allocation inputs: non-negative decimals with at most four decimals, not all zero. Only their ratios matter (they are divided by their sum).',
})
export class AllocationWeightsInput {
  @Field(() => DecimalScalar, {
    defaultValue: DEFAULT_WEIGHTS.territoryPotential,
    description: "Weight of the potential of the member's territory.",
  })
  territoryPotential!: string;

  @Field(() => DecimalScalar, {
    defaultValue: DEFAULT_WEIGHTS.marketSize,
    description: "Weight of the market size of the member's territory.",
  })
  marketSize!: string;

  @Field(() => DecimalScalar, { defaultValue: DEFAULT_WEIGHTS.capability, description: "Weight of the member's capability score." })
  capability!: string;
}

@InputType({ description: 'A member whose share is fixed; the others share what is left.' })
export class QuotaPinInput {
  @Field(() => ID, { description: 'A member among those sharing the total.' })
  memberId!: string;

  @Field(() => DecimalScalar, { description: 'Their fixed amount (same rules as the total).' })
  amount!: string;
}

@InputType({ description: 'A member who follows their own ramp profile in an allocation.' })
export class MemberRampProfileInput {
  @Field(() => ID, { description: 'A member among those sharing the total.' })
  memberId!: string;

  @Field(() => ID, { description: 'Their ramp profile (not archived).' })
  rampProfileId!: string;
}

@InputType({ description: 'A new ramp profile.' })
export class CreateRampProfileInput {
  @Field(() => String, { description: 'Name (at most 120 characters).' })
  name!: string;

  @Field(() => [DecimalScalar], {
    description:
      'Percent of a full quota by month of tenure, from the month of hire: 1 to 36 steps, each above 0 and at most 100 with at most two decimals, the last 100 (e.g. 25, 50, 75, 100).',
  })
  steps!: string[];

  @Field(() => Boolean, { defaultValue: false, description: "Make it the organisation's default (the previous default stops being one)." })
  isDefault!: boolean;
}

@InputType({ description: 'Changes to a ramp profile; omitted fields stay as they are. Quotas already written do not change.' })
export class UpdateRampProfileInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => [DecimalScalar], { nullable: true, description: 'New steps (same rules as when creating).' })
  steps?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "True makes it the organisation's default (the previous default stops being one); false leaves the organisation without one.",
  })
  isDefault?: boolean | null;
}

@InputType({ description: 'A team total to allocate among members of the team (квота команды → квоты сотрудников).' })
export class QuotaAllocationInput {
  @Field(() => ID, { description: 'The team whose total is allocated.' })
  teamId!: string;

  @Field(() => ID, { description: 'Period of the quotas.' })
  periodId!: string;

  @Field(() => QuotaMetric, {
    defaultValue: QuotaMetric.REVENUE,
    description: 'What is allocated (default REVENUE; count metrics are allocated in whole units).',
  })
  metric!: QuotaMetric;

  @Field(() => DecimalScalar, {
    description: 'The team total: a non-negative amount with at most two decimals (a whole number for count metrics).',
  })
  total!: string;

  @Field(() => AllocationWeightsInput, {
    nullable: true,
    description: `Weights of the inputs; default territoryPotential ${DEFAULT_WEIGHTS.territoryPotential}, marketSize ${DEFAULT_WEIGHTS.marketSize}, capability ${DEFAULT_WEIGHTS.capability}.`,
  })
  weights?: AllocationWeightsInput | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Members sharing the total, all active members of the team; default: every active REP of the team.',
  })
  memberIds?: string[] | null;

  @Field(() => [QuotaPinInput], {
    nullable: true,
    description: 'Members with a fixed amount; their pins may not add up to more than the total.',
  })
  pins?: QuotaPinInput[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "Ramp profile of the members without their own (pinned members are never ramped); default: the organisation's default profile, and no ramp when there is none.",
  })
  rampProfileId?: string | null;

  @Field(() => [MemberRampProfileInput], { nullable: true, description: 'Members who follow their own ramp profile.' })
  memberRampProfiles?: MemberRampProfileInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description: "allocateQuota only: the version of the team's current quota for this period and metric; required when it exists.",
  })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Why; kept in the history of every quota written.' })
  note?: string | null;
}

@InputType({ description: 'A new goal. It must be specific, measurable, relevant and time-bound, or it is refused naming the criterion.' })
export class CreateGoalInput {
  @Field(() => GoalKind, { description: 'Quantitative or qualitative.' })
  kind!: GoalKind;

  @Field(() => String, { description: 'What will be achieved, one clear sentence of at least three words.' })
  statement!: string;

  @Field(() => ID, { nullable: true, description: 'The member who owns the goal (exactly one of memberId and teamId).' })
  memberId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The team that owns the goal.' })
  teamId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The period the goal is for (time-bound).' })
  periodId?: string | null;

  @Field(() => OrganisationObjective, { nullable: true, description: 'The organisation objective it serves (relevant).' })
  objective?: OrganisationObjective | null;

  @Field(() => GoalMetric, { nullable: true, description: 'Quantitative goals: what is measured.' })
  metric?: GoalMetric | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Quantitative goals: a positive target (amount, whole number, or percentage for WIN_RATE).',
  })
  target?: string | null;

  @Field(() => String, { nullable: true, description: 'Qualitative goals: how achievement will be judged.' })
  acceptanceCriteria?: string | null;
}

@InputType({ description: 'Changes to a goal; omitted fields stay as they are. The kind and the owner do not change.' })
export class UpdateGoalInput {
  @Field(() => Int, { description: 'The version of the goal you read; CONFLICT when it has changed since.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New statement.' })
  statement?: string | null;

  @Field(() => ID, { nullable: true, description: 'New period.' })
  periodId?: string | null;

  @Field(() => OrganisationObjective, { nullable: true, description: 'New objective.' })
  objective?: OrganisationObjective | null;

  @Field(() => GoalMetric, { nullable: true, description: 'New metric (quantitative goals).' })
  metric?: GoalMetric | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New target (quantitative goals).' })
  target?: string | null;

  @Field(() => String, { nullable: true, description: 'New acceptance criteria (qualitative goals).' })
  acceptanceCriteria?: string | null;
}

@InputType({ description: 'Which goals to list (by id).' })
export class GoalFilter {
  @Field(() => ID, { nullable: true, description: 'Only goals of this member.' })
  memberId?: string;

  @Field(() => ID, { nullable: true, description: 'Only goals of this team and of its members.' })
  teamId?: string;

  @Field(() => Boolean, { nullable: true, description: 'With teamId: also every team below it and their members (default false).' })
  includeSubtree?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only goals for this period.' })
  periodId?: string;

  @Field(() => OrganisationObjective, { nullable: true, description: 'Only goals serving this objective.' })
  objective?: OrganisationObjective;

  @Field(() => GoalKind, { nullable: true, description: 'Only quantitative or only qualitative goals.' })
  kind?: GoalKind;

  @Field(() => Boolean, { nullable: true, description: 'Include archived goals (default false).' })
  includeArchived?: boolean;
}
