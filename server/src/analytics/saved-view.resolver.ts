import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { OwnViewsMutation } from '../access/guard.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { parseId } from '../ids.js';
import { MetricLanguage } from './catalogue.js';
import { CreateSavedViewInput, MetricsQueryInput, UpdateSavedViewInput } from './inputs.js';
import { runMetrics } from './metrics.service.js';
import { parseMetricsQuery } from './query.js';
import { SavedView } from './saved-view.entity.js';
import {
  createSavedView,
  deleteSavedView,
  ownerKeyOf,
  requireVisibleView,
  updateSavedView,
  visibleViewsFilter,
} from './saved-view.service.js';
import { MetricsResult } from './types.js';

@ObjectType({ description: 'A page of saved views.' })
export class SavedViewConnection extends Connection(SavedView, 'SavedView', 'saved view') {}

@Resolver(() => SavedView)
export class SavedViewResolver {
  @Query(() => SavedView, { description: 'One saved view the caller may open (NOT_FOUND otherwise).' })
  async savedView(@Arg('id', () => ID, { description: 'Saved view id.' }) id: string, @Ctx() ctx: Context): Promise<SavedView> {
    return requireVisibleView(ctx.em, ctx.access, parseId(id, 'id'), 'id');
  }

  @Query(() => SavedViewConnection, {
    description: 'The saved views the caller may open (their own and those shared with them), by name, a page at a time.',
  })
  async savedViews(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<Page<SavedView>> {
    return paginate(ctx.em, SavedView, await visibleViewsFilter(ctx.em, ctx.access), 'name', toPageRequest(page, ctx.limits.maxPageSize));
  }

  @FieldResolver(() => MetricsQueryInput, { description: 'The metrics query the view runs.' })
  query(@Root() view: SavedView): Record<string, unknown> {
    return view.query;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The member who owns the view; null for accounts that are not members.' })
  ownerId(@Root() view: SavedView): string | null {
    return view.owner ? String(view.owner.id) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the caller owns the view (and may change it).' })
  mine(@Root() view: SavedView, @Ctx() ctx: Context): boolean {
    return view.ownerKey === ownerKeyOf(ctx.viewer);
  }

  @FieldResolver(() => MetricsResult, {
    description:
      "The view's results for the caller: computed with the caller's access, not the owner's (a manager opening a view shared with everyone sees their subtree only).",
  })
  async result(
    @Root() view: SavedView,
    @Arg('language', () => MetricLanguage, { nullable: true, description: 'Language of labels (default EN).' }) language:
      | MetricLanguage
      | undefined,
    @Ctx() ctx: Context,
  ): Promise<MetricsResult> {
    return runMetrics(ctx.em, parseMetricsQuery(view.query), await ctx.access.recordScope(), language ?? MetricLanguage.EN);
  }

  @Mutation(() => SavedView, { description: 'Saves a metrics query as a named view owned by the caller (ADMIN, ANALYST, MANAGER).' })
  @OwnViewsMutation()
  async createSavedView(@Arg('input', () => CreateSavedViewInput) input: CreateSavedViewInput, @Ctx() ctx: Context): Promise<SavedView> {
    await ctx.access.assertCanSaveViews('save views');
    return ctx.em.transactional((em) => createSavedView(em, ctx.viewer, input));
  }

  @Mutation(() => SavedView, { description: 'Changes a saved view: its owner, or an admin.' })
  @OwnViewsMutation()
  async updateSavedView(
    @Arg('id', () => ID, { description: 'Saved view id.' }) id: string,
    @Arg('input', () => UpdateSavedViewInput) input: UpdateSavedViewInput,
    @Ctx() ctx: Context,
  ): Promise<SavedView> {
    await ctx.access.assertCanSaveViews('change saved views');
    const viewId = parseId(id, 'id');
    return ctx.em.transactional(async (em) => updateSavedView(em, ctx.viewer, await requireVisibleView(em, ctx.access, viewId), input));
  }

  @Mutation(() => ID, { description: 'Deletes a saved view (its owner, or an admin) and returns its id.' })
  @OwnViewsMutation()
  async deleteSavedView(@Arg('id', () => ID, { description: 'Saved view id.' }) id: string, @Ctx() ctx: Context): Promise<string> {
    await ctx.access.assertCanSaveViews('delete saved views');
    const viewId = parseId(id, 'id');
    await ctx.em.transactional(async (em) => deleteSavedView(em, ctx.viewer, await requireVisibleView(em, ctx.access, viewId)));
    return String(viewId);
  }
}
