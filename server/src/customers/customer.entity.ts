import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { CustomerSize, LifecycleStage } from './enums.js';

@ObjectType({
  description: 'A customer account (клиент): a company we sell to, with what it needs, so that every interaction can be personalised.',
})
@Entity({ tableName: 'customer' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'customer_updated_at_id_index', properties: ['updatedAt', 'id'] })
export class Customer {
  [OptionalProps]?:
    | 'createdAt'
    | 'updatedAt'
    | 'taxId'
    | 'needs'
    | 'painPoints'
    | 'servicePreferences'
    | 'keyAccount'
    | 'lifecycleStage'
    | 'lifecycleChangedAt';

  @Field(() => ID, { description: 'Customer id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Company name, e.g. "ООО «Северсталь-Логистика»".' })
  @Property({ type: 'string', length: 300 })
  @Index({ name: 'customer_name_index' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Russian taxpayer number (ИНН): 10 digits for a company, 12 for a sole trader; unique.',
  })
  @Property({ type: 'string', length: 12, nullable: true })
  @Unique({ name: 'customer_tax_id_unique' })
  taxId: string | null = null;

  @Field(() => String, { description: 'Industry, e.g. "Розничная торговля".' })
  @Property({ type: 'string', length: 120 })
  industry!: string;

  @Field(() => String, { description: 'Region where the customer buys, e.g. "Приволжский федеральный округ".' })
  @Property({ type: 'string', length: 200 })
  region!: string;

  @Field(() => CustomerSize, { description: 'Size of the organisation.' })
  @Enum({ items: () => CustomerSize, type: 'string' })
  size!: CustomerSize;

  @Field(() => String, { nullable: true, description: 'What the customer needs (потребности).' })
  @Property({ type: 'text', nullable: true })
  needs: string | null = null;

  @Field(() => String, { nullable: true, description: 'What hurts today (болевые точки).' })
  @Property({ type: 'text', nullable: true })
  painPoints: string | null = null;

  @Field(() => String, { nullable: true, description: 'How the customer likes to be served: channels, times, formats.' })
  @Property({ type: 'text', nullable: true })
  servicePreferences: string | null = null;

  /** The member responsible for the account. */
  @ManyToOne(() => Member, { index: 'customer_owner_id_index' })
  owner!: Rel<Member>;

  @Field(() => Boolean, { description: 'A large or strategic customer served as a key account (ключевой клиент).' })
  @Property({ type: 'boolean', default: false })
  keyAccount: boolean = false;

  @Field(() => LifecycleStage, { description: 'Current lifecycle stage.' })
  @Enum({ items: () => LifecycleStage, type: 'string', default: LifecycleStage.PROSPECT })
  @Index({ name: 'customer_lifecycle_stage_index' })
  lifecycleStage: LifecycleStage = LifecycleStage.PROSPECT;

  @Field(() => DateTimeScalar, { description: 'When the customer entered its current lifecycle stage.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lifecycleChangedAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the account was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the account last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
