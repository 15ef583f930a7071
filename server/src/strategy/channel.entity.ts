import { Entity, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';

@ObjectType({
  description: 'A sales channel (канал продаж) through which leads arrive and deals are made: direct, inside sales, partner, online, …',
})
@Entity({ tableName: 'channel' })
export class Channel {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'description';

  @Field(() => ID, { description: 'Channel id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Stable code, e.g. PARTNER.' })
  @Property({ type: 'string', length: 60 })
  @Unique({ name: 'channel_code_unique' })
  code!: string;

  @Field(() => String, { description: 'Name in English.' })
  @Property({ type: 'string', length: 120 })
  nameEn!: string;

  @Field(() => String, { description: 'Name in Russian.' })
  @Property({ type: 'string', length: 120 })
  nameRu!: string;

  @Field(() => String, { nullable: true, description: 'How the channel works.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When the channel was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the channel was retired; its leads and deals keep it.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
