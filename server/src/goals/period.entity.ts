import { Check, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../graphql/scalars.js';
import { PeriodKind } from './enums.js';

/**
 * Periods of one kind never overlap: the service checks it under a lock, and the database enforces it
 * with an exclusion constraint per kind (declared here as expression indexes, so the schema diff knows them).
 */
const noOverlap = (kind: PeriodKind) =>
  `alter table "period" add constraint "period_${kind.toLowerCase()}_no_overlap" exclude using gist ` +
  `(daterange("start_date", "end_date", '[]') with &&) where ("kind" = '${kind}')`;

@ObjectType({ description: 'A planning period (период): a month, quarter or year with explicit start and end dates.' })
@Entity({ tableName: 'period' })
@Check({ name: 'period_end_after_start', expression: '"end_date" >= "start_date"' })
@Index({ name: 'period_start_date_index', properties: ['startDate'] })
@Index({ name: 'period_month_no_overlap', expression: noOverlap(PeriodKind.MONTH) })
@Index({ name: 'period_quarter_no_overlap', expression: noOverlap(PeriodKind.QUARTER) })
@Index({ name: 'period_year_no_overlap', expression: noOverlap(PeriodKind.YEAR) })
export class Period {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID, { description: 'Period id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => PeriodKind, { description: 'Month, quarter or year.' })
  @Enum({ items: () => PeriodKind, type: 'string' })
  kind!: PeriodKind;

  @Field(() => String, { description: 'Display name, e.g. "Март 2026", "I квартал 2026", "2026 год".' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => DateScalar, { description: 'First day of the period (inclusive).' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => DateScalar, { description: 'Last day of the period (inclusive).' })
  @Property({ type: 'date' })
  endDate!: string;

  @Field(() => DateTimeScalar, { description: 'When the period was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
