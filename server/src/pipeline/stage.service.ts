import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../errors.js';
import { requireDecimalInRange, requireText } from '../validate.js';
import { Deal } from './deal.entity.js';
import { DealStatus } from './enums.js';
import { SalesStage } from './stage.entity.js';

/**
 * The sales process (процесс продаж): active OPEN stages in order (positions 1..n), then the WON stage
 * (n+1) and the LOST stage (n+2). Stages can be added, renamed, reordered and retired; deals keep their
 * history because changes refer to stages by id and archived stages are never deleted.
 */

export async function requireStage(em: EntityManager, id: number, field = 'id'): Promise<SalesStage> {
  const stage = await em.findOne(SalesStage, id);
  if (!stage) throw notFound('SalesStage', id, field);
  return stage;
}

/** Active stages in process order: open stages first, then WON, then LOST. */
export async function activeStages(em: EntityManager): Promise<SalesStage[]> {
  return em.find(SalesStage, { archivedAt: null }, { orderBy: { position: 'asc', id: 'asc' } });
}

/** The active terminal stage for an outcome, which winDeal / loseDeal move deals into. */
export async function terminalStage(em: EntityManager, outcome: DealStatus.WON | DealStatus.LOST): Promise<SalesStage> {
  const stage = await em.findOne(SalesStage, { outcome, archivedAt: null });
  if (!stage) throw conflict('no-terminal-stage', `the sales process has no active ${outcome} stage; create one first`);
  return stage;
}

function checkCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9_]{0,59}$/.test(code))
    throw badInput('code', 'code', `"${value}" is not a stage code: letters, digits or "_", starting with a letter`);
  return code;
}

function checkProbability(value: string, outcome: DealStatus): string {
  const probability = requireDecimalInRange(value, 'probability', 0, 100, 2);
  if (outcome === DealStatus.WON && probability !== '100.00')
    throw badInput('probability', 'terminal-probability', 'the WON stage has probability 100');
  if (outcome === DealStatus.LOST && probability !== '0.00')
    throw badInput('probability', 'terminal-probability', 'the LOST stage has probability 0');
  return probability;
}

/** Gives active stages consecutive positions: open stages in the given order, then WON, then LOST. */
function renumber(openInOrder: SalesStage[], stages: SalesStage[]): void {
  openInOrder.forEach((stage, index) => (stage.position = index + 1));
  let next = openInOrder.length + 1;
  for (const outcome of [DealStatus.WON, DealStatus.LOST]) {
    for (const stage of stages.filter((s) => s.outcome === outcome)) stage.position = next++;
  }
}

export interface StageDraft {
  code: string;
  nameEn: string;
  nameRu: string;
  probability: string;
  outcome: DealStatus;
  /** For an open stage: its place among the open stages, 1 = first; default last. */
  position?: number | null;
}

export async function createSalesStage(em: EntityManager, draft: StageDraft): Promise<SalesStage> {
  const code = checkCode(draft.code);
  if (await em.findOne(SalesStage, { code })) throw conflict('unique-code', `a stage with code ${code} already exists`, 'code');
  const stages = await activeStages(em);
  const open = stages.filter((s) => s.outcome === DealStatus.OPEN);
  if (draft.outcome !== DealStatus.OPEN && stages.some((s) => s.outcome === draft.outcome)) {
    throw conflict('one-terminal-stage', `the process already has an active ${draft.outcome} stage`, 'outcome');
  }
  if (
    draft.position != null &&
    (draft.outcome !== DealStatus.OPEN || !Number.isInteger(draft.position) || draft.position < 1 || draft.position > open.length + 1)
  ) {
    throw badInput('position', 'range', `an open stage goes at a position from 1 to ${open.length + 1}; terminal stages always come last`);
  }
  const stage = em.create(SalesStage, {
    code,
    nameEn: requireText(draft.nameEn, 'nameEn', 120),
    nameRu: requireText(draft.nameRu, 'nameRu', 120),
    probability: checkProbability(draft.probability, draft.outcome),
    outcome: draft.outcome,
    position: 0,
  });
  if (draft.outcome === DealStatus.OPEN) open.splice((draft.position ?? open.length + 1) - 1, 0, stage);
  renumber(open, [...stages, stage]);
  await em.flush();
  if (draft.position != null) await recomputeFurthestStages(em);
  return stage;
}

export async function updateSalesStage(
  em: EntityManager,
  id: number,
  patch: { nameEn?: string | null; nameRu?: string | null; probability?: string | null },
): Promise<SalesStage> {
  const stage = await requireStage(em, id);
  if (stage.archivedAt) throw conflict('archived', `stage ${id} is archived and cannot be changed`, 'id');
  if (patch.nameEn != null) stage.nameEn = requireText(patch.nameEn, 'nameEn', 120);
  if (patch.nameRu != null) stage.nameRu = requireText(patch.nameRu, 'nameRu', 120);
  if (patch.probability != null) stage.probability = checkProbability(patch.probability, stage.outcome);
  await em.flush();
  return stage;
}

/** Puts the open stages in a new order: `openStageIds` lists every active open stage exactly once. */
export async function reorderSalesStages(em: EntityManager, openStageIds: number[]): Promise<SalesStage[]> {
  const stages = await activeStages(em);
  const open = stages.filter((s) => s.outcome === DealStatus.OPEN);
  const byId = new Map(open.map((s) => [s.id, s]));
  const unique = new Set(openStageIds);
  if (unique.size !== openStageIds.length || openStageIds.length !== open.length || !openStageIds.every((id) => byId.has(id))) {
    throw badInput('stageIds', 'all-open-stages', `list every active open stage exactly once: ${open.map((s) => s.id).join(', ')}`);
  }
  renumber(
    openStageIds.map((id) => byId.get(id)!),
    stages,
  );
  await em.flush();
  await recomputeFurthestStages(em);
  return activeStages(em);
}

/** Retires an open stage that no open deal is in; the history of deals that passed through it stays. */
export async function archiveSalesStage(em: EntityManager, id: number): Promise<SalesStage> {
  const stage = await requireStage(em, id);
  if (stage.archivedAt) return stage;
  if (stage.outcome !== DealStatus.OPEN)
    throw conflict('terminal-stage', `stage ${id} is the ${stage.outcome} stage; the process always keeps one`, 'id');
  const stages = await activeStages(em);
  const open = stages.filter((s) => s.outcome === DealStatus.OPEN && s.id !== id);
  if (open.length === 0) throw conflict('last-open-stage', `stage ${id} is the only open stage`, 'id');
  const inUse = await em.count(Deal, { stage: id, status: DealStatus.OPEN });
  if (inUse > 0) throw conflict('stage-in-use', `${inUse} open deals are in stage ${id}; move them first`, 'id');
  stage.archivedAt = new Date();
  renumber(
    open,
    stages.filter((s) => s.id !== id),
  );
  await em.flush();
  return stage;
}

/**
 * Positions changed: every deal's furthest open stage is derived again from its stage history, in one
 * statement (rare: only when the process is reordered).
 */
export async function recomputeFurthestStages(em: EntityManager): Promise<void> {
  await em.execute(
    `update deal d set furthest_stage_id = x.stage_id
       from (select distinct on (c.deal_id) c.deal_id, c.to_stage_id as stage_id
               from deal_stage_change c join sales_stage s on s.id = c.to_stage_id
              where s.outcome = 'OPEN'
              order by c.deal_id, s.position desc, c.id) x
      where x.deal_id = d.id and d.furthest_stage_id <> x.stage_id`,
    [],
    'run',
  );
}
