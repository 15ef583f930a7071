import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars.js';

@InputType({ description: 'A new sales channel.' })
export class CreateChannelInput {
  @Field(() => String, { description: 'Stable code: letters, digits, "-" or "_"; stored in upper case, unique.' })
  code!: string;

  @Field(() => String, { description: 'Name in English.' })
  nameEn!: string;

  @Field(() => String, { description: 'Name in Russian.' })
  nameRu!: string;

  @Field(() => String, { nullable: true, description: 'How the channel works.' })
  description?: string | null;
}

@InputType({ description: 'Changes to a channel; omitted fields stay as they are.' })
export class UpdateChannelInput {
  @Field(() => String, { nullable: true, description: 'New English name.' })
  nameEn?: string;

  @Field(() => String, { nullable: true, description: 'New Russian name.' })
  nameRu?: string;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  description?: string | null;
}

@InputType({ description: 'A new product line.' })
export class CreateProductLineInput {
  @Field(() => String, { description: 'Stable code, unique.' })
  code!: string;

  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the line covers.' })
  description?: string | null;
}

@InputType({ description: 'A new product.' })
export class CreateProductInput {
  @Field(() => String, { description: 'Stable code (SKU), unique.' })
  code!: string;

  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Field(() => ID, { description: 'Product line.' })
  lineId!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Indicative list price, non-negative, at most two decimals.' })
  listPrice?: string | null;

  @Field(() => String, { nullable: true, description: 'What the product is.' })
  description?: string | null;
}

@InputType({ description: 'Changes to a product; omitted fields stay as they are.' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string;

  @Field(() => ID, { nullable: true, description: 'New product line.' })
  lineId?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'New list price; null clears it.' })
  listPrice?: string | null;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  description?: string | null;
}

@InputType({ description: 'Which products to list.' })
export class ProductFilter {
  @Field(() => ID, { nullable: true, description: 'Only products of this line.' })
  lineId?: string;

  @Field(() => String, { nullable: true, description: 'Text contained in the name or code (case-insensitive).' })
  text?: string;

  @Field(() => Boolean, { nullable: true, description: 'Include archived products (default false).' })
  includeArchived?: boolean;
}
