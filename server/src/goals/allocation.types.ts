import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { QuotaMetric } from './enums.js';
import { Period } from './period.entity.js';
import { Quota } from './quota.entity.js';
import { RampProfile } from './ramp-profile.entity.js';

@ObjectType({ description: 'The three inputs of an allocation, or their weights.' })
export class AllocationFactors {
  @Field(() => DecimalScalar, { description: "Territory potential (of the member's territory; 0.00 without one)." })
  territoryPotential!: string;

  @Field(() => DecimalScalar, { description: "Market size (of the member's territory; 0.00 without one)." })
  marketSize!: string;

  @Field(() => DecimalScalar, { description: 'Individual capability score (0.00–5.00).' })
  capability!: string;
}

@ObjectType({ description: 'One calendar month of the period, as a ramp profile sees it.' })
export class AllocationRampMonth {
  @Field(() => DateScalar, { description: 'First day of the month.' })
  month!: string;

  @Field(() => Int, { description: "The member's month of tenure: 1 is the month of hire; 0 or less, a month before it." })
  tenureMonth!: number;

  @Field(() => DecimalScalar, { description: 'The step of the profile that applies, in percent (0.00 before the month of hire).' })
  percent!: string;
}

@ObjectType({ description: "How a ramp profile reduced a member's share of an allocation (ramped quotas)." })
export class AllocationRamp {
  @Field(() => RampProfile, { description: 'The profile applied: their own, the one the allocation names, or the default.' })
  profile!: RampProfile;

  @Field(() => Int, { description: "The member's month of tenure in the first month of the period (1 = the month of hire)." })
  tenureMonth!: number;

  @Field(() => [AllocationRampMonth], { description: 'Every month of the period (1 for a month, 3 for a quarter, 12 for a year).' })
  months!: AllocationRampMonth[];

  @Field(() => DecimalScalar, { description: 'The factor, the average of the monthly steps as a fraction of a full share (6 decimals).' })
  factor!: string;

  @Field(() => String, { description: 'The factor exactly, in lowest terms ("7/12"; "1" when fully ramped).' })
  fraction!: string;

  @Field(() => DecimalScalar, { description: 'The factor in percent (2 decimals).' })
  percent!: string;

  @Field(() => DecimalScalar, {
    description: "The member's share of the total without any ramp (6 decimals); share is this times the factor for a ramping member.",
  })
  fullShare!: string;
}

@ObjectType({ description: "One member's part of an allocation, with everything needed to check it by hand." })
export class QuotaAllocationLine {
  @Field(() => Member, { description: 'The member.' })
  member!: Member;

  @Field(() => AllocationFactors, { description: "The member's inputs." })
  inputs!: AllocationFactors;

  @Field(() => AllocationFactors, {
    description:
      'Each input divided by its sum over the members of the allocation (6 decimals); an input that is zero for everybody counts 1/N for each.',
  })
  normalised!: AllocationFactors;

  @Field(() => DecimalScalar, {
    description: 'Weighted average of the normalised inputs, Σ weight × normalised / Σ weights (6 decimals); the scores sum to 1.',
  })
  score!: string;

  @Field(() => DecimalScalar, {
    description:
      'Exact share of the total before rounding (6 decimals): pinned → pin / total; others → (total − pins) × score / Σ unpinned scores / total, then ramped (see ramp).',
  })
  share!: string;

  @Field(() => DecimalScalar, {
    description:
      'The amount: the share rounded to kopecks (to whole units, written without decimals, for counts) by the largest-remainder method.',
  })
  amount!: string;

  @Field(() => Boolean, { description: 'True when the amount was pinned.' })
  pinned!: boolean;

  @Field(() => AllocationRamp, {
    nullable: true,
    description:
      'The ramp applied to the member (factor 1 when fully ramped); null when pinned or when no ramp profile applies. What ramping members do not carry goes to the fully ramped ones in proportion to their scores.',
  })
  ramp!: AllocationRamp | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "The member's target before this allocation, written as Quota.target; null when they had no quota.",
  })
  previousTarget!: string | null;

  @Field(() => Quota, {
    nullable: true,
    description: "The member's quota: as written (allocateQuota) or as it stands now (preview); null when none.",
  })
  quota!: Quota | null;
}

@ObjectType({
  description:
    'An allocation of a team total among members (распределение квоты): amounts proportional to a weighted score of territory potential, market size and capability, rounded so that they sum exactly to the total.',
})
export class QuotaAllocation {
  @Field(() => Team, { description: 'The team.' })
  team!: Team;

  @Field(() => Period, { description: 'The period.' })
  period!: Period;

  @Field(() => QuotaMetric, { description: 'What is allocated.' })
  metric!: QuotaMetric;

  @Field(() => DecimalScalar, {
    description:
      'The team total; the amounts of the lines sum exactly to it. Amounts are money with two decimals for REVENUE, whole numbers without decimals ("12") for the count metrics.',
  })
  total!: string;

  @Field(() => AllocationFactors, { description: 'The weights used, divided by their sum (4 decimals).' })
  weights!: AllocationFactors;

  @Field(() => DecimalScalar, { description: 'Sum of the pinned amounts (written as total).' })
  pinnedTotal!: string;

  @Field(() => DecimalScalar, { description: 'What was distributed by score: total − pinnedTotal (written as total).' })
  distributed!: string;

  @Field(() => RampProfile, {
    nullable: true,
    description:
      "The ramp profile of the members without their own: the one the input names, else the organisation's default; null when none.",
  })
  rampProfile!: RampProfile | null;

  @Field(() => [QuotaAllocationLine], { description: 'One line per member, in the order the members were given (default: by member id).' })
  lines!: QuotaAllocationLine[];

  @Field(() => Quota, {
    nullable: true,
    description: "The team's quota: as written (allocateQuota) or as it stands now (preview); null when none.",
  })
  teamQuota!: Quota | null;

  @Field(() => Boolean, { description: 'True when the allocation was written (allocateQuota), false for a preview.' })
  applied!: boolean;
}
