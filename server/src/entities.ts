import { accessEntities } from './access/index.js';
import { auditEntities } from './audit/index.js';
import { orgEntities } from './org/index.js';
import { pipelineEntities } from './pipeline/index.js';
import { goalsEntities } from './goals/index.js';
import { customerEntities } from './customers/index.js';
import { strategyEntities } from './strategy/index.js';
import { analyticsEntities } from './analytics/index.js';
import { motivationEntities } from './motivation/index.js';

/** Every entity the ORM maps, one line per domain. */
export const entities = [
  ...orgEntities,
  ...pipelineEntities,
  ...customerEntities,
  ...strategyEntities,
  ...goalsEntities,
  ...motivationEntities,
  ...auditEntities,
  ...analyticsEntities,
  ...accessEntities,
];
