import { Index, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Customer } from './customer.entity.js';

@ObjectType({ description: 'A person at a customer (контактное лицо).' })
@Entity({ tableName: 'contact' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'contact_created_at_id_index', properties: ['createdAt', 'id'] })
export class Contact {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'jobTitle' | 'email' | 'phone' | 'primary' | 'notes';

  @Field(() => ID, { description: 'Contact id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Customer, { index: 'contact_customer_id_index' })
  customer!: Rel<Customer>;

  @Field(() => String, { description: 'Full name.' })
  @Property({ type: 'string', length: 200 })
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'Job title, e.g. "ИТ-директор".' })
  @Property({ type: 'string', length: 200, nullable: true })
  jobTitle: string | null = null;

  @Field(() => String, { nullable: true, description: 'E-mail (lower case).' })
  @Property({ type: 'string', length: 320, nullable: true })
  email: string | null = null;

  @Field(() => String, { nullable: true, description: 'Phone number as given.' })
  @Property({ type: 'string', length: 40, nullable: true })
  phone: string | null = null;

  @Field(() => Boolean, { description: 'The main contact of the customer; at most one active contact is primary.' })
  @Property({ type: 'boolean', default: false })
  primary: boolean = false;

  @Field(() => String, { nullable: true, description: 'Notes on how to work with this person.' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When the contact was added.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the contact was removed (left the company, …); kept for history.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
