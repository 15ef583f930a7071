import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { KpiDirection, StrategyStatus } from './enums.js';

@InputType({ description: 'A market segment of the market analysis.' })
export class MarketSegmentInput {
  @Field(() => String, { description: 'Name, unique in the strategy.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Who is in the segment and what they buy.' })
  description?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Yearly spend of the segment.' })
  marketSize?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Expected yearly growth in percent (−100 to 1000).' })
  growthPercent?: string | null;
}

@InputType({ description: 'A competitor with strengths and weaknesses.' })
export class CompetitorInput {
  @Field(() => String, { description: 'Name, unique in the strategy.' })
  name!: string;

  @Field(() => [String], { description: 'Strengths.' })
  strengths!: string[];

  @Field(() => [String], { description: 'Weaknesses.' })
  weaknesses!: string[];

  @Field(() => DecimalScalar, { nullable: true, description: 'Estimated market share in percent (0–100).' })
  marketSharePercent?: string | null;

  @Field(() => String, { nullable: true, description: 'How we win against them.' })
  notes?: string | null;
}

@InputType({ description: 'A unique selling proposition for a product or a segment.' })
export class SellingPropositionInput {
  @Field(() => String, { description: 'What sets the offer apart.' })
  statement!: string;

  @Field(() => String, { nullable: true, description: "Name of one of the strategy's segments it addresses." })
  segmentName?: string | null;

  @Field(() => ID, { nullable: true, description: 'Product it is about.' })
  productId?: string | null;
}

@InputType({ description: 'A channel chosen by the strategy.' })
export class StrategyChannelInput {
  @Field(() => ID, { description: 'Channel id.' })
  channelId!: string;

  @Field(() => Int, { nullable: true, description: 'Priority, 1 = main (default: the order of the list).' })
  priority?: number | null;

  @Field(() => String, { nullable: true, description: 'What the channel is for in the strategy.' })
  role?: string | null;
}

@InputType({ description: 'A KPI of the strategy.' })
export class StrategyKpiInput {
  @Field(() => ID, {
    nullable: true,
    description: 'An existing KPI to keep and change; omit for a new one. Existing KPIs left out of the list are archived.',
  })
  id?: string | null;

  @Field(() => String, { description: 'Name, unique in the strategy.' })
  name!: string;

  @Field(() => String, { description: 'Unit of the value, e.g. "RUB", "%", "days".' })
  unit!: string;

  @Field(() => DecimalScalar, { description: 'Target value (within ±100 billion, at most four decimals).' })
  target!: string;

  @Field(() => KpiDirection, { nullable: true, description: 'Which way it improves (default HIGHER_IS_BETTER).' })
  direction?: KpiDirection | null;
}

@InputType({ description: 'A new sales strategy.' })
export class CreateStrategyInput {
  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the strategy aims at.' })
  description?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The team whose strategy it is (its managers maintain it); omit for the whole organisation (admins).',
  })
  teamId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Owner: an active REP or MANAGER; default the caller.' })
  ownerId?: string | null;

  @Field(() => StrategyStatus, { nullable: true, description: 'Default DRAFT.' })
  status?: StrategyStatus | null;

  @Field(() => DateScalar, { description: 'First day it applies.' })
  startDate!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day it applies.' })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Target audience.' })
  targetAudience?: string | null;

  @Field(() => [String], { nullable: true, description: 'Market trends.' })
  trends?: string[] | null;

  @Field(() => String, { description: 'The unique selling proposition of the strategy as a whole.' })
  usp!: string;

  @Field(() => String, { nullable: true, description: 'How the strategy applies the sales process.' })
  salesProcessNotes?: string | null;

  @Field(() => Int, { nullable: true, description: 'Months between reviews, 1–24 (default 3).' })
  reviewEveryMonths?: number | null;

  @Field(() => [MarketSegmentInput], { nullable: true, description: 'Market segments.' })
  segments?: MarketSegmentInput[] | null;

  @Field(() => [CompetitorInput], { nullable: true, description: 'Competitors.' })
  competitors?: CompetitorInput[] | null;

  @Field(() => [SellingPropositionInput], { nullable: true, description: 'Selling propositions per product or segment.' })
  propositions?: SellingPropositionInput[] | null;

  @Field(() => [StrategyChannelInput], { nullable: true, description: 'Chosen channels.' })
  channels?: StrategyChannelInput[] | null;

  @Field(() => [StrategyKpiInput], { nullable: true, description: 'KPIs it is reviewed against.' })
  kpis?: StrategyKpiInput[] | null;
}

