import { badInput } from '../../../errors.js';
import { RecordKind } from '../../kinds.js';
import { type ImportContext, type KindHandler, type RowDraft, loadMemberTeams } from '../handler.js';
import { problemOf } from '../values.js';

/** Customers: ИНН of 10 or 12 digits; an empty lifecycle stage is derived from the job's leads and deals. */
export const customers: KindHandler = {
  kind: RecordKind.CUSTOMERS,
  stamped: true,
  prepare(draft, ctx) {
    const taxId = draft.values.taxId as string | null;
    if (taxId !== null && !/^(\d{10}|\d{12})$/.test(taxId)) {
      draft.problems.push(problemOf(badInput('taxId', 'tax-id', `"${taxId}" is not a taxpayer number (10 or 12 digits)`), 'taxId'));
    }
    if (draft.values.lifecycleStage === null) ctx.touchedCustomers.add(draft.id!);
    else ctx.lifecycleGiven.add(draft.id!);
  },
};

export const contacts: KindHandler = { kind: RecordKind.CONTACTS };

/** A time that must not lie ahead of the import (an interaction that happened, a follow-up done). */
export function notInFuture(draft: RowDraft, field: string, ctx: ImportContext): void {
  const value = draft.values[field];
  if (value instanceof Date && value.getTime() > ctx.now.getTime()) {
    draft.problems.push({ column: field, rule: 'not-in-future', message: `${value.toISOString()} is in the future` });
  }
}

/** The member ids the batch names in `fields`, so that their teams are known for defaults. */
export async function loadTeamsOf(drafts: RowDraft[], fields: string[], ctx: ImportContext): Promise<void> {
  const ids: number[] = [];
  for (const draft of drafts) {
    for (const field of fields) {
      const key = draft.values[field] as string | null;
      const id = key === null ? undefined : ctx.refs.idOf(RecordKind.MEMBERS, key);
      if (id !== undefined) ids.push(id);
    }
  }
  await loadMemberTeams(ctx, ids);
}

/**
 * Leads: the team defaults to the owner's, the finder to the owner, the finding team to the finder's;
 * a lead's customer is derived past PROSPECT by it.
 */
export const leads: KindHandler = {
  kind: RecordKind.LEADS,
  stamped: true,
  async identify(drafts, ctx) {
    await loadTeamsOf(drafts, ['owner', 'generatedBy'], ctx);
  },
  prepare(draft, ctx) {
    const c = draft.columns;
    c.team_id ??= ctx.memberTeams.get(c.owner_id as number) ?? null;
    c.generated_by_id ??= c.owner_id;
    c.source_team_id ??= ctx.memberTeams.get(c.generated_by_id as number) ?? null;
    notInFuture(draft, 'createdAt', ctx);
    ctx.touchedCustomers.add(c.customer_id as number);
  },
};

export const interactions: KindHandler = {
  kind: RecordKind.INTERACTIONS,
  prepare(draft, ctx) {
    notInFuture(draft, 'occurredAt', ctx);
  },
};

export const followUps: KindHandler = {
  kind: RecordKind.FOLLOW_UPS,
  prepare(draft, ctx) {
    notInFuture(draft, 'doneAt', ctx);
  },
};
