import DataLoader from 'dataloader';
import { byIdLoader, defineLoader, groupByKey } from '../graphql/loaders.js';
import { scopedLoader } from '../pipeline/loaders.js';
import { recordScopeFilter } from '../records.js';
import { todayIso } from '../validate.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import type { LifecycleStage } from './enums.js';
import { FollowUp, Interaction } from './interaction.entity.js';
import { Lead, LeadHandoff, LeadQualification } from './lead.entity.js';
import { lifetimeValue, loadWonHistories, type LifetimeValue } from './lifetime-value.js';
import { CustomerLifecycleChange } from './lifecycle-change.entity.js';

export const customerById = byIdLoader(Customer);
export const contactById = byIdLoader(Contact);
export const leadById = byIdLoader(Lead);
export const interactionById = byIdLoader(Interaction);

export const activeContactsOfCustomer = defineLoader(
  (em) =>
    new DataLoader<number, Contact[]>(async (customerIds) => {
      const rows = await em.find(
        Contact,
        { customer: { $in: [...customerIds] }, archivedAt: null },
        { orderBy: { primary: 'desc', fullName: 'asc', id: 'asc' } },
      );
      return groupByKey(customerIds, rows, (c) => c.customer.id);
    }),
);

export const lifecycleOfCustomer = defineLoader(
  (em) =>
    new DataLoader<number, CustomerLifecycleChange[]>(async (customerIds) => {
      const rows = await em.find(
        CustomerLifecycleChange,
        { customer: { $in: [...customerIds] } },
        { orderBy: { changedAt: 'asc', id: 'asc' } },
      );
      return groupByKey(customerIds, rows, (c) => c.customer.id);
    }),
);

export const qualificationOfLead = defineLoader(
  (em) =>
    new DataLoader<number, LeadQualification | undefined>(async (leadIds) => {
      const rows = await em.find(LeadQualification, { lead: { $in: [...leadIds] } });
      const byLead = new Map(rows.map((r) => [r.lead.id, r]));
      return leadIds.map((id) => byLead.get(id));
    }),
);

export const handoffOfLead = defineLoader(
  (em) =>
    new DataLoader<number, LeadHandoff | undefined>(async (leadIds) => {
      const rows = await em.find(LeadHandoff, { lead: { $in: [...leadIds] } });
      const byLead = new Map(rows.map((r) => [r.lead.id, r]));
      return leadIds.map((id) => byLead.get(id));
    }),
);

/**
 * Lifetime value over the won deals the viewer may read; key: customer id and lifecycle stage, e.g.
 * "12:CHURNED" (the projection depends on the stage).
 */
export const lifetimeValueOfCustomer = scopedLoader<string, LifetimeValue>(
  (em, scope) =>
    new DataLoader<string, LifetimeValue>(async (keys) => {
      const parsed = keys.map((k) => {
        const [id, stage] = k.split(':');
        return { id: Number(id), stage: stage as LifecycleStage };
      });
      const today = todayIso();
      const histories = await loadWonHistories(em, [...new Set(parsed.map((p) => p.id))], scope, today);
      return parsed.map((p) => lifetimeValue(histories.readable.get(p.id), !histories.incomplete.has(p.id), p.stage, today));
    }),
);

export const interactionsOfDeal = defineLoader(
  (em) =>
    new DataLoader<number, Interaction[]>(async (dealIds) => {
      const rows = await em.find(Interaction, { deal: { $in: [...dealIds] } }, { orderBy: { occurredAt: 'desc', id: 'desc' } });
      return groupByKey(dealIds, rows, (i) => i.deal!.id);
    }),
);

export const followUpsOfDeal = defineLoader(
  (em) =>
    new DataLoader<number, FollowUp[]>(async (dealIds) => {
      const rows = await em.find(FollowUp, { deal: { $in: [...dealIds] } }, { orderBy: { dueDate: 'asc', id: 'asc' } });
      return groupByKey(dealIds, rows, (f) => f.deal!.id);
    }),
);

