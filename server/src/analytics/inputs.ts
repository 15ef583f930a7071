import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PeriodKind } from '../goals/enums.js';
import { DateScalar } from '../graphql/scalars.js';
import { TeamKind } from '../org/enums.js';
import { DealDateBasis, LIMITS, MetricChartKind, MetricDimension, MetricMeasure, SavedViewSharing, SortDirection } from './catalogue.js';

/** Read back from saved views as `MetricsFilter`, sent as `MetricsFilterInput`. */
@ObjectType('MetricsFilter', {
  description: 'Which records a metrics query covers. Every list restricts to any of its values; lists combine with AND.',
})
@InputType('MetricsFilterInput', {
  description: 'Which records a metrics query covers. Every list restricts to any of its values; lists combine with AND.',
})
export class MetricsFilterInput {
  @Field(() => [ID], { nullable: true, description: 'Only records credited to these teams or any team below them.' })
  teamIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only records of these members.' })
  memberIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "Only records whose team's territory is one of these." })
  regionIds?: string[] | null;

  @Field(() => [TeamKind], { nullable: true, description: 'Only records whose team is of one of these kinds.' })
  teamKinds?: TeamKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only deals and leads of these channels.' })
  channelIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only deals of these products.' })
  productIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only deals now in these stages.' })
  stageIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only records of customers in these industries.' })
  industries?: string[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day of the period (inclusive); the record date is the one each measure is placed by.',
  })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the period (inclusive).' })
  to?: string | null;

  @Field(() => DealDateBasis, { nullable: true, description: 'Which date places a deal (default CLOSE).' })
  dateBasis?: DealDateBasis | null;

  @Field(() => PeriodKind, {
    nullable: true,
    description:
      'QUOTA and ATTAINMENT: the kind of quota periods to add up when there is no MONTH, QUARTER or YEAR dimension (default QUARTER).',
  })
  quotaPeriodKind?: PeriodKind | null;
}

@ObjectType('MetricSort', { description: 'One sort key of a metrics query.' })
@InputType('MetricSortInput', { description: 'One sort key: exactly one of measure and dimension, which must be requested.' })
export class MetricSortInput {
  @Field(() => MetricMeasure, { nullable: true, description: 'Sort by this measure (numerically).' })
  measure?: MetricMeasure | null;

  @Field(() => MetricDimension, { nullable: true, description: 'Sort by this dimension: by label, stages by position, time by date.' })
  dimension?: MetricDimension | null;

  @Field(() => SortDirection, { nullable: true, description: 'Default ASC; empty values sort last either way.' })
  direction?: SortDirection | null;
}

@ObjectType('MetricsQuery', { description: 'A metrics query as a saved view keeps it (see Query.salesMetrics for the rules).' })
@InputType('MetricsQueryInput', { description: 'A metrics query: the arguments of Query.salesMetrics as one object.' })
export class MetricsQueryInput {
  @Field(() => [MetricMeasure], { description: `What to measure: 1 to ${LIMITS.maxMeasures} distinct measures.` })
  measures!: MetricMeasure[];

  @Field(() => [MetricDimension], {
    nullable: true,
    description: `What to break measures down by: at most ${LIMITS.maxDimensions}, at most one of them a time dimension.`,
  })
  dimensions?: MetricDimension[] | null;

  @Field(() => MetricsFilterInput, { nullable: true, description: 'Which records to cover.' })
  filter?: MetricsFilterInput | null;

  @Field(() => [MetricSortInput], { nullable: true, description: 'Sort keys, in order; ties and the default order follow the dimensions.' })
  sort?: MetricSortInput[] | null;

  @Field(() => Int, { nullable: true, description: `Most rows returned (default ${LIMITS.defaultRows}, at most ${LIMITS.maxRows}).` })
  limit?: number | null;
}

@InputType({ description: 'A new saved view.' })
export class CreateSavedViewInput {
  @Field({ description: 'Name, 1 to 200 characters.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the view shows, at most 2000 characters.' })
  description?: string | null;

  @Field(() => MetricChartKind, { description: 'How widgets draw the view.' })
  chartKind!: MetricChartKind;

  @Field(() => SavedViewSharing, { nullable: true, description: 'Who else may open the view (default PRIVATE).' })
  sharing?: SavedViewSharing | null;

  @Field(() => MetricsQueryInput, { description: 'The metrics query the view runs.' })
  query!: MetricsQueryInput;
}

@InputType({ description: 'Changes to a saved view; omitted fields stay as they are.' })
export class UpdateSavedViewInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description; an empty string clears it.' })
  description?: string | null;

  @Field(() => MetricChartKind, { nullable: true, description: 'New chart kind.' })
  chartKind?: MetricChartKind | null;

  @Field(() => SavedViewSharing, { nullable: true, description: 'New sharing.' })
  sharing?: SavedViewSharing | null;

  @Field(() => MetricsQueryInput, { nullable: true, description: 'New query (replaces the whole query).' })
  query?: MetricsQueryInput | null;

  @Field(() => Int, { nullable: true, description: 'The version you read; CONFLICT when the view changed since.' })
  expectedVersion?: number | null;
}
