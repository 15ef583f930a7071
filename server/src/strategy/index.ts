import { ChannelResolver, ProductLineResolver, ProductResolver } from './catalogue.resolver.js';
import {
  ChannelEffectivenessResolver,
  SellingPropositionResolver,
  StrategyChannelResolver,
  StrategyKpiValueResolver,
  StrategyResolver,
  StrategyReviewResolver,
} from './strategy.resolver.js';
import { Channel } from './channel.entity.js';
import { Product, ProductLine } from './product.entity.js';
import {
  Competitor,
  MarketSegment,
  SellingProposition,
  Strategy,
  StrategyChannel,
  StrategyKpi,
  StrategyKpiValue,
  StrategyReview,
} from './strategy.entity.js';

/** Sales strategy: channels, products, strategies with their analysis, KPIs and reviews (docs/domain.md §4). */
export const strategyEntities = [
  Channel,
  ProductLine,
  Product,
  Strategy,
  MarketSegment,
  Competitor,
  SellingProposition,
  StrategyChannel,
  StrategyKpi,
  StrategyReview,
  StrategyKpiValue,
];

export const strategyResolvers = [
  ChannelResolver,
  ProductLineResolver,
  ProductResolver,
  StrategyResolver,
  ChannelEffectivenessResolver,
  SellingPropositionResolver,
  StrategyChannelResolver,
  StrategyReviewResolver,
  StrategyKpiValueResolver,
] as const;
