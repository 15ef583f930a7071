import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { parseId } from '../ids.js';
import { containsPattern } from '../validate.js';
import { CreateTerritoryInput, TerritoryFilter, UpdateTerritoryInput } from './inputs.js';
import { OBJECTIVES, Objective } from './objective.js';
import { Territory } from './territory.entity.js';
import { archiveTerritory, createTerritory, requireTerritory, updateTerritory } from './territory.service.js';

@ObjectType({ description: 'A page of territories.' })
export class TerritoryConnection extends Connection(Territory, 'Territory', 'territory') {}

@Resolver(() => Territory)
export class TerritoryResolver {
  @Query(() => Territory, { description: 'One territory by id.' })
  async territory(@Arg('id', () => ID, { description: 'Territory id.' }) id: string, @Ctx() ctx: Context): Promise<Territory> {
    return requireTerritory(ctx.em, parseId(id, 'id'));
  }

  @Query(() => TerritoryConnection, { description: 'Territories by name, a page at a time.' })
  async territories(
    @Arg('filter', () => TerritoryFilter, { nullable: true, description: 'Which territories to list.' }) filter:
      | TerritoryFilter
      | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Territory>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Territory>[] = [];
    if (!filter?.includeArchived) where.push({ archivedAt: null });
    if (filter?.kind) where.push({ kind: filter.kind });
    if (filter?.text?.trim()) where.push({ name: { $ilike: containsPattern(filter.text) } });
    return paginate(ctx.em, Territory, { $and: where }, 'name', request);
  }

  @Query(() => [Objective], { description: 'The five organisation objectives that every goal must serve.' })
  objectives(): Objective[] {
    return OBJECTIVES;
  }

  @Mutation(() => Territory, { description: 'Creates a territory (ADMIN).' })
  async createTerritory(@Arg('input', () => CreateTerritoryInput) input: CreateTerritoryInput, @Ctx() ctx: Context): Promise<Territory> {
    await ctx.access.assertCanManageOrganisation('create territories');
    return ctx.em.transactional((em) => createTerritory(em, input));
  }

  @Mutation(() => Territory, { description: 'Changes a territory (ADMIN).' })
  async updateTerritory(
    @Arg('id', () => ID, { description: 'Territory id.' }) id: string,
    @Arg('input', () => UpdateTerritoryInput) input: UpdateTerritoryInput,
    @Ctx() ctx: Context,
  ): Promise<Territory> {
    await ctx.access.assertCanManageOrganisation('change territories');
    return ctx.em.transactional((em) => updateTerritory(em, parseId(id, 'id'), input));
  }

  @Mutation(() => Territory, { description: 'Archives a territory that nobody covers any more (ADMIN).' })
  async archiveTerritory(@Arg('id', () => ID, { description: 'Territory id.' }) id: string, @Ctx() ctx: Context): Promise<Territory> {
    await ctx.access.assertCanManageOrganisation('archive territories');
    return ctx.em.transactional((em) => archiveTerritory(em, parseId(id, 'id')));
  }
}
