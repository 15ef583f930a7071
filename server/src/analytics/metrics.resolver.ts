import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { LIMITS, MetricDimension, MetricLanguage, MetricMeasure } from './catalogue.js';
import { MetricsFilterInput, MetricSortInput } from './inputs.js';
import { parseMetricsQuery } from './query.js';
import { runMetrics } from './metrics.service.js';
import { MetricsResult } from './types.js';

@Resolver()
export class MetricsResolver {
  @Query(() => MetricsResult, {
    description:
      'Sales metrics for analysts: measures broken down by dimensions, over the records the caller may read ' +
      '(everything for ADMIN and ANALYST, the subtrees a MANAGER leads plus their own records, a REP their own records). ' +
      'One SQL statement per call. Combinations that make no sense (e.g. QUOTA by STAGE) are refused with BAD_USER_INPUT naming the measure and the dimension.',
  })
  async salesMetrics(
    @Arg('measures', () => [MetricMeasure], { description: `What to measure: 1 to ${LIMITS.maxMeasures} distinct measures.` })
    measures: MetricMeasure[],
    @Arg('dimensions', () => [MetricDimension], {
      nullable: true,
      description: `Break-down: at most ${LIMITS.maxDimensions} dimensions, at most one of them a time dimension.`,
    })
    dimensions: MetricDimension[] | undefined,
    @Arg('filter', () => MetricsFilterInput, { nullable: true, description: 'Which records to cover.' }) filter:
      | MetricsFilterInput
      | undefined,
    @Arg('sort', () => [MetricSortInput], { nullable: true, description: 'Sort keys, in order.' }) sort: MetricSortInput[] | undefined,
    @Arg('limit', () => Int, {
      nullable: true,
      description: `Most rows returned (default ${LIMITS.defaultRows}, at most ${LIMITS.maxRows}); totalRows tells how many there are.`,
    })
    limit: number | undefined,
    @Arg('language', () => MetricLanguage, { nullable: true, description: 'Language of labels (default EN).' }) language:
      | MetricLanguage
      | undefined,
    @Ctx() ctx: Context,
  ): Promise<MetricsResult> {
    await ctx.access.assertCanReadMetrics();
    const query = parseMetricsQuery({ measures, dimensions, filter, sort, limit });
    return runMetrics(ctx.em, query, await ctx.access.recordScope(), language ?? MetricLanguage.EN);
  }
}
