import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, DomainError, notFound, type RuleCode } from '../errors.js';
import { parseMoney } from '../money.js';
import { Member } from '../org/member.entity.js';
import type { OrganisationObjective } from '../org/objective.js';
import type { Team } from '../org/team.entity.js';
import { optionalText } from '../validate.js';
import { parseScaled } from '../decimal.js';
import { GoalKind, GoalMetric, isCountMetric, OwnerKind, SmartCriterion } from './enums.js';
import { Goal } from './goal.entity.js';
import { pastPeriods } from './measures.js';
import { assertActiveOwner, ownerLabel, requireOwner, type Owner } from './owner.js';
import { Period } from './period.entity.js';
import { requirePeriod } from './period.service.js';
import type { Actor } from './quota.service.js';
import {
  assessment,
  check,
  checkAchievable,
  checkMeasurable,
  checkRelevant,
  checkSpecific,
  checkTimeBound,
  refusableChecks,
  type GoalShape,
  type SmartAssessment,
  type SmartCheck,
} from './smart.js';

export interface GoalDraft {
  kind: GoalKind;
  statement: string;
  memberId?: number | null;
  teamId?: number | null;
  periodId?: number | null;
  objective?: OrganisationObjective | null;
  metric?: GoalMetric | null;
  target?: string | null;
  acceptanceCriteria?: string | null;
}

/** Changes to a goal; omitted fields stay, null clears an optional one. Kind and owner do not change. */
export interface GoalPatch {
  expectedVersion: number;
  statement?: string | null;
  periodId?: number | null;
  objective?: OrganisationObjective | null;
  metric?: GoalMetric | null;
  target?: string | null;
  acceptanceCriteria?: string | null;
}

export const PERIOD_KIND_LABEL = { MONTH: 'month', QUARTER: 'quarter', YEAR: 'year' } as const;

/** A goal's target × 100: kopecks for REVENUE, hundredths of a percent for WIN_RATE, whole counts × 100 otherwise. */
export function parseGoalTarget(metric: GoalMetric, value: string, field = 'target'): bigint {
  if (metric === GoalMetric.REVENUE) return parseMoney(value, field);
  if (metric === GoalMetric.WIN_RATE) {
    const hundredths = parseScaled(value, field, 2);
    if (hundredths > 10000n) throw badInput(field, 'range', `a win rate is a percentage from 0 to 100, got "${value}"`);
    return hundredths;
  }
  const text = String(value).trim();
  if (text.startsWith('-')) throw badInput(field, 'non-negative', `must not be negative, got "${value}"`);
  const match = /^(\d{1,15})(?:\.0{1,2})?$/.exec(text);
  if (!match) throw badInput(field, 'whole-number', `${metric} is counted in whole numbers, got "${value}"`);
  return BigInt(match[1]) * 100n;
}

