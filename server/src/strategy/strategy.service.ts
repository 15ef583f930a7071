import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../errors.js';
import { formatMoney, parseMoney } from '../money.js';
import { requireSeller } from '../customers/customer.service.js';
import { Team } from '../org/team.entity.js';
import { optionalText, requireDate, requireDecimalInRange, requireText, todayIso } from '../validate.js';
import { requireActiveChannel, requireActiveProduct } from './catalogue.service.js';
import { KpiDirection, StrategyStatus } from './enums.js';
import {
  Competitor,
  MarketSegment,
  SellingProposition,
  Strategy,
  StrategyChannel,
  StrategyKpi,
  StrategyKpiValue,
  StrategyReview,
} from './strategy.entity.js';

export interface SegmentDraft {
  name: string;
  description?: string | null;
  marketSize?: string | null;
  growthPercent?: string | null;
}

export interface CompetitorDraft {
  name: string;
  strengths: string[];
  weaknesses: string[];
  marketSharePercent?: string | null;
  notes?: string | null;
}

export interface PropositionDraft {
  statement: string;
  /** Name of one of the strategy's segments. */
  segmentName?: string | null;
  productId?: number | null;
}

export interface ChannelChoiceDraft {
  channelId: number;
  priority?: number | null;
  role?: string | null;
}

export interface KpiDraft {
  /** An existing KPI of the strategy to keep (and change); omitted for a new one. */
  id?: number | null;
  name: string;
  unit: string;
  target: string;
  direction?: KpiDirection | null;
}

export interface StrategyDraft {
  name: string;
  description?: string | null;
  teamId?: number | null;
  ownerId: number;
  status?: StrategyStatus | null;
  startDate: string;
  endDate?: string | null;
  targetAudience?: string | null;
  trends?: string[] | null;
  usp: string;
  salesProcessNotes?: string | null;
  reviewEveryMonths?: number | null;
  segments?: SegmentDraft[] | null;
  competitors?: CompetitorDraft[] | null;
  propositions?: PropositionDraft[] | null;
  channels?: ChannelChoiceDraft[] | null;
  kpis?: KpiDraft[] | null;
}

export type StrategyPatch = { [K in keyof StrategyDraft]?: StrategyDraft[K] | null };

export async function requireStrategy(em: EntityManager, id: number, field = 'id'): Promise<Strategy> {
  const strategy = await em.findOne(Strategy, id, { populate: ['team'] });
  if (!strategy) throw notFound('Strategy', id, field);
  return strategy;
}

export async function requireActiveTeam(em: EntityManager, id: number, field: string): Promise<Team> {
  const team = await em.findOne(Team, id);
  if (!team) throw notFound('Team', id, field);
  if (team.archivedAt) throw badInput(field, 'archived', `team ${id} is archived`);
  return team;
}

function textList(values: string[] | null | undefined, field: string): string[] {
  return (values ?? []).map((value, index) => requireText(value, `${field}[${index}]`, 1000));
}

function unique(names: string[], field: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) throw badInput(field, 'unique', `"${name}" appears twice`);
    seen.add(key);
  }
}

function checkPeriod(start: string, end: string | null): void {
  if (end !== null && end < start) throw badInput('endDate', 'after-start', `${end} is before the start date ${start}`);
}

function checkReviewEvery(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 24)
    throw badInput('reviewEveryMonths', 'range', 'must be a whole number of months from 1 to 24');
  return value;
}

/** A decimal with at most four decimals, as an integer of ten-thousandths (for exact comparisons). */
function toScaled(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const scaled = BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0').slice(0, 4));
  return negative ? -scaled : scaled;
}

function checkKpiNumber(value: string, field: string): string {
  // Within ±100 billion, four decimals stay exact through requireDecimalInRange.
  return requireDecimalInRange(value, field, -1e11, 1e11, 4);
}

