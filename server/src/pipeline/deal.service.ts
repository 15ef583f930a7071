import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireCustomer, recordLifecycle, requireSeller } from '../customers/customer.service.js';
import { LeadStatus } from '../customers/enums.js';
import type { Lead } from '../customers/lead.entity.js';
import { requireLead } from '../customers/lead.service.js';
import { afterDealWon } from '../customers/lifecycle.js';
import { badInput, conflict, notFound } from '../errors.js';
import { EventSubjectKind } from '../events/domain-event.entity.js';
import { EventType } from '../events/event-type.js';
import { recordEvent } from '../events/record.js';
import { recordMilestonesOfDeal } from '../motivation/milestone.service.js';
import { formatMoney, parseMoney } from '../money.js';
import type { Team } from '../org/team.entity.js';
import { requireActiveChannel, requireActiveProduct } from '../strategy/catalogue.service.js';
import { optionalText, requireDate, requireText, todayIso } from '../validate.js';
import { followDealClose, passOwnerCredit } from './deal-credit.service.js';
import { Deal } from './deal.entity.js';
import { DealStatus } from './enums.js';
import { DealStageChange } from './stage-change.entity.js';
import type { SalesStage } from './stage.entity.js';
import { activeStages, requireStage, terminalStage } from './stage.service.js';

/**
 * Deals move through the open stages of the sales process (`moveDeal`, forwards or backwards) and
 * close only through `winDeal` / `loseDeal`; a closed deal changes again only after `reopenDeal`.
 * Every stage change is stored with its time, the member who made it and when the deal had entered
 * the stage it left, so that conversion and time in stage can be computed.
 */

export interface DealDraft {
  title: string;
  accountId: number;
  ownerId: number;
  amount: string;
  channelId?: number | null;
  productId?: number | null;
  stageId?: number | null;
  expectedCloseDate: string;
  leadId?: number | null;
}

export interface DealPatch {
  title?: string | null;
  accountId?: number | null;
  ownerId?: number | null;
  amount?: string | null;
  channelId?: number | null;
  productId?: number | null;
  expectedCloseDate?: string | null;
}

export interface CloseDraft {
  closeDate?: string | null;
  reason: string;
  /** Final amount when winning; the deal keeps its amount when omitted. */
  amount?: string | null;
}

export async function requireDeal(em: EntityManager, id: number, field = 'id'): Promise<Deal> {
  const deal = await em.findOne(Deal, id, { populate: ['team'] });
  if (!deal) throw notFound('Deal', id, field);
  return deal;
}

function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function checkAmount(value: string): string {
  const kopecks = parseMoney(value, 'amount');
  if (kopecks === 0n) throw badInput('amount', 'positive', 'a deal amount must be greater than zero');
  return formatMoney(kopecks);
}

function checkExpectedClose(value: string, createdAt: Date): string {
  const date = requireDate(value, 'expectedCloseDate');
  const created = utcDate(createdAt);
  if (date < created) throw badInput('expectedCloseDate', 'not-before-creation', `${date} is before the deal was created (${created})`);
  return date;
}

function checkCloseDate(value: string | null | undefined, createdAt: Date): string {
  const today = todayIso();
  const date = value == null ? today : requireDate(value, 'closeDate');
  const created = utcDate(createdAt);
  if (date < created) throw badInput('closeDate', 'not-before-creation', `${date} is before the deal was created (${created})`);
  if (date > today) throw badInput('closeDate', 'not-in-future', `${date} is in the future`);
  return date;
}

function checkVersion(deal: Deal, expectedVersion: number | null | undefined): void {
  if (expectedVersion != null && deal.version !== expectedVersion) {
    throw conflict(
      'stale-version',
      `deal ${deal.id} is at version ${deal.version}, not ${expectedVersion}: it changed since you read it`,
      'expectedVersion',
    );
  }
}

function assertOpen(deal: Deal, action: string): void {
  if (deal.status !== DealStatus.OPEN) {
    throw conflict('deal-closed', `deal ${deal.id} is ${deal.status}; reopen it with reopenDeal before you ${action}`, 'id');
  }
}

