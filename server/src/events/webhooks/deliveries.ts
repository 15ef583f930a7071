import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { Page, type PageInfo, type PageRequest, readCursor, signCursor } from '../../graphql/connection.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** Newest first, so that the first page shows what happened last; cursors belong to this list only. */
const LIST = 'WebhookDelivery.id.desc';

/** One page of deliveries: one statement, plus one for the total when it is asked for. */
export async function deliveriesPage(
  em: EntityManager,
  where: FilterQuery<WebhookDelivery>,
  page: PageRequest,
): Promise<Page<WebhookDelivery>> {
  const conditions: FilterQuery<WebhookDelivery>[] = [where];
  if (page.after) conditions.push({ id: { $lt: Number(readCursor(LIST, page.after)) } });
  const rows =
    page.first === 0 ? [] : await em.find(WebhookDelivery, { $and: conditions }, { orderBy: { id: 'desc' }, limit: page.first + 1 });
  const edges = rows.slice(0, page.first).map((node) => ({ cursor: signCursor(LIST, node.id), node }));
  const pageInfo: PageInfo = {
    hasNextPage: rows.length > page.first,
    hasPreviousPage: Boolean(page.after),
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
  return new Page(edges, pageInfo, () => em.count(WebhookDelivery, where));
}
