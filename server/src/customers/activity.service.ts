import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, notFound } from '../errors.js';
import { Member } from '../org/member.entity.js';
import { Deal } from '../pipeline/deal.entity.js';
import { optionalText, requireDate, requireText, todayIso } from '../validate.js';
import { requireCustomer } from './customer.service.js';
import type { InteractionKind } from './enums.js';
import { FollowUp, Interaction } from './interaction.entity.js';
import { requireContactOf } from './lead.service.js';

/** Interactions with customers and the follow-ups promised in them (docs/domain.md §5). */

export async function requireActiveMember(em: EntityManager, id: number, field: string): Promise<Member> {
  const member = await em.findOne(Member, id, { populate: ['team'] });
  if (!member) throw notFound('Member', id, field);
  if (member.archivedAt) throw badInput(field, 'archived', `member ${id} is archived`);
  return member;
}

async function requireDealOf(em: EntityManager, customerId: number, dealId: number, field: string): Promise<Deal> {
  const deal = await em.findOne(Deal, dealId);
  if (!deal) throw notFound('Deal', dealId, field);
  if (deal.account.id !== customerId)
    throw badInput(field, 'same-customer', `deal ${dealId} is with customer ${deal.account.id}, not ${customerId}`);
  return deal;
}

export interface FollowUpDraft {
  customerId: number;
  dealId?: number | null;
  assigneeId: number;
  title: string;
  notes?: string | null;
  dueDate: string;
}

function checkDueDate(value: string): string {
  const date = requireDate(value, 'dueDate');
  if (date < todayIso()) throw badInput('dueDate', 'not-in-past', `${date} has passed; a new follow-up is due today or later`);
  return date;
}

export async function createFollowUp(
  em: EntityManager,
  draft: FollowUpDraft,
  actorId: number | null,
  interaction: Interaction | null = null,
): Promise<FollowUp> {
  const customer = await requireCustomer(em, draft.customerId, 'customerId');
  const followUp = em.create(FollowUp, {
    customer,
    deal: draft.dealId ? await requireDealOf(em, customer.id, draft.dealId, 'dealId') : null,
    interaction,
    assignee: await requireActiveMember(em, draft.assigneeId, 'assigneeId'),
    title: requireText(draft.title, 'title', 300),
    notes: optionalText(draft.notes, 'notes', 5000),
    dueDate: checkDueDate(draft.dueDate),
    createdById: actorId,
  });
  await em.flush();
  return followUp;
}

export async function requireFollowUp(em: EntityManager, id: number, field = 'id'): Promise<FollowUp> {
  const followUp = await em.findOne(FollowUp, id, { populate: ['assignee.team'] });
  if (!followUp) throw notFound('FollowUp', id, field);
  return followUp;
}

/** Marks a follow-up done (doing it twice changes nothing). */
export async function completeFollowUp(em: EntityManager, id: number): Promise<FollowUp> {
  const followUp = await requireFollowUp(em, id);
  if (!followUp.done) {
    followUp.done = true;
    followUp.doneAt = new Date();
    await em.flush();
  }
  return followUp;
}

export interface InteractionDraft {
  kind: InteractionKind;
  customerId: number;
  dealId?: number | null;
  contactId?: number | null;
  memberId: number;
  occurredAt?: Date | null;
  subject: string;
  notes?: string | null;
  /** A follow-up promised in the interaction, assigned to `memberId` unless said otherwise. */
  followUp?: { title: string; dueDate: string; assigneeId?: number | null; notes?: string | null } | null;
}

export async function logInteraction(em: EntityManager, draft: InteractionDraft, actorId: number | null): Promise<Interaction> {
  const customer = await requireCustomer(em, draft.customerId, 'customerId');
  const occurredAt = draft.occurredAt ?? new Date();
  if (occurredAt.getTime() > Date.now() + 60_000)
    throw badInput('occurredAt', 'not-in-future', 'an interaction is logged once it has happened');
  const interaction = em.create(Interaction, {
    kind: draft.kind,
    customer,
    deal: draft.dealId ? await requireDealOf(em, customer.id, draft.dealId, 'dealId') : null,
    contact: draft.contactId ? await requireContactOf(em, customer.id, draft.contactId, 'contactId') : null,
    member: await requireActiveMember(em, draft.memberId, 'memberId'),
    occurredAt,
    subject: requireText(draft.subject, 'subject', 300),
    notes: optionalText(draft.notes, 'notes', 10000),
  });
  if (draft.followUp) {
    await createFollowUp(
      em,
      {
        customerId: customer.id,
        dealId: draft.dealId,
        assigneeId: draft.followUp.assigneeId ?? draft.memberId,
        title: draft.followUp.title,
        notes: draft.followUp.notes,
        dueDate: draft.followUp.dueDate,
      },
      actorId,
      interaction,
    );
  }
  await em.flush();
  return interaction;
}