/** Flushes, turning a concurrent change of the same deal into a CONFLICT instead of a lost update. */
async function flushDeal(em: EntityManager, deal: Deal): Promise<Deal> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof OptimisticLockError)
      throw conflict('stale-version', `deal ${deal.id} was changed by someone else meanwhile; read it again`, 'id');
    throw error;
  }
  return deal;
}

/** Records a deal event: the deal, its owner and customer; seen by the owner and the managers above the credited team. */
function recordDealEvent(em: EntityManager, type: EventType, deal: Deal, actorId: number | null, payload: Record<string, unknown>): void {
  recordEvent(em, {
    type,
    actorMemberId: actorId,
    subjects: [
      [EventSubjectKind.DEAL, deal.id],
      [EventSubjectKind.MEMBER, deal.owner.id],
      [EventSubjectKind.CUSTOMER, deal.account.id],
    ],
    teamPaths: [deal.team.path],
    memberIds: [deal.owner.id],
    payload,
  });
}

async function requireOpenStage(em: EntityManager, id: number, field: string): Promise<SalesStage> {
  const stage = await requireStage(em, id, field);
  if (stage.archivedAt) throw badInput(field, 'archived', `stage ${id} is archived`);
  if (stage.outcome !== DealStatus.OPEN) {
    throw badInput(
      field,
      'terminal-stage',
      `stage ${id} is the ${stage.outcome} stage; close deals with ${stage.outcome === DealStatus.WON ? 'winDeal' : 'loseDeal'}`,
    );
  }
  return stage;
}

/** Records the move of `deal` into `to` at `at` and keeps its furthest open stage. */
function enterStage(
  em: EntityManager,
  deal: Deal,
  to: SalesStage,
  at: Date,
  actorId: number | null,
  note: string | null,
  furthest: SalesStage | null,
): void {
  em.create(DealStageChange, {
    deal,
    team: deal.team,
    dealCreatedAt: deal.createdAt,
    fromStage: deal.stage,
    toStage: to,
    changedAt: at,
    changedById: actorId,
    fromEnteredAt: deal.stageEnteredAt,
    note,
  });
  deal.stage = to;
  deal.stageEnteredAt = at;
  if (to.outcome === DealStatus.OPEN && (!furthest || to.position > furthest.position)) deal.furthestStage = to;
}

async function requireConvertibleLead(em: EntityManager, id: number, accountId: number): Promise<Lead> {
  const lead = await requireLead(em, id, 'leadId');
  if (lead.customer.id !== accountId)
    throw badInput('leadId', 'same-customer', `lead ${id} is for customer ${lead.customer.id}, not ${accountId}`);
  if (lead.status === LeadStatus.CONVERTED) throw conflict('lead-converted', `lead ${id} already became a deal`, 'leadId');
  if (lead.status !== LeadStatus.QUALIFIED)
    throw badInput('leadId', 'lead-not-qualified', `lead ${id} is ${lead.status}; qualify it before making a deal of it`);
  return lead;
}

const CHANNEL_REQUIRED = 'name the channel of the deal, or make it from a lead (leadId), whose channel it takes';