const hundredthsToDecimal = (value: bigint) => `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;

/** A target in hundredths as the API writes it: a count without decimals ("12"), money and WIN_RATE with two. */
export function goalTargetText(metric: GoalMetric, hundredths: bigint): string {
  return isCountMetric(metric) ? (hundredths / 100n).toString() : hundredthsToDecimal(hundredths);
}

function goalOwner(goal: Goal): Owner {
  return goal.member ? { kind: OwnerKind.MEMBER, member: goal.member as Member } : { kind: OwnerKind.TEAM, team: goal.team as Team };
}

/** The rule of each SMART criterion (goals/rules.ts). */
const SMART_RULE_CODES = {
  [SmartCriterion.SPECIFIC]: 'smart-specific',
  [SmartCriterion.MEASURABLE]: 'smart-measurable',
  [SmartCriterion.ACHIEVABLE]: 'smart-achievable',
  [SmartCriterion.RELEVANT]: 'smart-relevant',
  [SmartCriterion.TIME_BOUND]: 'smart-time-bound',
} as const satisfies Record<SmartCriterion, RuleCode>;

function refusal(check: SmartCheck): DomainError {
  const criterion = check.criterion;
  const word = criterion.toLowerCase().replace('_', '-');
  return new DomainError('BAD_USER_INPUT', `${check.field}: the goal is not ${word}: ${check.reason}`, {
    field: check.field,
    rule: SMART_RULE_CODES[criterion],
    criterion,
  });
}

function assertRefusable(shape: GoalShape): void {
  const failed = refusableChecks(shape).find((c) => !c.passed);
  if (failed) throw refusal(failed);
}

function shapeOf(
  goal: {
    kind: GoalKind;
    statement: string;
    metric: GoalMetric | null;
    target: bigint | null;
    acceptanceCriteria: string | null;
    objective: OrganisationObjective | null;
  },
  owner: Owner | null,
  period: Period | null,
): GoalShape {
  return {
    ownerCount: owner ? 1 : 0,
    ownerLabel: owner ? ownerLabel(owner) : null,
    statement: goal.statement,
    kind: goal.kind,
    metric: goal.metric,
    targetHundredths: goal.target,
    acceptanceCriteria: goal.acceptanceCriteria,
    objective: goal.objective,
    period,
  };
}

function checkKindFields(kind: GoalKind, metric: GoalMetric | null | undefined, target: string | null | undefined): void {
  if (kind === GoalKind.QUALITATIVE && (metric != null || target != null)) {
    throw badInput(
      metric != null ? 'metric' : 'target',
      'qualitative-no-metric',
      'a qualitative goal has no metric or target; use kind QUANTITATIVE',
    );
  }
}

export async function requireGoal(em: EntityManager, id: number, field = 'id', lock = false): Promise<Goal> {
  const goal = await em.findOne(Goal, id, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!goal) throw notFound('Goal', id, field);
  return goal;
}

/**
 * Resolves the owner of a draft for the write path: exactly one of memberId and teamId (else the goal is
 * not specific), existing (else NOT_FOUND) and active.
 */
export async function draftOwner(em: EntityManager, draft: Pick<GoalDraft, 'memberId' | 'teamId'>): Promise<Owner> {
  if ((draft.memberId == null) === (draft.teamId == null)) {
    throw refusal(check(SmartCriterion.SPECIFIC, false, 'a goal has exactly one owner: give memberId or teamId, not both', 'memberId'));
  }
  const owner = await requireOwner(em, draft.memberId, draft.teamId);
  assertActiveOwner(owner);
  return owner;
}

/**
 * createGoal: refuses a goal that is not specific, measurable, relevant or time-bound with a
 * BAD_USER_INPUT naming the criterion (`rule: smart-<criterion>`, `criterion`) and the field.
 * Achievability is only reported (Goal.smart), never refused.
 */
export async function createGoal(em: EntityManager, actor: Actor, draft: GoalDraft, owner?: Owner): Promise<Goal> {
  const resolvedOwner = owner ?? (await draftOwner(em, draft));
  checkKindFields(draft.kind, draft.metric, draft.target);
  const target =
    draft.kind === GoalKind.QUANTITATIVE && draft.metric && draft.target != null ? parseGoalTarget(draft.metric, draft.target) : null;
  const period = draft.periodId != null ? await requireGoalPeriod(em, draft.periodId) : null;
  const values = {
    kind: draft.kind,
    statement: draft.statement.trim(),
    metric: draft.kind === GoalKind.QUANTITATIVE ? (draft.metric ?? null) : null,
    target,
    acceptanceCriteria: optionalText(draft.acceptanceCriteria, 'acceptanceCriteria', 2000),
    objective: draft.objective ?? null,
  };
  assertRefusable(shapeOf(values, resolvedOwner, period));
  const goal = em.create(Goal, {
    ...values,
    target: target === null ? null : hundredthsToDecimal(target),
    objective: values.objective!,
    period: period!,
    ...(resolvedOwner.kind === OwnerKind.MEMBER ? { member: resolvedOwner.member } : { team: resolvedOwner.team }),
    createdBy: actor.memberId ? em.getReference(Member, actor.memberId) : null,
  });
  await em.flush();
  return goal;
}

/** A period that does not exist leaves a goal without a time frame: refused as not time-bound, as checkGoal reports it. */
async function requireGoalPeriod(em: EntityManager, id: number): Promise<Period> {
  const period = await em.findOne(Period, id);
  if (!period) throw refusal(check(SmartCriterion.TIME_BOUND, false, `period ${id} does not exist`, 'periodId'));
  return period;
}

/** updateGoal: applies the patch when `expectedVersion` matches, then re-checks the goal as createGoal does. */
export async function updateGoal(em: EntityManager, id: number, patch: GoalPatch): Promise<Goal> {
  const goal = await requireGoal(em, id, 'id', true);
  if (goal.archivedAt) throw conflict('archived', `goal ${id} is archived and cannot be changed`, 'id');
  if (goal.version !== patch.expectedVersion) {
    throw conflict(
      'stale-version',
      `goal ${id} is at version ${goal.version}, not ${patch.expectedVersion}: it changed since you read it`,
      'expectedVersion',
    );
  }
  const metric = patch.metric !== undefined ? patch.metric : goal.metric;
  const targetText = patch.target !== undefined ? patch.target : goal.target;
  if (patch.metric !== undefined || patch.target !== undefined) checkKindFields(goal.kind, patch.metric, patch.target);
  const target = goal.kind === GoalKind.QUANTITATIVE && metric && targetText != null ? parseGoalTarget(metric, targetText) : null;
  const period =
    patch.periodId !== undefined
      ? patch.periodId === null
        ? null
        : await requireGoalPeriod(em, patch.periodId)
      : await requirePeriod(em, goal.period.id);
  const values = {
    kind: goal.kind,
    statement: patch.statement !== undefined ? (patch.statement ?? '').trim() : goal.statement,
    metric: goal.kind === GoalKind.QUANTITATIVE ? (metric ?? null) : null,
    target,
    acceptanceCriteria:
      patch.acceptanceCriteria !== undefined ? optionalText(patch.acceptanceCriteria, 'acceptanceCriteria', 2000) : goal.acceptanceCriteria,
    objective: patch.objective !== undefined ? patch.objective : goal.objective,
  };
  const owner = goalOwner(goal);
  assertRefusable(shapeOf(values, owner, period));
  Object.assign(goal, {
    ...values,
    target: target === null ? null : hundredthsToDecimal(target),
    objective: values.objective!,
    period: period!,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof OptimisticLockError)
      throw conflict('stale-version', `goal ${id} changed at the same time; read it and try again`, 'expectedVersion');
    throw error;
  }
  return goal;
}

export async function archiveGoal(em: EntityManager, id: number): Promise<Goal> {
  const goal = await requireGoal(em, id, 'id', true);
  if (goal.archivedAt) return goal;
  goal.archivedAt = new Date();
  await em.flush();
  return goal;
}

/** The SMART assessment of a stored goal, given the owner's past periods of the goal's period kind. */
export function assessGoal(goal: Goal, owner: Owner, period: Period, past: Parameters<typeof checkAchievable>[2]): SmartAssessment {
  const shape = shapeOf(
    {
      kind: goal.kind,
      statement: goal.statement,
      metric: goal.metric,
      target: goal.metric && goal.target !== null ? parseGoalTarget(goal.metric, goal.target) : null,
      acceptanceCriteria: goal.acceptanceCriteria,
      objective: goal.objective,
    },
    owner,
    period,
  );
  return assessment({
    specific: checkSpecific(shape),
    measurable: checkMeasurable(shape),
    achievable: checkAchievable(shape, PERIOD_KIND_LABEL[period.kind], past),
    relevant: checkRelevant(shape),
    timeBound: checkTimeBound(shape),
  });
}

/**
 * checkGoal: the SMART assessment of a draft without saving it. Nothing is refused: an owner or period
 * that does not exist, or a malformed target, becomes a failed criterion with the reason.
 */
export async function assessDraft(em: EntityManager, draft: GoalDraft): Promise<SmartAssessment> {
  let owner: Owner | null = null;
  let ownerProblem: string | null = null;
  if ((draft.memberId == null) === (draft.teamId == null)) ownerProblem = 'a goal has exactly one owner: give memberId or teamId';
  else {
    try {
      owner = await requireOwner(em, draft.memberId, draft.teamId);
    } catch (error) {
      ownerProblem = error instanceof DomainError ? error.message : String(error);
    }
  }
  let period: Period | null = null;
  let periodProblem: string | null = null;
  if (draft.periodId != null) {
    period = await em.findOne(Period, draft.periodId);
    if (!period) periodProblem = `period ${draft.periodId} does not exist`;
  }
  let target: bigint | null = null;
  let targetProblem: string | null = null;
  if (draft.kind === GoalKind.QUANTITATIVE && draft.metric && draft.target != null) {
    try {
      target = parseGoalTarget(draft.metric, draft.target);
    } catch (error) {
      targetProblem = error instanceof DomainError ? error.message : String(error);
    }
  }
  const shape = shapeOf(
    {
      kind: draft.kind,
      statement: draft.statement,
      metric: draft.kind === GoalKind.QUANTITATIVE ? (draft.metric ?? null) : null,
      target,
      acceptanceCriteria: draft.acceptanceCriteria ?? null,
      objective: draft.objective ?? null,
    },
    owner,
    period,
  );
  const fail = (criterion: SmartCriterion, reason: string): SmartCheck => check(criterion, false, reason);
  const past =
    owner && period
      ? (
          await pastPeriods(em, [
            {
              ownerKind: owner.kind,
              ownerId: owner.kind === OwnerKind.MEMBER ? owner.member.id : owner.team.id,
              periodKind: period.kind,
              before: period.startDate,
            },
          ])
        )[0]
      : [];
  return assessment({
    specific: ownerProblem ? fail(SmartCriterion.SPECIFIC, ownerProblem) : checkSpecific(shape),
    measurable: targetProblem ? fail(SmartCriterion.MEASURABLE, targetProblem) : checkMeasurable(shape),
    achievable: checkAchievable(shape, period ? PERIOD_KIND_LABEL[period.kind] : 'period', past),
    relevant: checkRelevant(shape),
    timeBound: periodProblem ? fail(SmartCriterion.TIME_BOUND, periodProblem) : checkTimeBound(shape),
  });
}
