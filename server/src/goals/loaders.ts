import DataLoader from 'dataloader';
import { byIdLoader, defineLoader, groupByKey } from '../graphql/loaders.js';
import { measurePeriods, pastPeriods, type HistoryKey, type MeasureKey, type PastPeriod, type PeriodMeasures } from './measures.js';
import { QuotaMetric } from './enums.js';
import { Period } from './period.entity.js';
import { whenSqlIdle } from '../request-scope.js';
import { QuotaChange } from './quota-change.entity.js';
import { Quota } from './quota.entity.js';

export const periodById = byIdLoader(Period);
export const quotaById = byIdLoader(Quota);

/**
 * Quota (of the key's metric), won, lost, pipeline and the metric's count per owner, period and metric: one SQL statement for every key asked while the
 * request's other statements are answered, so that a team card's attainment and its members' (asked
 * once the members are read) share one statement.
 */
export const periodMeasures = defineLoader(
  (em) =>
    new DataLoader<MeasureKey, PeriodMeasures | undefined, string>((keys) => measurePeriods(em, keys), {
      cacheKeyFn: (k) => `${k.ownerKind}:${k.ownerId}:${k.periodId}:${k.metric ?? QuotaMetric.REVENUE}`,
      batchScheduleFn: whenSqlIdle,
    }),
);

/** The owner's results in past periods of a kind (for the SMART achievable check), batched likewise. */
export const pastPeriodResults = defineLoader(
  (em) =>
    new DataLoader<HistoryKey, PastPeriod[], string>((keys) => pastPeriods(em, keys), {
      cacheKeyFn: (k) => `${k.ownerKind}:${k.ownerId}:${k.periodKind}:${k.before}`,
    }),
);

export const historyOfQuota = defineLoader(
  (em) =>
    new DataLoader<number, QuotaChange[]>(async (quotaIds) => {
      const rows = await em.find(QuotaChange, { quota: { $in: [...quotaIds] } }, { orderBy: { changedAt: 'desc', id: 'desc' } });
      return groupByKey(quotaIds, rows, (c) => c.quota.id);
    }),
);