/** Creates a deal; it names its channel or is made from a lead whose channel it takes (rule `channel-required`). */
export async function createDeal(em: EntityManager, draft: DealDraft, actorId: number | null, now = new Date()): Promise<Deal> {
  if (!draft.channelId && !draft.leadId) throw badInput('channelId', 'channel-required', CHANNEL_REQUIRED);
  const account = await requireCustomer(em, draft.accountId, 'accountId');
  const lead = draft.leadId ? await requireConvertibleLead(em, draft.leadId, account.id) : null;
  const owner = await requireSeller(em, draft.ownerId, 'ownerId');
  const channelId = draft.channelId ?? lead?.channel.id;
  if (!channelId) throw badInput('channelId', 'channel-required', CHANNEL_REQUIRED);
  let stage: SalesStage;
  if (draft.stageId) {
    stage = await requireOpenStage(em, draft.stageId, 'stageId');
  } else {
    const first = (await activeStages(em)).find((s) => s.outcome === DealStatus.OPEN);
    if (!first) throw conflict('no-open-stage', 'the sales process has no open stage; create one first');
    stage = first;
  }
  const deal = em.create(Deal, {
    title: requireText(draft.title, 'title', 300),
    account,
    owner,
    team: owner.team,
    amount: checkAmount(draft.amount),
    channel: await requireActiveChannel(em, channelId, 'channelId'),
    product: draft.productId ? await requireActiveProduct(em, draft.productId, 'productId') : null,
    stage,
    furthestStage: stage,
    expectedCloseDate: checkExpectedClose(draft.expectedCloseDate, now),
    lead,
    createdAt: now,
    updatedAt: now,
    stageEnteredAt: now,
  });
  em.create(DealStageChange, {
    deal,
    team: deal.team,
    dealCreatedAt: now,
    fromStage: null,
    toStage: stage,
    changedAt: now,
    changedById: actorId,
  });
  if (lead) {
    lead.status = LeadStatus.CONVERTED;
    lead.convertedAt = now;
  }
  await flushDeal(em, deal);
  // The event names the deal by its id, known once the deal is written.
  recordDealEvent(em, EventType.DEAL_CREATED, deal, actorId, {
    title: deal.title,
    amount: deal.amount,
    stageId: String(stage.id),
    leadId: lead ? String(lead.id) : null,
  });
  await em.flush();
  return deal;
}

/** Changes an open deal's terms; a new owner also moves the credit (and the previous owner's share of a split) to the new owner's team. */
export async function updateDeal(em: EntityManager, id: number, patch: DealPatch, expectedVersion?: number | null): Promise<Deal> {
  const deal = await requireDeal(em, id);
  checkVersion(deal, expectedVersion);
  assertOpen(deal, 'change it');
  if (patch.title != null) deal.title = requireText(patch.title, 'title', 300);
  if (patch.accountId != null && patch.accountId !== deal.account.id) {
    if (deal.lead)
      throw badInput('accountId', 'same-customer', `deal ${id} was made from lead ${deal.lead.id} of customer ${deal.account.id}`);
    deal.account = await requireCustomer(em, patch.accountId, 'accountId');
  }
  if (patch.amount != null) deal.amount = checkAmount(patch.amount);
  if (patch.channelId != null) deal.channel = await requireActiveChannel(em, patch.channelId, 'channelId');
  if (patch.productId !== undefined) deal.product = patch.productId ? await requireActiveProduct(em, patch.productId, 'productId') : null;
  if (patch.expectedCloseDate != null) deal.expectedCloseDate = checkExpectedClose(patch.expectedCloseDate, deal.createdAt);
  if (patch.ownerId != null && patch.ownerId !== deal.owner.id) {
    const owner = await requireSeller(em, patch.ownerId, 'ownerId');
    const previousOwnerId = deal.owner.id;
    deal.owner = owner;
    await creditDealToTeam(em, deal, owner.team as Team);
    await passOwnerCredit(em, deal, previousOwnerId);
  }
  return flushDeal(em, deal);
}

/** Credits the deal to `team`; its stage history follows, since funnels read a team's stays by team. */
async function creditDealToTeam(em: EntityManager, deal: Deal, team: Team): Promise<void> {
  if (deal.team.id === team.id) return;
  deal.team = team;
  await em.nativeUpdate(DealStageChange, { deal }, { team });
}

/** Moves an open deal to another open stage, forwards or backwards. */
export async function moveDeal(
  em: EntityManager,
  id: number,
  stageId: number,
  note: string | null | undefined,
  actorId: number | null,
  expectedVersion?: number | null,
): Promise<Deal> {
  const deal = await requireDeal(em, id);
  checkVersion(deal, expectedVersion);
  assertOpen(deal, 'move it');
  const to = await requireOpenStage(em, stageId, 'stageId');
  if (to.id === deal.stage.id) throw badInput('stageId', 'different-stage', `deal ${id} is already in stage ${to.id}`);
  const furthest = await requireStage(em, deal.furthestStage.id);
  const from = deal.stage.id;
  enterStage(em, deal, to, new Date(), actorId, optionalText(note, 'note', 2000), furthest);
  recordDealEvent(em, EventType.DEAL_MOVED, deal, actorId, { fromStageId: String(from), toStageId: String(to.id), amount: deal.amount });
  return flushDeal(em, deal);
}

