import { AttainmentResolver, MemberAttainmentResolver, TeamAttainmentResolver } from './attainment.resolver.js';
import { Goal } from './goal.entity.js';
import { GoalResolver } from './goal.resolver.js';
import { Period } from './period.entity.js';
import { PeriodResolver } from './period.resolver.js';
import { QuotaChange } from './quota-change.entity.js';
import { Quota } from './quota.entity.js';
import { QuotaChangeResolver, QuotaResolver } from './quota.resolver.js';

/** Goals and quotas: periods, quotas with their history and allocation, attainment and forecast, SMART goals (docs/domain.md §3). */
export const goalsEntities = [Period, Quota, QuotaChange, Goal];
export const goalsResolvers = [
  PeriodResolver,
  QuotaResolver,
  QuotaChangeResolver,
  AttainmentResolver,
  MemberAttainmentResolver,
  TeamAttainmentResolver,
  GoalResolver,
] as const;
