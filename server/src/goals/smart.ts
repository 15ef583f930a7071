import { Field, ObjectType } from 'type-graphql';
import { OBJECTIVES, type OrganisationObjective } from '../org/objective.js';
import { formatFraction } from '../decimal.js';
import { GoalKind, GoalMetric, SmartCriterion } from './enums.js';
import type { PastPeriod } from './measures.js';
import type { Period } from './period.entity.js';

/** Rules of the SMART check (docs/domain.md §3); the same numbers are in the SmartCriterion descriptions and docs/goals.md. */
export const SMART_RULES = {
  statementMinLength: 10,
  statementMinWords: 3,
  statementMaxLength: 500,
  acceptanceCriteriaMinLength: 10,
  /** A target above this multiple of the owner's best past period is flagged as not achievable… */
  achievableFactor: { num: 3n, den: 2n },
  /** …except a WIN_RATE target, flagged when more than this many percentage points above the best… */
  winRateMaxPointsAbove: 20n,
  /** …among past periods with at least this many deals closed (a rate of one deal says little). */
  winRateMinClosedDeals: 3,
};

@ObjectType({ description: 'The verdict on one SMART criterion.' })
export class SmartCheck {
  @Field(() => SmartCriterion, { description: 'The criterion.' })
  criterion!: SmartCriterion;

  @Field(() => Boolean, { description: 'Whether the goal meets it.' })
  passed!: boolean;

  @Field(() => String, { description: 'Why it passes or fails, in plain words.' })
  reason!: string;

  /** Input field to name when a draft is refused for this criterion. */
  field?: string;
}

@ObjectType({ description: 'A goal checked against the five SMART criteria.' })
export class SmartAssessment {
  @Field(() => Boolean, { description: 'True when all five criteria pass.' })
  passed!: boolean;

  @Field(() => SmartCheck, { description: 'Specific: one owner and a clear statement.' })
  specific!: SmartCheck;

  @Field(() => SmartCheck, { description: 'Measurable: a metric and a positive target, or acceptance criteria.' })
  measurable!: SmartCheck;

  @Field(() => SmartCheck, { description: "Achievable: the target compared with the owner's best past period (flagged, never refused)." })
  achievable!: SmartCheck;

  @Field(() => SmartCheck, { description: 'Relevant: serves an organisation objective.' })
  relevant!: SmartCheck;

  @Field(() => SmartCheck, { description: 'Time-bound: has a period.' })
  timeBound!: SmartCheck;

  @Field(() => [SmartCheck], { description: 'The five checks in S, M, A, R, T order.' })
  checks!: SmartCheck[];
}

export const check = (criterion: SmartCriterion, passed: boolean, reason: string, field?: string): SmartCheck =>
  Object.assign(new SmartCheck(), { criterion, passed, reason, field });

export function assessment(checks: {
  specific: SmartCheck;
  measurable: SmartCheck;
  achievable: SmartCheck;
  relevant: SmartCheck;
  timeBound: SmartCheck;
}): SmartAssessment {
  const list = [checks.specific, checks.measurable, checks.achievable, checks.relevant, checks.timeBound];
  return Object.assign(new SmartAssessment(), { ...checks, checks: list, passed: list.every((c) => c.passed) });
}

/** What the four refusable checks look at. `targetHundredths` is the target × 100 (kopecks, hundredths of a count or percent). */
export interface GoalShape {
  ownerCount: number;
  ownerLabel: string | null;
  statement: string;
  kind: GoalKind;
  metric: GoalMetric | null;
  targetHundredths: bigint | null;
  acceptanceCriteria: string | null;
  objective: OrganisationObjective | null;
  period: Pick<Period, 'name' | 'startDate' | 'endDate'> | null;
}

export function checkSpecific(goal: GoalShape): SmartCheck {
  if (goal.ownerCount !== 1) return check(SmartCriterion.SPECIFIC, false, 'a goal has exactly one owner: a member or a team', 'memberId');
  const statement = goal.statement.trim();
  const words = statement.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (statement.length < SMART_RULES.statementMinLength || words < SMART_RULES.statementMinWords) {
    return check(
      SmartCriterion.SPECIFIC,
      false,
      `the statement "${statement}" is too vague: say what will be achieved in at least ${SMART_RULES.statementMinWords} words and ${SMART_RULES.statementMinLength} characters`,
      'statement',
    );
  }
  if (statement.length > SMART_RULES.statementMaxLength) {
    return check(
      SmartCriterion.SPECIFIC,
      false,
      `the statement is ${statement.length} characters; keep it to one clear sentence of at most ${SMART_RULES.statementMaxLength}`,
      'statement',
    );
  }
  return check(SmartCriterion.SPECIFIC, true, `one owner (${goal.ownerLabel}) and a clear statement`);
}

export function checkMeasurable(goal: GoalShape): SmartCheck {
  if (goal.kind === GoalKind.QUANTITATIVE) {
    if (!goal.metric) return check(SmartCriterion.MEASURABLE, false, 'a quantitative goal needs a metric', 'metric');
    if (goal.targetHundredths === null) return check(SmartCriterion.MEASURABLE, false, 'a quantitative goal needs a target', 'target');
    if (goal.targetHundredths <= 0n) return check(SmartCriterion.MEASURABLE, false, 'the target must be greater than zero', 'target');
    return check(
      SmartCriterion.MEASURABLE,
      true,
      `measured by ${goal.metric} against a target of ${formatTargetText(goal.metric, goal.targetHundredths)}`,
    );
  }
  const criteria = goal.acceptanceCriteria?.trim() ?? '';
  if (criteria.length < SMART_RULES.acceptanceCriteriaMinLength) {
    return check(
      SmartCriterion.MEASURABLE,
      false,
      `a qualitative goal needs acceptance criteria (at least ${SMART_RULES.acceptanceCriteriaMinLength} characters) saying how it will be judged`,
      'acceptanceCriteria',
    );
  }
  return check(SmartCriterion.MEASURABLE, true, 'judged against its acceptance criteria');
}

