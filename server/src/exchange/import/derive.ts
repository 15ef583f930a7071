import { recordAllMilestones } from '../../motivation/milestone.service.js';
import { RecordKind } from '../kinds.js';
import type { ImportContext } from './handler.js';
import { intList, query } from './sql.js';

/** Lifecycle stages an import moves a customer through, in order; RETAINED and CHURNED are set by hand only. */
const DERIVED_ORDER = "array['PROSPECT', 'LEAD', 'QUALIFIED', 'CUSTOMER']";

/**
 * After the rows are in, what would have followed from them had they happened here: customers move
 * forward through their lifecycle by their first lead, qualified lead and won deal (dated then), and
 * members and teams reach the milestones their won deals cross. Both are idempotent: a second run of the
 * same files changes nothing.
 */
export async function deriveAfterImport(ctx: ImportContext): Promise<void> {
  const customers = [...ctx.touchedCustomers].filter((id) => !ctx.lifecycleGiven.has(id));
  if (customers.length > 0) await deriveLifecycles(ctx, customers);
  if (ctx.kinds.has(RecordKind.DEALS) || ctx.kinds.has(RecordKind.QUOTAS)) await recordAllMilestones(ctx.em);
}

async function deriveLifecycles(ctx: ImportContext, ids: number[]): Promise<void> {
  await query(
    ctx.em,
    `with facts as (
       select c.id, c.lifecycle_stage as stage,
              (select min(d.close_date)::timestamptz from deal d where d.account_id = c.id and d.status = 'WON') as won_at,
              (select min(coalesce(l.qualified_at, l.converted_at, l.created_at)) from lead l
                where l.customer_id = c.id and l.status in ('QUALIFIED', 'CONVERTED')) as qualified_at,
              (select min(l.created_at) from lead l where l.customer_id = c.id) as lead_at
         from customer c
        where c.id = any(?::int[]) and c.lifecycle_stage in ('PROSPECT', 'LEAD', 'QUALIFIED')
     ), next as (
       select id, stage,
              case when won_at is not null then 'CUSTOMER' when qualified_at is not null then 'QUALIFIED'
                   when lead_at is not null then 'LEAD' else stage end as to_stage,
              coalesce(won_at, qualified_at, lead_at) as at
         from facts
     ), moved as (
       update customer c set lifecycle_stage = n.to_stage, lifecycle_changed_at = n.at, updated_at = now()
         from next n
        where c.id = n.id and array_position(${DERIVED_ORDER}, n.to_stage) > array_position(${DERIVED_ORDER}, n.stage)
        returning c.id, n.stage, n.to_stage, n.at
     )
     insert into customer_lifecycle_change (customer_id, from_stage, to_stage, changed_at)
     select id, stage, to_stage, at from moved`,
    [intList(ids)],
  );
}
