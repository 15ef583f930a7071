import DataLoader from 'dataloader';
import { byIdLoader, defineLoader, groupByKey } from '../graphql/loaders.js';
import { Channel } from './channel.entity.js';
import { Product, ProductLine } from './product.entity.js';
import {
  Competitor,
  MarketSegment,
  SellingProposition,
  StrategyChannel,
  StrategyKpi,
  StrategyKpiValue,
  StrategyReview,
} from './strategy.entity.js';

export const channelById = byIdLoader(Channel);
export const productById = byIdLoader(Product);
export const productLineById = byIdLoader(ProductLine);

export const activeProductsOfLine = defineLoader(
  (em) =>
    new DataLoader<number, Product[]>(async (lineIds) => {
      const rows = await em.find(Product, { line: { $in: [...lineIds] }, archivedAt: null }, { orderBy: { name: 'asc', id: 'asc' } });
      return groupByKey(lineIds, rows, (p) => p.line.id);
    }),
);

/** One-to-many loaders of the parts of a strategy, keyed by strategy id, in a stable order. */
function partsOfStrategy<T extends { strategy: { id: number } }>(
  entity: new () => T,
  orderBy: Record<string, 'asc' | 'desc'>,
  where: object = {},
) {
  return defineLoader(
    (em) =>
      new DataLoader<number, T[]>(async (strategyIds) => {
        const rows = await em.find(entity, { strategy: { $in: [...strategyIds] }, ...where } as never, { orderBy: orderBy as never });
        return groupByKey(strategyIds, rows as T[], (row) => row.strategy.id);
      }),
  );
}

export const segmentsOfStrategy = partsOfStrategy(MarketSegment, { id: 'asc' });
export const competitorsOfStrategy = partsOfStrategy(Competitor, { name: 'asc', id: 'asc' });
export const propositionsOfStrategy = partsOfStrategy(SellingProposition, { id: 'asc' });
export const channelsOfStrategy = partsOfStrategy(StrategyChannel, { priority: 'asc', id: 'asc' });
export const activeKpisOfStrategy = partsOfStrategy(StrategyKpi, { id: 'asc' }, { archivedAt: null });
export const reviewsOfStrategy = partsOfStrategy(StrategyReview, { reviewedOn: 'desc', id: 'desc' });

export const kpiById = byIdLoader(StrategyKpi);
export const segmentById = byIdLoader(MarketSegment);

export const valuesOfReview = defineLoader(
  (em) =>
    new DataLoader<number, StrategyKpiValue[]>(async (reviewIds) => {
      const rows = await em.find(StrategyKpiValue, { review: { $in: [...reviewIds] } }, { orderBy: { kpi: 'asc' } });
      return groupByKey(reviewIds, rows, (v) => v.review.id);
    }),
);