export function checkRelevant(goal: GoalShape): SmartCheck {
  const objective = OBJECTIVES.find((o) => o.code === goal.objective);
  if (!objective)
    return check(
      SmartCriterion.RELEVANT,
      false,
      `a goal must serve one of the organisation objectives: ${OBJECTIVES.map((o) => o.code).join(', ')}`,
      'objective',
    );
  return check(SmartCriterion.RELEVANT, true, `serves "${objective.nameEn}" (${objective.nameRu})`);
}

export function checkTimeBound(goal: GoalShape): SmartCheck {
  if (!goal.period) return check(SmartCriterion.TIME_BOUND, false, 'a goal needs a period (month, quarter or year)', 'periodId');
  return check(SmartCriterion.TIME_BOUND, true, `due within "${goal.period.name}" (${goal.period.startDate} – ${goal.period.endDate})`);
}

/** The checks that refuse a goal when they fail, in the order they are reported. */
export function refusableChecks(goal: GoalShape): SmartCheck[] {
  return [checkSpecific(goal), checkMeasurable(goal), checkRelevant(goal), checkTimeBound(goal)];
}

export function formatTargetText(metric: GoalMetric, hundredths: bigint): string {
  const text = formatFraction(hundredths, 100n, 2);
  if (metric === GoalMetric.WIN_RATE) return `${text}%`;
  if (metric === GoalMetric.REVENUE) return text;
  return formatFraction(hundredths, 100n, hundredths % 100n === 0n ? 0 : 2);
}

/** The value of a metric in one past period, in hundredths; null when it cannot be measured. */
function pastValue(metric: GoalMetric, period: PastPeriod): bigint | null {
  switch (metric) {
    case GoalMetric.REVENUE:
      return toHundredths(period.wonAmount);
    case GoalMetric.DEALS_WON:
      return BigInt(period.wonDeals) * 100n;
    case GoalMetric.WIN_RATE: {
      const closed = period.wonDeals + period.lostDeals;
      return closed < SMART_RULES.winRateMinClosedDeals
        ? null
        : (BigInt(period.wonDeals) * 20000n + BigInt(closed)) / (2n * BigInt(closed));
    }
    default:
      return null;
  }
}

function toHundredths(decimal: string): bigint {
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

/**
 * Achievable: compares the target with the owner's best past period of the same kind (periods that ended
 * before this one starts). More than 1.5 × the best is flagged (WIN_RATE: more than 20 points above the
 * best rate of a period with at least 3 closed deals). Qualitative goals, metrics without data and
 * owners without history pass, saying why.
 */
export function checkAchievable(goal: GoalShape, periodKindLabel: string, past: PastPeriod[]): SmartCheck {
  if (goal.kind === GoalKind.QUALITATIVE || !goal.metric || goal.targetHundredths === null) {
    return check(SmartCriterion.ACHIEVABLE, true, 'qualitative goal: achievability is judged by the manager, not computed');
  }
  const values = past
    .map((p) => ({ period: p, value: pastValue(goal.metric!, p) }))
    .filter((v): v is { period: PastPeriod; value: bigint } => v.value !== null && v.value > 0n);
  if (values.length === 0) {
    const why =
      goal.metric === GoalMetric.NEW_CUSTOMERS || goal.metric === GoalMetric.ACTIVITIES
        ? `${goal.metric} has no history to compare with yet`
        : `no past ${periodKindLabel} with results to compare with`;
    return check(SmartCriterion.ACHIEVABLE, true, `${why}; accepted without comparison`);
  }
  const best = values.reduce((a, b) => (b.value > a.value ? b : a));
  const { num, den } = SMART_RULES.achievableFactor;
  const bestText = formatTargetText(goal.metric, best.value);
  if (goal.metric === GoalMetric.WIN_RATE) {
    const limit = best.value + SMART_RULES.winRateMaxPointsAbove * 100n;
    const target = formatTargetText(goal.metric, goal.targetHundredths);
    const where = `the best past ${periodKindLabel} ("${best.period.name}": ${bestText})`;
    return goal.targetHundredths > limit
      ? check(
          SmartCriterion.ACHIEVABLE,
          false,
          `the target ${target} is more than ${SMART_RULES.winRateMaxPointsAbove} points above ${where}; unlikely to be achievable`,
          'target',
        )
      : check(SmartCriterion.ACHIEVABLE, true, `the target ${target} is within ${SMART_RULES.winRateMaxPointsAbove} points of ${where}`);
  }
  const multiple = formatFraction(goal.targetHundredths, best.value, 2);
  if (goal.targetHundredths * den > best.value * num) {
    return check(
      SmartCriterion.ACHIEVABLE,
      false,
      `the target ${formatTargetText(goal.metric, goal.targetHundredths)} is ${multiple}× the best past ${periodKindLabel} ("${best.period.name}": ${bestText}); more than 1.5× is unlikely to be achievable`,
      'target',
    );
  }
  return check(
    SmartCriterion.ACHIEVABLE,
    true,
    `the target is ${multiple}× the best past ${periodKindLabel} ("${best.period.name}": ${bestText})`,
  );
}
