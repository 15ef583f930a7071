import { Entity, OptionalProps, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { TerritoryKind } from './enums.js';

@ObjectType({ description: 'What a team or member covers: a region, a product line or a list of key accounts.' })
@Entity({ tableName: 'territory' })
export class Territory {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'description';

  @Field(() => ID, { description: 'Territory id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Name, e.g. "Приволжский федеральный округ".' })
  @Property({ type: 'string', length: 200 })
  @Index({ name: 'territory_name_index' })
  name!: string;

  @Field(() => TerritoryKind, { description: 'What the territory consists of.' })
  @Enum({ items: () => TerritoryKind, type: 'string' })
  kind!: TerritoryKind;

  @Field(() => DecimalScalar, {
    description: 'Sales potential: revenue the territory could yield in a year, in the organisation currency.',
  })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  potential!: string;

  @Field(() => DecimalScalar, {
    description: 'Market size: total yearly spend of all customers in the territory, in the organisation currency.',
  })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  marketSize!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When the territory was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the territory was archived; archived territories are hidden from lists.',
  })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
