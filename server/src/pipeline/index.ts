import { DealResolver, DealStageChangeResolver } from './deal.resolver.js';
import { FunnelResolver } from './funnel.resolver.js';
import { SalesStageResolver } from './stage.resolver.js';
import { Deal } from './deal.entity.js';
import { DealStageChange } from './stage-change.entity.js';
import { SalesStage } from './stage.entity.js';

/** The pipeline: the sales process, deals and their stage history (docs/domain.md §4–5). */
export const pipelineEntities = [SalesStage, Deal, DealStageChange];

export const pipelineResolvers = [SalesStageResolver, DealResolver, DealStageChangeResolver, FunnelResolver] as const;
