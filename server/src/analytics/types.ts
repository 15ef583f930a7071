import { Field, Int, ObjectType } from 'type-graphql';
import { MetricColumnKind, MetricValueType } from './catalogue.js';

@ObjectType({
  description: 'Describes one column of a metrics result, so that a client can render any result without knowing it in advance.',
})
export class MetricColumn {
  @Field({ description: 'The measure or dimension name, e.g. REVENUE_WON or TEAM.' })
  key!: string;

  @Field({ description: 'Column heading in the requested language.' })
  label!: string;

  @Field(() => MetricColumnKind, { description: 'Dimension (rows are grouped by it) or measure.' })
  kind!: MetricColumnKind;

  @Field(() => MetricValueType, { description: 'How to read the cell values.' })
  type!: MetricValueType;

  @Field(() => String, {
    nullable: true,
    description: 'Unit of a measure: RUB, deals, leads, interactions, days or fraction; null for dimensions.',
  })
  unit!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of MONEY columns (RUB); null otherwise.' })
  currency!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Formatting hint: money:2, integer, decimal:1, percent:1 (multiply the fraction by 100), date:day … date:year; null for labels.',
  })
  format!: string | null;
}

@ObjectType({ description: 'One cell of a metrics row, in the order of the columns.' })
export class MetricCell {
  @Field(() => String, {
    nullable: true,
    description:
      'Dimensions: the key (a record id for ID columns, the text for STRING columns, the first day of the bucket for DATE columns). ' +
      'Measures: the number as a string (MONEY and DECIMAL exact decimals, PERCENT a fraction). Null when empty (a deal without a product, a ratio over zero).',
  })
  value!: string | null;

  @Field(() => String, { nullable: true, description: 'Dimensions: what to show (team name, 2026-Q1, …); null for measures.' })
  label!: string | null;
}

@ObjectType({ description: 'One row of a metrics result.' })
export class MetricRow {
  @Field(() => [MetricCell], { description: 'The cells, one per column, in column order.' })
  cells!: MetricCell[];
}

@ObjectType({ description: 'The result of a metrics query: typed columns and rows, dimension columns first.' })
export class MetricsResult {
  @Field(() => [MetricColumn], { description: 'The dimension columns in the requested order, then the measure columns.' })
  columns!: MetricColumn[];

  @Field(() => [MetricRow], { description: 'The rows, at most `limit` of them.' })
  rows!: MetricRow[];

  @Field(() => Int, { description: 'How many rows the result has before the limit.' })
  totalRows!: number;

  @Field({ description: 'Whether rows were cut at the limit (totalRows > rows).' })
  truncated!: boolean;
}