async function close(
  em: EntityManager,
  id: number,
  outcome: DealStatus.WON | DealStatus.LOST,
  draft: CloseDraft,
  actorId: number | null,
  expectedVersion?: number | null,
): Promise<Deal> {
  const deal = await requireDeal(em, id);
  checkVersion(deal, expectedVersion);
  assertOpen(deal, outcome === DealStatus.WON ? 'win it' : 'lose it');
  const reason = requireText(draft.reason ?? '', 'reason', 2000);
  const closeDate = checkCloseDate(draft.closeDate, deal.createdAt);
  if (draft.amount != null) deal.amount = checkAmount(draft.amount);
  const stage = await terminalStage(em, outcome);
  enterStage(em, deal, stage, new Date(), actorId, reason, null);
  deal.status = outcome;
  deal.closeDate = closeDate;
  deal.closeReason = reason;
  await followDealClose(em, deal);
  if (outcome === DealStatus.WON) {
    const customer = await requireCustomer(em, deal.account.id);
    recordLifecycle(em, customer, afterDealWon(customer.lifecycleStage), `deal ${deal.id} won`, actorId);
  }
  recordDealEvent(em, outcome === DealStatus.WON ? EventType.DEAL_WON : EventType.DEAL_LOST, deal, actorId, {
    title: deal.title,
    amount: deal.amount,
    closeDate,
    reason,
  });
  return flushDeal(em, deal);
}

/**
 * Closes an open deal as won: it moves to the WON stage with a close date (default today) and a reason;
 * the quota milestones it makes its owner and their teams cross are recorded in the same transaction.
 */
export async function winDeal(
  em: EntityManager,
  id: number,
  draft: CloseDraft,
  actorId: number | null,
  expectedVersion?: number | null,
): Promise<Deal> {
  const deal = await close(em, id, DealStatus.WON, draft, actorId, expectedVersion);
  await recordMilestonesOfDeal(em, { id: deal.id, ownerId: deal.owner.id, teamPath: deal.team.path, closeDate: deal.closeDate! }, actorId);
  return deal;
}

/** Closes an open deal as lost, with a close date (default today) and a reason. */
export function loseDeal(
  em: EntityManager,
  id: number,
  draft: CloseDraft,
  actorId: number | null,
  expectedVersion?: number | null,
): Promise<Deal> {
  return close(em, id, DealStatus.LOST, { ...draft, amount: undefined }, actorId, expectedVersion);
}

/**
 * Reopens a won or lost deal into an open stage (by default the furthest open stage it had reached),
 * clearing its close date and reason; the reason for reopening is kept on the stage change. The
 * customer's lifecycle stage is not rolled back.
 */
export async function reopenDeal(
  em: EntityManager,
  id: number,
  draft: { stageId?: number | null; reason: string },
  actorId: number | null,
  expectedVersion?: number | null,
): Promise<Deal> {
  const deal = await requireDeal(em, id);
  checkVersion(deal, expectedVersion);
  if (deal.status === DealStatus.OPEN) throw conflict('deal-open', `deal ${id} is open; only a won or lost deal can be reopened`, 'id');
  const reason = requireText(draft.reason ?? '', 'reason', 2000);
  let to: SalesStage;
  if (draft.stageId) {
    to = await requireOpenStage(em, draft.stageId, 'stageId');
  } else {
    const furthest = await requireStage(em, deal.furthestStage.id);
    to = furthest.archivedAt ? (await activeStages(em)).find((s) => s.outcome === DealStatus.OPEN)! : furthest;
  }
  const furthest = await requireStage(em, deal.furthestStage.id);
  enterStage(em, deal, to, new Date(), actorId, `reopened: ${reason}`, furthest);
  deal.status = DealStatus.OPEN;
  deal.closeDate = null;
  deal.closeReason = null;
  await followDealClose(em, deal);
  return flushDeal(em, deal);
}
