import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';

@ObjectType({ description: 'A product line (продуктовая линейка): a family of products sold together.' })
@Entity({ tableName: 'product_line' })
export class ProductLine {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'description';

  @Field(() => ID, { description: 'Product line id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Stable code, e.g. CLOUD.' })
  @Property({ type: 'string', length: 60 })
  @Unique({ name: 'product_line_code_unique' })
  code!: string;

  @Field(() => String, { description: 'Name, e.g. "Облачные сервисы".' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the line covers.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When the line was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the line was retired.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}

@ObjectType({ description: 'A product (продукт) that deals sell, in a product line.' })
@Entity({ tableName: 'product' })
export class Product {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'description' | 'listPrice';

  @Field(() => ID, { description: 'Product id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Stable code (SKU), e.g. CLOUD-IAAS.' })
  @Property({ type: 'string', length: 60 })
  @Unique({ name: 'product_code_unique' })
  code!: string;

  @Field(() => String, { description: 'Name, e.g. "Облачная инфраструктура (IaaS)".' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @ManyToOne(() => ProductLine, { index: 'product_line_id_index' })
  line!: Rel<ProductLine>;

  @Field(() => DecimalScalar, { nullable: true, description: 'Indicative list price in the organisation currency, if any.' })
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  listPrice: string | null = null;

  @Field(() => String, { nullable: true, description: 'What the product is.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When the product was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the product was retired; its deals keep it.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
