import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { formatScaled, parseScaled } from '../decimal.js';
import { badInput, conflict, notFound } from '../errors.js';
import { recordMilestonesOfDeal } from '../motivation/milestone.service.js';
import { Member } from '../org/member.entity.js';
import { DealCredit } from './deal-credit.entity.js';
import { Deal } from './deal.entity.js';
import { DealStatus } from './enums.js';

/**
 * A deal's credit split (docs/pipeline.md, "Credit splits"): without lines the owner has 100 %; a split
 * gives the owner a regular share, the regular shares sum to 100.00 % and overlay shares come on top.
 * The owner's line counts for the deal's team, every other line for its member's team when first set.
 */

export interface CreditDraft {
  memberId: number;
  percent: string;
  overlay?: boolean | null;
}

/** More lines than any real split has; keeps the input bounded. */
export const MAX_CREDIT_LINES = 20;
const HUNDRED = 10_000n; // 100.00 % in hundredths

interface CheckedLine {
  member: Member;
  percent: bigint;
  overlay: boolean;
}

function checkPercent(value: string, overlay: boolean, field: string): bigint {
  const percent = parseScaled(value, field, 2);
  if (percent === 0n || percent > HUNDRED)
    throw badInput(field, 'credit-percent', `${overlay ? 'an overlay' : 'a'} share is more than 0 and at most 100 percent, got "${value}"`);
  return percent;
}

/** Checks every rule of a split before anything changes; members are read in one statement. */
async function checkSplit(em: EntityManager, deal: Deal, drafts: readonly CreditDraft[]): Promise<CheckedLine[]> {
  if (drafts.length > MAX_CREDIT_LINES)
    throw badInput('credits', 'range', `a split has at most ${MAX_CREDIT_LINES} lines, got ${drafts.length}`);
  const seen = new Set<number>();
  const percents = drafts.map((draft, i) => {
    if (seen.has(draft.memberId)) throw badInput(`credits[${i}].memberId`, 'unique', `member ${draft.memberId} is credited twice`);
    seen.add(draft.memberId);
    return checkPercent(draft.percent, draft.overlay ?? false, `credits[${i}].percent`);
  });
  const members = new Map((await em.find(Member, { id: { $in: [...seen] } })).map((m) => [m.id, m]));
  const lines = drafts.map((draft, i): CheckedLine => {
    const member = members.get(draft.memberId);
    if (!member) throw notFound('Member', draft.memberId, `credits[${i}].memberId`);
    if (member.archivedAt) throw badInput(`credits[${i}].memberId`, 'archived', `member ${member.id} is archived`);
    return { member, percent: percents[i], overlay: draft.overlay ?? false };
  });
  if (!lines.some((line) => line.member.id === deal.owner.id && !line.overlay))
    throw badInput('credits', 'credit-owner', `the owner of deal ${deal.id} (member ${deal.owner.id}) needs a regular (non-overlay) share`);
  const total = lines.filter((line) => !line.overlay).reduce((sum, line) => sum + line.percent, 0n);
  if (total !== HUNDRED)
    throw badInput('credits', 'credit-total', `the regular shares sum to ${formatScaled(total, 2)} percent, not 100.00`);
  return lines;
}

function assertSplittable(deal: Deal, mayChangeWon: boolean): void {
  if (deal.status === DealStatus.LOST) throw conflict('credit-closed', `deal ${deal.id} is LOST; its credit split is frozen`, 'dealId');
  if (deal.status === DealStatus.WON && !mayChangeWon)
    throw conflict('credit-closed', `deal ${deal.id} is WON; only an admin changes its split (or reopen it with reopenDeal)`, 'dealId');
}

export interface SplitOptions {
  actorId: number | null;
  /** Admins correct the split of a won deal; everyone else only of an open one. */
  mayChangeWon: boolean;
  expectedVersion?: number | null;
}

/**
 * Replaces the deal's split (an empty list returns it to its owner's 100 %). Lines of members who stay
 * credited keep their team; the deal's version goes up, since what it credits changed. The deal row is
 * locked so that two splits of the same deal run one after the other. Milestones are never taken back.
 */
export async function setDealCredits(
  em: EntityManager,
  dealId: number,
  drafts: readonly CreditDraft[],
  options: SplitOptions,
): Promise<Deal> {
  const deal = await em.findOne(Deal, dealId, { populate: ['team'], lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!deal) throw notFound('Deal', dealId, 'dealId');
  if (options.expectedVersion != null && deal.version !== options.expectedVersion)
    throw conflict('stale-version', `deal ${deal.id} is at version ${deal.version}, not ${options.expectedVersion}`, 'expectedVersion');
  assertSplittable(deal, options.mayChangeWon);
  const lines = drafts.length ? await checkSplit(em, deal, drafts) : [];
  const existing = new Map((await em.find(DealCredit, { deal })).map((line) => [line.member.id, line]));
  const now = new Date();
  for (const line of lines) {
    const percent = formatScaled(line.percent, 2);
    const saved = existing.get(line.member.id);
    existing.delete(line.member.id);
    if (saved && saved.percent === percent && saved.overlay === line.overlay) continue;
    const team = line.member.id === deal.owner.id ? deal.team : (saved?.team ?? line.member.team);
    const fields = { percent, overlay: line.overlay, team, dealCloseDate: deal.closeDate, setAt: now, setById: options.actorId };
    if (saved) Object.assign(saved, fields);
    else em.create(DealCredit, { deal, member: line.member, ...fields });
  }
  for (const gone of existing.values()) em.remove(gone);
  deal.updatedAt = now;
  await em.flush();
  // An admin's correction of a won deal credits new shares: the milestones they take someone over.
  if (deal.status === DealStatus.WON)
    await recordMilestonesOfDeal(
      em,
      { id: deal.id, ownerId: deal.owner.id, teamPath: deal.team.path, closeDate: deal.closeDate! },
      options.actorId,
    );
  return deal;
}

/**
 * After `deal` was reassigned from `previousOwnerId`, inside the same transaction: the previous owner's
 * share passes to the new owner, for the deal's (new) team, so that a split always holds its owner. A new
 * owner who already had a regular share gets the sum; one holding an overlay share is refused.
 */
export async function passOwnerCredit(em: EntityManager, deal: Deal, previousOwnerId: number): Promise<void> {
  const lines = await em.find(DealCredit, { deal });
  const previous = lines.find((line) => line.member.id === previousOwnerId);
  if (!previous) return; // no split
  const current = lines.find((line) => line.member.id === deal.owner.id);
  if (current?.overlay)
    throw conflict(
      'credit-overlay-owner',
      `member ${deal.owner.id} holds an overlay share of deal ${deal.id}; change the split first`,
      'ownerId',
    );
  const receiving = current ?? previous;
  if (current) {
    current.percent = formatScaled(parseScaled(current.percent, 'percent', 2) + parseScaled(previous.percent, 'percent', 2), 2);
    em.remove(previous);
  }
  Object.assign(receiving, { member: deal.owner, team: deal.team, setAt: new Date() });
}

/** After `deal` was won, lost or reopened, inside the same transaction: its lines take its close date. */
export async function followDealClose(em: EntityManager, deal: Deal): Promise<void> {
  await em.nativeUpdate(DealCredit, { deal }, { dealCloseDate: deal.closeDate });
}
