import DataLoader from 'dataloader';
import { byIdLoader, defineLoader, groupByKey, type LoaderFactory } from '../graphql/loaders.js';
import { recordScopeFilter, type RecordScope } from '../records.js';
import { Deal } from './deal.entity.js';
import type { DealStatus } from './enums.js';
import { DealStageChange } from './stage-change.entity.js';
import { SalesStage } from './stage.entity.js';

export const stageById = byIdLoader(SalesStage);
export const dealById = byIdLoader(Deal);

export const changesOfDeal = defineLoader(
  (em) =>
    new DataLoader<number, DealStageChange[]>(async (dealIds) => {
      const rows = await em.find(DealStageChange, { deal: { $in: [...dealIds] } }, { orderBy: { changedAt: 'asc', id: 'asc' } });
      return groupByKey(dealIds, rows, (c) => c.deal.id);
    }),
);

/**
 * Loaders whose rows depend on what the viewer may read: one factory per record scope, so that the
 * request-scoped cache keeps one loader per scope.
 */
export function scopedLoader<K, V>(build: (em: Parameters<LoaderFactory<K, V>>[0], scope: RecordScope) => DataLoader<K, V>) {
  const factories = new Map<string, LoaderFactory<K, V>>();
  return (scope: RecordScope): LoaderFactory<K, V> => {
    const key = JSON.stringify(scope);
    let factory = factories.get(key);
    if (!factory) {
      factory = defineLoader((em) => build(em, scope));
      if (factories.size > 10_000) factories.clear();
      factories.set(key, factory);
    }
    return factory;
  };
}

/** Deals of customers that the viewer may read, keyed by `${customerId}:${status ?? ''}`. */
export const readableDealsOfCustomer = scopedLoader<string, Deal[]>(
  (em, scope) =>
    new DataLoader<string, Deal[]>(async (keys) => {
      const parsed = keys.map((key) => {
        const [id, status] = key.split(':');
        return { id: Number(id), status: (status || null) as DealStatus | null };
      });
      const rows = await em.find(
        Deal,
        { account: { $in: [...new Set(parsed.map((p) => p.id))] }, ...recordScopeFilter(scope, ['team'], ['owner']) },
        { orderBy: { createdAt: 'desc', id: 'desc' } },
      );
      return parsed.map((p) => rows.filter((d) => d.account.id === p.id && (!p.status || d.status === p.status)));
    }),
);