@InputType({ description: 'Changes to a strategy; omitted fields stay as they are, a list given replaces the current one.' })
export class UpdateStrategyInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'New owner.' })
  ownerId?: string | null;

  @Field(() => StrategyStatus, { nullable: true, description: 'New status.' })
  status?: StrategyStatus | null;

  @Field(() => DateScalar, { nullable: true, description: 'New start date.' })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'New end date; null makes it open-ended.' })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'New target audience; null clears it.' })
  targetAudience?: string | null;

  @Field(() => [String], { nullable: true, description: 'New list of trends.' })
  trends?: string[] | null;

  @Field(() => String, { nullable: true, description: 'New USP.' })
  usp?: string | null;

  @Field(() => String, { nullable: true, description: 'New notes on the sales process; null clears them.' })
  salesProcessNotes?: string | null;

  @Field(() => Int, { nullable: true, description: 'New review interval in months.' })
  reviewEveryMonths?: number | null;

  @Field(() => [MarketSegmentInput], { nullable: true, description: 'New segments (replace the current ones).' })
  segments?: MarketSegmentInput[] | null;

  @Field(() => [CompetitorInput], { nullable: true, description: 'New competitors (replace the current ones).' })
  competitors?: CompetitorInput[] | null;

  @Field(() => [SellingPropositionInput], { nullable: true, description: 'New propositions (replace the current ones).' })
  propositions?: SellingPropositionInput[] | null;

  @Field(() => [StrategyChannelInput], { nullable: true, description: 'New channel choice (replaces the current one).' })
  channels?: StrategyChannelInput[] | null;

  @Field(() => [StrategyKpiInput], {
    nullable: true,
    description: 'The KPIs: listed ones with an id are kept and changed, without an id added, unlisted ones archived.',
  })
  kpis?: StrategyKpiInput[] | null;
}

@InputType({ description: 'The value of one KPI at review time.' })
export class KpiValueInput {
  @Field(() => ID, { description: 'KPI id.' })
  kpiId!: string;

  @Field(() => DecimalScalar, { description: 'Measured value (within ±100 billion, at most four decimals).' })
  value!: string;
}

@InputType({ description: 'A review of a strategy.' })
export class ReviewStrategyInput {
  @Field(() => DateScalar, { nullable: true, description: 'Date of the review: not before the start, not in the future; default today.' })
  reviewedOn?: string | null;

  @Field(() => String, { description: 'Conclusions.' })
  summary!: string;

  @Field(() => [String], { nullable: true, description: 'What was changed in the strategy as a result.' })
  changes?: string[] | null;

  @Field(() => [KpiValueInput], { description: 'A value for every active KPI of the strategy.' })
  kpiValues!: KpiValueInput[];
}

@InputType({ description: 'Which strategies to list.' })
export class StrategyFilter {
  @Field(() => StrategyStatus, { nullable: true, description: 'Only strategies in this status.' })
  status?: StrategyStatus;

  @Field(() => ID, { nullable: true, description: 'Only strategies of this team.' })
  teamId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only organisation-wide strategies (without a team).' })
  organisationOnly?: boolean;
}

@InputType({ description: 'Which leads and deals channel effectiveness looks at.' })
export class ChannelEffectivenessFilter {
  @Field(() => ID, { nullable: true, description: 'Leads and deals credited to this team or any team below it.' })
  teamId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The period (instead of from / to): leads created and deals closed in it.' })
  periodId?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Period start (UTC day, inclusive): leads created and deals closed on or after it.',
  })
  from?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Period end (UTC day, inclusive): leads created and deals closed on or before it.',
  })
  to?: string | null;
}
