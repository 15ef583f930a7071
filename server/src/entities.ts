import { accessEntities } from './access/index.js';
import { auditEntities } from './audit/index.js';
import { orgEntities } from './org/index.js';
import { pipelineEntities } from './pipeline/index.js';
import { DealCredit } from './pipeline/deal-credit.entity.js';
import { goalsEntities } from './goals/index.js';
import { RampProfile } from './goals/ramp-profile.entity.js';
import { customerEntities } from './customers/index.js';
import { strategyEntities } from './strategy/index.js';
import { analyticsEntities } from './analytics/index.js';
import { motivationEntities } from './motivation/index.js';
import { forecastEntities } from './forecast/index.js';
import { calendarEntities } from './calendar/index.js';
import { ExternalRef } from './exchange/external-ref.entity.js';
import { ImportJob, ImportJobChunk } from './exchange/jobs/import-job.entity.js';
import { eventEntities } from './events/index.js';

/** Every entity the ORM maps, one line per domain. */
export const entities = [
  ...orgEntities,
  ...pipelineEntities,
  DealCredit,
  ...customerEntities,
  ...strategyEntities,
  ...goalsEntities,
  RampProfile,
  ...motivationEntities,
  ...auditEntities,
  ...analyticsEntities,
  ...accessEntities,
  ...forecastEntities,
  ...calendarEntities,
  ExternalRef,
  ImportJob,
  ImportJobChunk,
  ...eventEntities,
];