async function replaceSegments(em: EntityManager, strategy: Strategy, drafts: SegmentDraft[]): Promise<MarketSegment[]> {
  unique(
    drafts.map((d) => d.name.trim()),
    'segments',
  );
  return drafts.map((draft, i) =>
    em.create(MarketSegment, {
      strategy,
      name: requireText(draft.name, `segments[${i}].name`, 200),
      description: optionalText(draft.description, `segments[${i}].description`, 5000),
      marketSize: draft.marketSize == null ? null : formatMoney(parseMoney(draft.marketSize, `segments[${i}].marketSize`)),
      growthPercent:
        draft.growthPercent == null ? null : requireDecimalInRange(draft.growthPercent, `segments[${i}].growthPercent`, -100, 1000, 2),
    }),
  );
}

function replaceCompetitors(em: EntityManager, strategy: Strategy, drafts: CompetitorDraft[]): void {
  unique(
    drafts.map((d) => d.name.trim()),
    'competitors',
  );
  drafts.forEach((draft, i) =>
    em.create(Competitor, {
      strategy,
      name: requireText(draft.name, `competitors[${i}].name`, 200),
      strengths: textList(draft.strengths, `competitors[${i}].strengths`),
      weaknesses: textList(draft.weaknesses, `competitors[${i}].weaknesses`),
      marketSharePercent:
        draft.marketSharePercent == null
          ? null
          : requireDecimalInRange(draft.marketSharePercent, `competitors[${i}].marketSharePercent`, 0, 100, 2),
      notes: optionalText(draft.notes, `competitors[${i}].notes`, 5000),
    }),
  );
}

async function replacePropositions(
  em: EntityManager,
  strategy: Strategy,
  drafts: PropositionDraft[],
  segments: MarketSegment[],
): Promise<void> {
  for (const [i, draft] of drafts.entries()) {
    let segment: MarketSegment | null = null;
    if (draft.segmentName?.trim()) {
      segment = segments.find((s) => s.name.toLowerCase() === draft.segmentName!.trim().toLowerCase()) ?? null;
      if (!segment)
        throw badInput(`propositions[${i}].segmentName`, 'known-segment', `"${draft.segmentName}" is not one of the strategy's segments`);
    }
    em.create(SellingProposition, {
      strategy,
      statement: requireText(draft.statement, `propositions[${i}].statement`, 5000),
      segment,
      product: draft.productId ? await requireActiveProduct(em, draft.productId, `propositions[${i}].productId`) : null,
    });
  }
}

async function replaceChannels(em: EntityManager, strategy: Strategy, drafts: ChannelChoiceDraft[]): Promise<void> {
  const ids = drafts.map((d) => d.channelId);
  if (new Set(ids).size !== ids.length) throw badInput('channels', 'unique', 'a channel is chosen twice');
  for (const [i, draft] of drafts.entries()) {
    const priority = draft.priority ?? i + 1;
    if (!Number.isInteger(priority) || priority < 1 || priority > 100)
      throw badInput(`channels[${i}].priority`, 'range', 'must be from 1 to 100');
    em.create(StrategyChannel, {
      strategy,
      channel: await requireActiveChannel(em, draft.channelId, `channels[${i}].channelId`),
      priority,
      role: optionalText(draft.role, `channels[${i}].role`, 2000),
    });
  }
}

/** New KPIs are added, listed existing ones changed, unlisted existing ones archived (reviews keep them). */
async function applyKpis(em: EntityManager, strategy: Strategy, drafts: KpiDraft[], isNew: boolean): Promise<void> {
  const existing = isNew ? [] : await em.find(StrategyKpi, { strategy: strategy.id, archivedAt: null });
  const byId = new Map(existing.map((k) => [k.id, k]));
  unique(
    drafts.map((d) => d.name.trim()),
    'kpis',
  );
  const kept = new Set<number>();
  for (const [i, draft] of drafts.entries()) {
    const values = {
      name: requireText(draft.name, `kpis[${i}].name`, 200),
      unit: requireText(draft.unit, `kpis[${i}].unit`, 40),
      target: checkKpiNumber(draft.target, `kpis[${i}].target`),
      direction: draft.direction ?? KpiDirection.HIGHER_IS_BETTER,
    };
    if (draft.id) {
      const kpi = byId.get(draft.id);
      if (!kpi) throw badInput(`kpis[${i}].id`, 'kpi-of-strategy', `KPI ${draft.id} is not an active KPI of strategy ${strategy.id}`);
      Object.assign(kpi, values);
      kept.add(kpi.id);
    } else {
      em.create(StrategyKpi, { strategy, ...values });
    }
  }
  const now = new Date();
  for (const kpi of existing) if (!kept.has(kpi.id)) kpi.archivedAt = now;
}

