import { Entity, Enum, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { DealStatus } from './enums.js';

@ObjectType({ description: 'A stage of the sales process (этап воронки) that deals move through, in order.' })
@Entity({ tableName: 'sales_stage' })
export class SalesStage {
  [OptionalProps]?: 'createdAt' | 'archivedAt';

  @Field(() => ID, { description: 'Stage id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Stable code, e.g. PROPOSAL.' })
  @Property({ type: 'string', length: 60 })
  @Unique({ name: 'sales_stage_code_unique' })
  code!: string;

  @Field(() => String, { description: 'Name in English.' })
  @Property({ type: 'string', length: 120 })
  nameEn!: string;

  @Field(() => String, { description: 'Name in Russian.' })
  @Property({ type: 'string', length: 120 })
  nameRu!: string;

  @Field(() => Int, { description: 'Order in the process: lower comes first.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => DecimalScalar, { description: 'Probability, in percent (0–100), that a deal in this stage is won.' })
  @Property({ type: 'decimal', precision: 5, scale: 2 })
  probability!: string;

  @Field(() => DealStatus, { description: 'OPEN for working stages; WON or LOST for the terminal stages.' })
  @Enum({ items: () => DealStatus, type: 'string' })
  outcome!: DealStatus;

  @Field(() => DateTimeScalar, { description: 'When the stage was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the stage was retired; deals keep their history in it.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
