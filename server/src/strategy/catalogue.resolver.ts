import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { parseId } from '../ids.js';
import { containsPattern } from '../validate.js';
import { Channel } from './channel.entity.js';
import {
  CreateChannelInput,
  CreateProductInput,
  CreateProductLineInput,
  ProductFilter,
  UpdateChannelInput,
  UpdateProductInput,
} from './catalogue.inputs.js';
import {
  archiveChannel,
  archiveProduct,
  createChannel,
  createProduct,
  createProductLine,
  requireChannel,
  requireProduct,
  updateChannel,
  updateProduct,
} from './catalogue.service.js';
import { activeProductsOfLine, productLineById } from './loaders.js';
import { Product, ProductLine } from './product.entity.js';

@ObjectType({ description: 'A page of products.' })
export class ProductConnection extends Connection(Product, 'Product', 'product') {}

@Resolver(() => Channel)
export class ChannelResolver {
  @Query(() => Channel, { description: 'One sales channel by id.' })
  async channel(@Arg('id', () => ID, { description: 'Channel id.' }) id: string, @Ctx() ctx: Context): Promise<Channel> {
    return requireChannel(ctx.em, parseId(id, 'id'));
  }

  @Query(() => [Channel], { description: 'The sales channels, by Russian name.' })
  async channels(
    @Arg('includeArchived', () => Boolean, { defaultValue: false, description: 'Include retired channels.' }) includeArchived: boolean,
    @Ctx() ctx: Context,
  ): Promise<Channel[]> {
    return ctx.em.find(Channel, includeArchived ? {} : { archivedAt: null }, { orderBy: { nameRu: 'asc', id: 'asc' } });
  }

  @Mutation(() => Channel, { description: 'Creates a sales channel (ADMIN).' })
  async createChannel(@Arg('input', () => CreateChannelInput) input: CreateChannelInput, @Ctx() ctx: Context): Promise<Channel> {
    await ctx.access.assertCanManageOrganisation('create channels');
    return ctx.em.transactional((em) => createChannel(em, input));
  }

  @Mutation(() => Channel, { description: 'Renames or re-describes a sales channel (ADMIN).' })
  async updateChannel(
    @Arg('id', () => ID, { description: 'Channel id.' }) id: string,
    @Arg('input', () => UpdateChannelInput) input: UpdateChannelInput,
    @Ctx() ctx: Context,
  ): Promise<Channel> {
    await ctx.access.assertCanManageOrganisation('change channels');
    return ctx.em.transactional((em) => updateChannel(em, parseId(id, 'id'), input));
  }

  @Mutation(() => Channel, { description: 'Retires a sales channel; existing leads and deals keep it (ADMIN).' })
  async archiveChannel(@Arg('id', () => ID, { description: 'Channel id.' }) id: string, @Ctx() ctx: Context): Promise<Channel> {
    await ctx.access.assertCanManageOrganisation('archive channels');
    return ctx.em.transactional((em) => archiveChannel(em, parseId(id, 'id')));
  }
}

@Resolver(() => ProductLine)
export class ProductLineResolver {
  @Query(() => [ProductLine], { description: 'The active product lines, by name.' })
  async productLines(@Ctx() ctx: Context): Promise<ProductLine[]> {
    return ctx.em.find(ProductLine, { archivedAt: null }, { orderBy: { name: 'asc', id: 'asc' } });
  }

  @FieldResolver(() => [Product], { description: 'Active products of the line, by name.' })
  async products(@Root() line: ProductLine, @Ctx() ctx: Context): Promise<Product[]> {
    return ctx.loaders.get(activeProductsOfLine).load(line.id);
  }

  @Mutation(() => ProductLine, { description: 'Creates a product line (ADMIN).' })
  async createProductLine(
    @Arg('input', () => CreateProductLineInput) input: CreateProductLineInput,
    @Ctx() ctx: Context,
  ): Promise<ProductLine> {
    await ctx.access.assertCanManageOrganisation('create product lines');
    return ctx.em.transactional((em) => createProductLine(em, input));
  }
}

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { description: 'One product by id.' })
  async product(@Arg('id', () => ID, { description: 'Product id.' }) id: string, @Ctx() ctx: Context): Promise<Product> {
    return requireProduct(ctx.em, parseId(id, 'id'));
  }

  @Query(() => ProductConnection, { description: 'Products by name, a page at a time.' })
  async products(
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Which products to list.' }) filter: ProductFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Product>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Product>[] = [];
    if (!filter?.includeArchived) where.push({ archivedAt: null });
    if (filter?.lineId) where.push({ line: parseId(filter.lineId, 'filter.lineId') });
    if (filter?.text?.trim()) {
      const pattern = containsPattern(filter.text);
      where.push({ $or: [{ name: { $ilike: pattern } }, { code: { $ilike: pattern } }] });
    }
    return paginate(ctx.em, Product, { $and: where }, 'name', request);
  }

  @FieldResolver(() => ProductLine, { description: 'The product line.' })
  async line(@Root() product: Product, @Ctx() ctx: Context): Promise<ProductLine> {
    return (await ctx.loaders.get(productLineById).load(product.line.id))!;
  }

  @Mutation(() => Product, { description: 'Creates a product (ADMIN).' })
  async createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput, @Ctx() ctx: Context): Promise<Product> {
    await ctx.access.assertCanManageOrganisation('create products');
    return ctx.em.transactional((em) => createProduct(em, { ...input, lineId: parseId(input.lineId, 'lineId') }));
  }

  @Mutation(() => Product, { description: 'Changes a product (ADMIN).' })
  async updateProduct(
    @Arg('id', () => ID, { description: 'Product id.' }) id: string,
    @Arg('input', () => UpdateProductInput) input: UpdateProductInput,
    @Ctx() ctx: Context,
  ): Promise<Product> {
    await ctx.access.assertCanManageOrganisation('change products');
    const patch = { ...input, lineId: input.lineId == null ? undefined : parseId(input.lineId, 'lineId') };
    return ctx.em.transactional((em) => updateProduct(em, parseId(id, 'id'), patch));
  }

  @Mutation(() => Product, { description: 'Retires a product; existing deals keep it (ADMIN).' })
  async archiveProduct(@Arg('id', () => ID, { description: 'Product id.' }) id: string, @Ctx() ctx: Context): Promise<Product> {
    await ctx.access.assertCanManageOrganisation('archive products');
    return ctx.em.transactional((em) => archiveProduct(em, parseId(id, 'id')));
  }
}
