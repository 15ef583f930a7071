import { Deal } from './deal.entity.js';
import { DealStageChange } from './stage-change.entity.js';
import { SalesStage } from './stage.entity.js';

/** The pipeline: the sales process, deals and their stage history (DOMAIN.md §4–5). */
export const pipelineEntities = [SalesStage, Deal, DealStageChange];
