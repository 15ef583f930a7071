import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { parseId } from '../ids.js';
import { CreateSalesStageInput, UpdateSalesStageInput } from './inputs.js';
import { SalesStage } from './stage.entity.js';
import { activeStages, archiveSalesStage, createSalesStage, reorderSalesStages, requireStage, updateSalesStage } from './stage.service.js';

@Resolver(() => SalesStage)
export class SalesStageResolver {
  @Query(() => [SalesStage], { description: 'The sales process: active open stages in order, then the WON and LOST stages.' })
  async salesStages(
    @Arg('includeArchived', () => Boolean, { defaultValue: false, description: 'Also list retired stages (after the active ones).' })
    includeArchived: boolean,
    @Ctx() ctx: Context,
  ): Promise<SalesStage[]> {
    const active = await activeStages(ctx.em);
    if (!includeArchived) return active;
    const archived = await ctx.em.find(SalesStage, { archivedAt: { $ne: null } }, { orderBy: { archivedAt: 'asc', id: 'asc' } });
    return [...active, ...archived];
  }

  @Query(() => SalesStage, { description: 'One stage by id (archived stages included).' })
  async salesStage(@Arg('id', () => ID, { description: 'Stage id.' }) id: string, @Ctx() ctx: Context): Promise<SalesStage> {
    return requireStage(ctx.em, parseId(id, 'id'));
  }

  @Mutation(() => SalesStage, { description: 'Adds a stage to the sales process (ADMIN).' })
  async createSalesStage(
    @Arg('input', () => CreateSalesStageInput) input: CreateSalesStageInput,
    @Ctx() ctx: Context,
  ): Promise<SalesStage> {
    await ctx.access.assertCanManageOrganisation('change the sales process');
    return ctx.em.transactional((em) => createSalesStage(em, input));
  }

  @Mutation(() => SalesStage, { description: 'Renames a stage or changes its win probability (ADMIN).' })
  async updateSalesStage(
    @Arg('id', () => ID, { description: 'Stage id.' }) id: string,
    @Arg('input', () => UpdateSalesStageInput) input: UpdateSalesStageInput,
    @Ctx() ctx: Context,
  ): Promise<SalesStage> {
    await ctx.access.assertCanManageOrganisation('change the sales process');
    return ctx.em.transactional((em) => updateSalesStage(em, parseId(id, 'id'), input));
  }

  @Mutation(() => [SalesStage], {
    description:
      'Puts the open stages in a new order (ADMIN); deals keep their history and the funnel follows the new order. Returns the process.',
  })
  async reorderSalesStages(
    @Arg('stageIds', () => [ID], { description: 'Every active open stage, exactly once, in the new order.' }) stageIds: string[],
    @Ctx() ctx: Context,
  ): Promise<SalesStage[]> {
    await ctx.access.assertCanManageOrganisation('change the sales process');
    const ids = stageIds.map((id, index) => parseId(id, `stageIds[${index}]`));
    return ctx.em.transactional((em) => reorderSalesStages(em, ids));
  }

  @Mutation(() => SalesStage, { description: 'Retires an open stage that no open deal is in; its history stays (ADMIN).' })
  async archiveSalesStage(@Arg('id', () => ID, { description: 'Stage id.' }) id: string, @Ctx() ctx: Context): Promise<SalesStage> {
    await ctx.access.assertCanManageOrganisation('change the sales process');
    return ctx.em.transactional((em) => archiveSalesStage(em, parseId(id, 'id')));
  }
}
