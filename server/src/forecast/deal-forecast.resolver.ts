import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { parseId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Deal } from '../pipeline/deal.entity.js';
import { requireDeal } from '../pipeline/deal.service.js';
import { stageById } from '../pipeline/loaders.js';
import { forecastCategoryOf } from './category.js';
import { setForecastCategory } from './category.service.js';
import { ForecastCategory } from './enums.js';
import { ForecastCategoryOverride } from './types.js';

/** The forecast fields of Deal and the mutation that overrides its category (the rest of Deal is in pipeline/). */
@Resolver(() => Deal)
export class DealForecastResolver {
  @FieldResolver(() => ForecastCategory, {
    nullable: true,
    description:
      "How the deal counts in the forecast: null for a won or lost deal; else the override's category, or the one derived from the stage probability (commit ≥ 70, best case 40–69.99, pipeline < 40).",
  })
  async forecastCategory(@Root() deal: Deal, @Ctx() ctx: Context): Promise<ForecastCategory | null> {
    const stage = (await ctx.loaders.get(stageById).load(deal.stage.id))!;
    return forecastCategoryOf(deal, stage.probability);
  }

  @FieldResolver(() => ForecastCategoryOverride, {
    nullable: true,
    description: 'The category chosen instead of the derived one, with its reason; null when the derived category applies.',
  })
  forecastCategoryOverride(@Root() deal: Deal): ForecastCategoryOverride | null {
    if (!deal.forecastCategoryOverride) return null;
    // The four columns are set and cleared together (category.service.ts).
    return Object.assign(new ForecastCategoryOverride(), {
      category: deal.forecastCategoryOverride,
      reason: deal.forecastOverrideReason!,
      setById: deal.forecastOverrideSetById,
      setAt: deal.forecastOverrideSetAt!,
    });
  }

  @Mutation(() => Deal, {
    description:
      'Overrides the forecast category of an open deal, with a reason, or clears the override (category null); whoever may change the deal may (its owner, the managers above its team, admins).',
  })
  async setDealForecastCategory(
    @Arg('dealId', () => ID, { description: 'The deal.' }) dealId: string,
    @Arg('category', () => ForecastCategory, { nullable: true, description: 'The category it counts in; null clears the override.' })
    category: ForecastCategory | null,
    @Arg('reason', () => String, { nullable: true, description: 'Why (required when setting; at most 500 characters, trimmed).' })
    reason: string | null,
    @Ctx() ctx: Context,
  ): Promise<Deal> {
    const deal = await requireDeal(ctx.em, parseId(dealId, 'dealId'), 'dealId');
    await ctx.access.assertCanWriteRecordsOf(deal.owner.id, deal.team, `change the forecast category of deal ${deal.id}`);
    return ctx.em.transactional((em) => setForecastCategory(em, deal.id, category ?? null, reason, ctx.viewer.memberId));
  }
}

@Resolver(() => ForecastCategoryOverride)
export class ForecastCategoryOverrideResolver {
  @FieldResolver(() => Member, { nullable: true, description: 'Who set it; null for an admin without a member (a service account).' })
  async setBy(@Root() override: ForecastCategoryOverride, @Ctx() ctx: Context): Promise<Member | null> {
    return override.setById === null ? null : ((await ctx.loaders.get(memberById).load(override.setById)) ?? null);
  }
}
