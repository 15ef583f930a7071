import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Customer } from './customer.entity.js';
import { LifecycleStage } from './enums.js';

@ObjectType({ description: 'A recorded move of a customer from one lifecycle stage to the next.' })
@Entity({ tableName: 'customer_lifecycle_change' })
export class CustomerLifecycleChange {
  [OptionalProps]?: 'changedAt' | 'changedById' | 'fromStage' | 'reason';

  @Field(() => ID, { description: 'Change id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { index: 'customer_lifecycle_change_customer_id_index' })
  customer!: Rel<Customer>;

  @Field(() => LifecycleStage, { nullable: true, description: 'Stage before; null for the stage the customer was created in.' })
  @Enum({ items: () => LifecycleStage, type: 'string', nullable: true })
  fromStage: LifecycleStage | null = null;

  @Field(() => LifecycleStage, { description: 'Stage after.' })
  @Enum({ items: () => LifecycleStage, type: 'string' })
  toStage!: LifecycleStage;

  @Field(() => DateTimeScalar, { description: 'When the change happened.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  changedAt: Date = new Date();

  /** Member who made the change, when the caller is a member. */
  @Property({ type: 'integer', nullable: true })
  changedById: number | null = null;

  @Field(() => String, { nullable: true, description: 'Why, e.g. "deal 42 won" or "no budget this year".' })
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}