/** Interactions with a customer that the viewer may read, newest first; key `${customerId}:${limit}`. */
export const readableInteractionsOfCustomer = scopedLoader<string, Interaction[]>(
  (em, scope) =>
    new DataLoader<string, Interaction[]>(async (keys) => {
      const parsed = keys.map((k) => k.split(':').map(Number) as [number, number]);
      const ids = [...new Set(parsed.map(([id]) => id))];
      const where = recordScopeFilter(scope, ['member.team'], ['member']);
      const rows = await em.find(Interaction, { customer: { $in: ids }, ...where }, { orderBy: { occurredAt: 'desc', id: 'desc' } });
      const groups = groupByKey(ids, rows, (i) => i.customer.id);
      const byId = new Map(ids.map((id, index) => [id, groups[index]]));
      return parsed.map(([id, n]) => (byId.get(id) ?? []).slice(0, n));
    }),
);

/** Follow-ups for a customer that the viewer may read; key `${customerId}:${includeDone ? 1 : 0}`. */
export const readableFollowUpsOfCustomer = scopedLoader<string, FollowUp[]>(
  (em, scope) =>
    new DataLoader<string, FollowUp[]>(async (keys) => {
      const parsed = keys.map((k) => k.split(':').map(Number) as [number, number]);
      const ids = [...new Set(parsed.map(([id]) => id))];
      const where = recordScopeFilter(scope, ['assignee.team'], ['assignee']);
      const rows = await em.find(FollowUp, { customer: { $in: ids }, ...where }, { orderBy: { dueDate: 'asc', id: 'asc' } });
      return parsed.map(([id, done]) => rows.filter((f) => f.customer.id === id && (done === 1 || !f.done)));
    }),
);

/** Leads of a customer that the viewer may read, newest first. */
export const readableLeadsOfCustomer = scopedLoader<number, Lead[]>(
  (em, scope) =>
    new DataLoader<number, Lead[]>(async (customerIds) => {
      const where = recordScopeFilter(scope, ['team', 'sourceTeam'], ['owner', 'generatedBy']);
      const rows = await em.find(Lead, { customer: { $in: [...customerIds] }, ...where }, { orderBy: { createdAt: 'desc', id: 'desc' } });
      return groupByKey(customerIds, rows, (l) => l.customer.id);
    }),
);

/** Open follow-ups past their due date, per assignee, the most overdue first; key `${memberId}:${limit}`. */
export const overdueFollowUpsOfMember = defineLoader(
  (em) =>
    new DataLoader<string, FollowUp[]>(async (keys) => {
      const parsed = keys.map((k) => k.split(':').map(Number) as [number, number]);
      const ids = [...new Set(parsed.map(([id]) => id))];
      const limit = Math.max(...parsed.map(([, n]) => n));
      const rows = await em.execute<{ id: number }[]>(
        `select id from (
           select f.id, row_number() over (partition by f.assignee_id order by f.due_date, f.id) as n
             from follow_up f
            where f.assignee_id in (select unnest(?::int[])) and not f.done and f.due_date < ?
         ) x where n <= ?`,
        [`{${ids.join(',')}}`, todayIso(), limit],
      );
      const followUps = rows.length
        ? await em.find(FollowUp, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { dueDate: 'asc', id: 'asc' } })
        : [];
      const groups = groupByKey(ids, followUps, (f) => f.assignee.id);
      const byId = new Map(ids.map((id, index) => [id, groups[index]]));
      return parsed.map(([id, n]) => (byId.get(id) ?? []).slice(0, n));
    }),
);

/** How many open follow-ups each assignee has past their due date. */
export const overdueCountOfMember = defineLoader(
  (em) =>
    new DataLoader<number, number>(async (memberIds) => {
      const rows = await em.execute<{ assignee_id: number; n: number }[]>(
        `select f.assignee_id, count(*)::int as n from follow_up f
          where f.assignee_id in (select unnest(?::int[])) and not f.done and f.due_date < ?
          group by f.assignee_id`,
        [`{${memberIds.join(',')}}`, todayIso()],
      );
      const byId = new Map(rows.map((r) => [Number(r.assignee_id), r.n]));
      return memberIds.map((id) => byId.get(id) ?? 0);
    }),
);