export async function createStrategy(em: EntityManager, draft: StrategyDraft): Promise<Strategy> {
  const startDate = requireDate(draft.startDate, 'startDate');
  const endDate = draft.endDate == null ? null : requireDate(draft.endDate, 'endDate');
  checkPeriod(startDate, endDate);
  const strategy = em.create(Strategy, {
    name: requireText(draft.name, 'name', 200),
    description: optionalText(draft.description, 'description', 5000),
    team: draft.teamId ? await requireActiveTeam(em, draft.teamId, 'teamId') : null,
    owner: await requireSeller(em, draft.ownerId, 'ownerId'),
    status: draft.status ?? StrategyStatus.DRAFT,
    startDate,
    endDate,
    targetAudience: optionalText(draft.targetAudience, 'targetAudience', 5000),
    trends: textList(draft.trends, 'trends'),
    usp: requireText(draft.usp, 'usp', 5000),
    salesProcessNotes: optionalText(draft.salesProcessNotes, 'salesProcessNotes', 5000),
    reviewEveryMonths: checkReviewEvery(draft.reviewEveryMonths ?? 3),
  });
  const segments = await replaceSegments(em, strategy, draft.segments ?? []);
  replaceCompetitors(em, strategy, draft.competitors ?? []);
  await replacePropositions(em, strategy, draft.propositions ?? [], segments);
  await replaceChannels(em, strategy, draft.channels ?? []);
  await applyKpis(em, strategy, draft.kpis ?? [], true);
  await em.flush();
  return strategy;
}

/** Changes a strategy; a list given (segments, competitors, propositions, channels, KPIs) replaces the current one. */
export async function updateStrategy(em: EntityManager, id: number, patch: StrategyPatch): Promise<Strategy> {
  const strategy = await requireStrategy(em, id);
  if (strategy.status === StrategyStatus.ARCHIVED && patch.status !== StrategyStatus.ACTIVE && patch.status !== StrategyStatus.DRAFT) {
    throw conflict('archived', `strategy ${id} is archived; set its status back to DRAFT or ACTIVE to change it`, 'id');
  }
  if (patch.name != null) strategy.name = requireText(patch.name, 'name', 200);
  if (patch.description !== undefined) strategy.description = optionalText(patch.description, 'description', 5000);
  if (patch.ownerId != null) strategy.owner = await requireSeller(em, patch.ownerId, 'ownerId');
  if (patch.status != null) strategy.status = patch.status;
  if (patch.startDate != null) strategy.startDate = requireDate(patch.startDate, 'startDate');
  if (patch.endDate !== undefined) strategy.endDate = patch.endDate === null ? null : requireDate(patch.endDate, 'endDate');
  checkPeriod(strategy.startDate, strategy.endDate);
  if (patch.targetAudience !== undefined) strategy.targetAudience = optionalText(patch.targetAudience, 'targetAudience', 5000);
  if (patch.trends != null) strategy.trends = textList(patch.trends, 'trends');
  if (patch.usp != null) strategy.usp = requireText(patch.usp, 'usp', 5000);
  if (patch.salesProcessNotes !== undefined) strategy.salesProcessNotes = optionalText(patch.salesProcessNotes, 'salesProcessNotes', 5000);
  if (patch.reviewEveryMonths != null) strategy.reviewEveryMonths = checkReviewEvery(patch.reviewEveryMonths);
  let segments: MarketSegment[] | null = null;
  if (patch.segments != null) {
    await em.nativeDelete(SellingProposition, { strategy: id, segment: { $ne: null } });
    await em.nativeDelete(MarketSegment, { strategy: id });
    segments = await replaceSegments(em, strategy, patch.segments);
  }
  if (patch.competitors != null) {
    await em.nativeDelete(Competitor, { strategy: id });
    replaceCompetitors(em, strategy, patch.competitors);
  }
  if (patch.propositions != null) {
    await em.nativeDelete(SellingProposition, { strategy: id });
    segments ??= await em.find(MarketSegment, { strategy: id });
    await replacePropositions(em, strategy, patch.propositions, segments);
  }
  if (patch.channels != null) {
    await em.nativeDelete(StrategyChannel, { strategy: id });
    await replaceChannels(em, strategy, patch.channels);
  }
  if (patch.kpis != null) await applyKpis(em, strategy, patch.kpis, false);
  await em.flush();
  return strategy;
}

