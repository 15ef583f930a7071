import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { OwnerKind } from '../goals/enums.js';
import { Period } from '../goals/period.entity.js';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { ForecastCategory } from './enums.js';
import { ForecastFigures } from './figures.js';
import { ForecastSnapshot } from './snapshot.entity.js';
import { ForecastSubmission } from './submission.entity.js';

@ObjectType({ description: "A forecast category chosen for a deal instead of the one its stage's probability gives." })
export class ForecastCategoryOverride {
  @Field(() => ForecastCategory, { description: 'The category the deal counts in.' })
  category!: ForecastCategory;

  @Field(() => String, { description: 'Why the derived category does not fit (at most 500 characters).' })
  reason!: string;

  /** Member who set it (resolved by DealForecastResolver / ForecastCategoryOverrideResolver). */
  setById!: number | null;

  @Field(() => DateTimeScalar, { description: 'When it was set.' })
  setAt!: Date;
}

@ObjectType({ description: 'A line of the roll-up: a member directly in the team, or a child team (rolled up over its subtree).' })
export class ForecastLine {
  @Field(() => OwnerKind, { description: 'MEMBER for a member directly in the team, TEAM for a child team.' })
  ownerKind!: OwnerKind;

  @Field(() => Member, { nullable: true, description: 'The member of a MEMBER line.' })
  member!: Member | null;

  @Field(() => Team, { nullable: true, description: 'The child team of a TEAM line.' })
  team!: Team | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'REVENUE quota of the owner for the period, when set.' })
  quota!: string | null;

  @Field(() => ForecastFigures, {
    description: "System figures of the line: a member's own deals, or every deal credited to the child team's subtree.",
  })
  system!: ForecastFigures;

  @Field(() => ForecastSubmission, {
    nullable: true,
    description: 'The latest submission of this owner for the period, made on or before the roll-up day (asOf).',
  })
  submission!: ForecastSubmission | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "The owner's call: submission.commit, else (child team without a submission) its rolled-up call, else null (a member who has not submitted).",
  })
  call!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'quota − call, never below 0.00; null without a quota or a call.' })
  gapToQuota!: string | null;
}

@ObjectType({
  description:
    "The forecast call of a team for a period: its lines (members directly in it, then child teams), their calls rolled up, the manager's submitted call and the system figures beside them.",
})
export class ForecastRollup {
  @Field(() => Team, { description: 'The team rolled up.' })
  team!: Team;

  @Field(() => Period, { description: 'The period forecast.' })
  period!: Period;

  @Field(() => DecimalScalar, { nullable: true, description: "The team's REVENUE quota for the period, when set." })
  quota!: string | null;

  @Field(() => ForecastFigures, { description: 'System figures of the whole subtree: every deal credited to a team of it.' })
  system!: ForecastFigures;

  @Field(() => [ForecastLine], { description: 'Active members directly in the team (by name), then active child teams (by name).' })
  lines!: ForecastLine[];

  @Field(() => DecimalScalar, {
    description: "Sum of the lines' calls; a line without a call counts its system closed + commit.",
  })
  rolledUpCommit!: string;

  @Field(() => DecimalScalar, {
    description:
      "Sum of the lines' best cases: a submission's bestCase, a child team's rolled-up best case, else system closed + commit + best case.",
  })
  rolledUpBestCase!: string;

  @Field(() => ForecastSubmission, {
    nullable: true,
    description: "The team's latest submission (the manager's call with its adjustment) made on or before asOf.",
  })
  submission!: ForecastSubmission | null;

  @Field(() => DecimalScalar, { description: 'submission.commit, else rolledUpCommit.' })
  call!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'quota − call, never below 0.00; null without a quota.' })
  gapToQuota!: string | null;

  @Field(() => DateScalar, { description: 'The day the roll-up stands for: submissions made after it are not counted.' })
  asOf!: string;
}

@ObjectType({ description: "How close an owner's last call of a period came to what was won in it." })
export class ForecastAccuracy {
  @Field(() => Period, { description: 'The period.' })
  period!: Period;

  @Field(() => OwnerKind, { description: 'Whether the owner asked about is a member or a team.' })
  ownerKind!: OwnerKind;

  @Field(() => ForecastSubmission, { nullable: true, description: "The last submission made on or before the period's end." })
  submission!: ForecastSubmission | null;

  @Field(() => DecimalScalar, { description: 'Won in the period (so far, while it is not over).' })
  actual!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'actual / submitted commit, 4 decimals; null without a submission or with commit 0.',
  })
  ratio!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      '|actual − commit| / actual, 4 decimals (absolute percentage error); null while the period is not over, without a submission, or when actual is 0.',
  })
  error!: string | null;

  @Field(() => Boolean, { description: 'True once the period has ended (today is after its end date).' })
  periodClosed!: boolean;
}

@ObjectType({ description: 'Open pipeline of a team subtree for a period as a snapshot recorded it.' })
export class PipelineSnapshot {
  @Field(() => ForecastSnapshot, { description: 'The snapshot read: the latest taken on or before asOf.' })
  snapshot!: ForecastSnapshot;

  @Field(() => ForecastFigures, {
    description:
      "The subtree's figures as of the snapshot: open amounts by the category recorded, closed = won in the period with a close date up to the snapshot's day.",
  })
  figures!: ForecastFigures;

  @Field(() => Int, { description: 'Open deals of the subtree expected to close in the period, as recorded.' })
  openDeals!: number;
}

@ObjectType({ description: 'How the expected close dates of a subtree moved since a snapshot.' })
export class CloseDateSlippage {
  @Field(() => Period, { description: 'The period.' })
  period!: Period;

  @Field(() => DateScalar, { description: 'The day asked; the snapshot compared is the first taken on or after it.' })
  since!: string;

  @Field(() => Int, {
    description:
      "Open or closed deals that were expected in the period in the first snapshot on/after since and now are expected (or closed) after the period's end.",
  })
  slippedOut!: number;

  @Field(() => DecimalScalar, { description: 'Their amounts as the snapshot recorded them.' })
  slippedOutAmount!: string;

  @Field(() => Int, {
    description:
      'Deals expected in the period in that snapshot whose expected (or actual) close date moved later, within or beyond the period.',
  })
  pushedDeals!: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'The average number of days they moved, 2 decimals; null when none moved.' })
  averageDaysPushed!: string | null;
}

@InputType({ description: 'A forecast call: a member for themselves, or a team (by its manager or an admin).' })
export class SubmitForecastInput {
  @Field(() => ID, { description: 'The period called.' })
  periodId!: string;

  @Field(() => ID, { nullable: true, description: 'The member calling for themselves; exactly one of memberId and teamId.' })
  memberId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The team called for by its manager (or an admin); exactly one of memberId and teamId.' })
  teamId?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'MEMBER: required; the period total committed, closed won included (≥ 0).' })
  commit?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'MEMBER: required; the best case, at least commit.' })
  bestCase?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'TEAM: required (0 to accept the roll-up); added to the rolled-up commit, may be negative.',
  })
  adjustment?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'TEAM: optional, default 0; added to the rolled-up best case.' })
  bestCaseAdjustment?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'TEAM: why the call differs from the roll-up; required when an adjustment is not 0.',
  })
  note?: string | null;
}