export interface ReviewDraft {
  reviewedOn?: string | null;
  summary: string;
  changes?: string[] | null;
  kpiValues: { kpiId: number; value: string }[];
}

/** Reviews an active strategy: a value for every active KPI (with its target then) and what changed. */
export async function reviewStrategy(
  em: EntityManager,
  strategyId: number,
  draft: ReviewDraft,
  actorId: number | null,
): Promise<StrategyReview> {
  const strategy = await requireStrategy(em, strategyId, 'strategyId');
  if (strategy.status !== StrategyStatus.ACTIVE)
    throw conflict(
      'strategy-not-active',
      `strategy ${strategyId} is ${strategy.status}; only an ACTIVE strategy is reviewed`,
      'strategyId',
    );
  const reviewedOn = draft.reviewedOn == null ? todayIso() : requireDate(draft.reviewedOn, 'reviewedOn');
  if (reviewedOn < strategy.startDate)
    throw badInput('reviewedOn', 'after-start', `${reviewedOn} is before the strategy started (${strategy.startDate})`);
  if (reviewedOn > todayIso()) throw badInput('reviewedOn', 'not-in-future', `${reviewedOn} is in the future`);
  const kpis = await em.find(StrategyKpi, { strategy: strategyId, archivedAt: null });
  const byId = new Map(kpis.map((k) => [k.id, k]));
  const given = new Set<number>();
  for (const [i, value] of draft.kpiValues.entries()) {
    if (!byId.has(value.kpiId))
      throw badInput(`kpiValues[${i}].kpiId`, 'kpi-of-strategy', `KPI ${value.kpiId} is not an active KPI of strategy ${strategyId}`);
    if (given.has(value.kpiId)) throw badInput(`kpiValues[${i}].kpiId`, 'unique', `KPI ${value.kpiId} has two values`);
    given.add(value.kpiId);
  }
  const missing = kpis.filter((k) => !given.has(k.id));
  if (missing.length)
    throw badInput(
      'kpiValues',
      'kpi-value-missing',
      `give a value for every KPI; missing: ${missing.map((k) => `${k.id} (${k.name})`).join(', ')}`,
    );
  const review = em.create(StrategyReview, {
    strategy,
    reviewedOn,
    reviewedById: actorId,
    summary: requireText(draft.summary, 'summary', 10000),
    changes: textList(draft.changes, 'changes'),
  });
  for (const [i, entry] of draft.kpiValues.entries()) {
    const kpi = byId.get(entry.kpiId)!;
    const value = checkKpiNumber(entry.value, `kpiValues[${i}].value`);
    const met =
      kpi.direction === KpiDirection.HIGHER_IS_BETTER ? toScaled(value) >= toScaled(kpi.target) : toScaled(value) <= toScaled(kpi.target);
    em.create(StrategyKpiValue, { review, kpi, value, target: kpi.target, met });
  }
  await em.flush();
  return review;
}

/** When the next review is due: the last review (or the start) plus the review interval. */
export function nextReviewDue(strategy: Strategy, lastReviewedOn: string | null): string {
  const base = new Date(`${lastReviewedOn ?? strategy.startDate}T00:00:00Z`);
  const day = base.getUTCDate();
  base.setUTCDate(1);
  base.setUTCMonth(base.getUTCMonth() + strategy.reviewEveryMonths);
  const lastDay = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + 1, 0)).getUTCDate();
  base.setUTCDate(Math.min(day, lastDay));
  return base.toISOString().slice(0, 10);
}
