import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessRole } from '../access/viewer.js';
import { DomainError } from '../errors.js';
import { OrganisationObjective } from '../org/objective.js';
import { createTestOrg, insertDeals, insertStages, type TestOrg, type TestStages } from '../testing/goals-fixtures.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { buildAttainment } from './attainment.js';
import { GoalKind, GoalMetric, OwnerKind, QuotaMetric, SmartCriterion } from './enums.js';
import { Goal } from './goal.entity.js';
import { archiveGoal, assessDraft, assessGoal, createGoal, parseGoalTarget, updateGoal, type GoalDraft } from './goal.service.js';
import { measurePeriods, pastPeriods } from './measures.js';
import { Period } from './period.entity.js';
import { calendarPeriods } from './period.service.js';
import { buildProgress } from './progress.js';

let db: TestOrm;
let org: TestOrg;
let stages: TestStages;
const periods = new Map<string, Period>();
const manager = () => ({ role: AccessRole.MANAGER, memberId: org.members.get(org.root.id)![0].id });

beforeAll(async () => {
  db = await openTestOrm();
  await db.em().transactional(async (em) => {
    org = await createTestOrg(em);
    stages = await insertStages(em);
    for (const draft of [...calendarPeriods(2030), ...calendarPeriods(2031)])
      periods.set(`${draft.kind}:${draft.startDate}`, em.create(Period, draft));
  });
  // history of rep 1 of the first team: Q3 2030 won 1000.00, Q4 2030 won 2000.00 (best quarter) and lost one
  const team = org.children[0];
  const rep = org.members.get(team.id)![1];
  await insertDeals(db.em(), [
    { owner: rep, team, stageId: stages.won, status: 'WON', amount: '1000.00', expectedCloseDate: '2030-08-01', closeDate: '2030-08-01' },
    { owner: rep, team, stageId: stages.won, status: 'WON', amount: '1200.00', expectedCloseDate: '2030-11-01', closeDate: '2030-11-01' },
    { owner: rep, team, stageId: stages.won, status: 'WON', amount: '800.00', expectedCloseDate: '2030-12-31', closeDate: '2030-12-31' },
    { owner: rep, team, stageId: stages.lost, status: 'LOST', amount: '500.00', expectedCloseDate: '2030-12-01', closeDate: '2030-12-01' },
    // this quarter so far: one won, one lost
    { owner: rep, team, stageId: stages.won, status: 'WON', amount: '750.00', expectedCloseDate: '2031-01-20', closeDate: '2031-01-20' },
    { owner: rep, team, stageId: stages.lost, status: 'LOST', amount: '100.00', expectedCloseDate: '2031-02-02', closeDate: '2031-02-02' },
  ]);
});
afterAll(() => db?.close());

const q1 = () => periods.get('QUARTER:2031-01-01')!;
const rep = () => org.members.get(org.children[0].id)![1];

const revenueGoal = (extra: Partial<GoalDraft> = {}): GoalDraft => ({
  kind: GoalKind.QUANTITATIVE,
  statement: 'Выполнить квартальный план по выручке в своём регионе',
  memberId: rep().id,
  periodId: q1().id,
  objective: OrganisationObjective.SALES_GROWTH,
  metric: GoalMetric.REVENUE,
  target: '3000.00',
  ...extra,
});

async function rejected(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have been refused').toBeInstanceOf(DomainError);
  return error as DomainError;
}

const create = (draft: GoalDraft) => db.em().transactional((em) => createGoal(em, manager(), draft));

async function smartOf(goal: Goal) {
  const em = db.em();
  const period = await em.findOneOrFail(Period, goal.period.id);
  const member = [...org.members.values()].flat().find((m) => m.id === goal.member!.id)!;
  const owner = { kind: OwnerKind.MEMBER as const, member };
  const [past] = await pastPeriods(em, [
    { ownerKind: OwnerKind.MEMBER, ownerId: member.id, periodKind: period.kind, before: period.startDate },
  ]);
  return assessGoal(goal, owner, period, past);
}

describe('SMART goals', () => {
  it('refuses a goal that is not specific, measurable, relevant or time-bound, naming the criterion and field, and writes nothing', async () => {
    const before = await db.em().count(Goal, {});
    const cases: [Partial<GoalDraft>, SmartCriterion, string][] = [
      [{ statement: 'Больше продаж' }, SmartCriterion.SPECIFIC, 'statement'],
      [{ teamId: org.children[0].id }, SmartCriterion.SPECIFIC, 'memberId'],
      [{ memberId: null }, SmartCriterion.SPECIFIC, 'memberId'],
      [{ target: null }, SmartCriterion.MEASURABLE, 'target'],
      [{ metric: null }, SmartCriterion.MEASURABLE, 'metric'],
      [{ target: '0' }, SmartCriterion.MEASURABLE, 'target'],
      [
        { kind: GoalKind.QUALITATIVE, metric: null, target: null, acceptanceCriteria: 'ок' },
        SmartCriterion.MEASURABLE,
        'acceptanceCriteria',
      ],
      [{ objective: null }, SmartCriterion.RELEVANT, 'objective'],
      [{ periodId: null }, SmartCriterion.TIME_BOUND, 'periodId'],
    ];
    for (const [extra, criterion, field] of cases) {
      const error = await rejected(create(revenueGoal(extra)));
      expect(error.code, error.message).toBe('BAD_USER_INPUT');
      expect(error.details, error.message).toMatchObject({ criterion, field, rule: `smart-${criterion.toLowerCase().replace('_', '-')}` });
      expect(error.message).toContain(`not ${criterion.toLowerCase().replace('_', '-')}`);
    }
    expect(await rejected(create(revenueGoal({ periodId: 999_999 })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'periodId', criterion: SmartCriterion.TIME_BOUND, rule: 'smart-time-bound' },
    });
    expect((await rejected(create(revenueGoal({ target: '-10' })))).details).toMatchObject({ field: 'target', rule: 'non-negative' });
    expect((await rejected(create(revenueGoal({ metric: GoalMetric.WIN_RATE, target: '120' })))).details).toMatchObject({
      field: 'target',
      rule: 'range',
    });
    expect(
      (await rejected(create(revenueGoal({ kind: GoalKind.QUALITATIVE, acceptanceCriteria: 'Проверено руководителем' })))).details,
    ).toMatchObject({
      rule: 'qualitative-no-metric',
    });
    expect(await db.em().count(Goal, {})).toBe(before);
  });

  it('flags a target far above the best past period as not achievable, without refusing it', async () => {
    // best past quarter: Q4 2030 with 2000.00; 1.5 × 2000 = 3000 passes, 3000.01 is flagged
    const fine = await create(revenueGoal({ target: '3000.00' }));
    const smart = await smartOf(fine);
    expect(smart.passed).toBe(true);
    expect(smart.achievable).toMatchObject({ criterion: SmartCriterion.ACHIEVABLE, passed: true });
    expect(smart.achievable.reason).toContain('IV квартал 2030');
    const far = await create(revenueGoal({ target: '3000.01' }));
    const flagged = await smartOf(far);
    expect(flagged.passed).toBe(false);
    expect(flagged.achievable.passed).toBe(false);
    expect(flagged.achievable.reason).toMatch(/1\.50× the best past quarter \("IV квартал 2030": 2000\.00\)/);
    expect(flagged.checks.map((c) => [c.criterion, c.passed])).toEqual([
      [SmartCriterion.SPECIFIC, true],
      [SmartCriterion.MEASURABLE, true],
      [SmartCriterion.ACHIEVABLE, false],
      [SmartCriterion.RELEVANT, true],
      [SmartCriterion.TIME_BOUND, true],
    ]);
    // win rate: Q3 2030 (1 of 1) has too few closed deals; Q4 2030 won 2 of 3 = 66.67%; + 20 points = 86.67
    const winRate = await create(revenueGoal({ metric: GoalMetric.WIN_RATE, target: '86.67' }));
    expect((await smartOf(winRate)).achievable).toMatchObject({ passed: true, reason: expect.stringContaining('66.67%') });
    const dream = await create(revenueGoal({ metric: GoalMetric.WIN_RATE, target: '86.68' }));
    expect((await smartOf(dream)).achievable).toMatchObject({
      passed: false,
      reason: expect.stringContaining('more than 20 points above'),
    });
    // a member without history passes, saying why
    const newcomer = await create(revenueGoal({ memberId: org.members.get(org.children[1].id)![1].id, target: '99999999.00' }));
    expect((await smartOf(newcomer)).achievable).toMatchObject({
      passed: true,
      reason: 'no past quarter with results to compare with; accepted without comparison',
    });
  });

  it('measures progress of quantitative goals from the same data as attainment', async () => {
    const [measures] = await measurePeriods(db.em(), [{ ownerKind: OwnerKind.MEMBER, ownerId: rep().id, periodId: q1().id }]);
    const attainment = buildAttainment(OwnerKind.MEMBER, rep().id, measures!, '2031-02-14');
    const revenue = buildProgress(GoalMetric.REVENUE, parseGoalTarget(GoalMetric.REVENUE, '3000.00'), measures!, '2031-02-14');
    expect(revenue).toMatchObject({
      current: attainment.achieved,
      target: '3000.00',
      ratio: '0.2500',
      remaining: '2250.00',
      elapsedShare: '0.5000',
      expected: '1500.00',
    });
    const deals = buildProgress(GoalMetric.DEALS_WON, parseGoalTarget(GoalMetric.DEALS_WON, '4'), measures!, '2031-02-14');
    expect(deals).toMatchObject({ current: '1', target: '4', remaining: '3', ratio: '0.2500', expected: '2.00' });
    const winRate = buildProgress(GoalMetric.WIN_RATE, parseGoalTarget(GoalMetric.WIN_RATE, '40'), measures!, '2031-02-14');
    expect(winRate).toMatchObject({ current: '50.00', ratio: '1.2500', remaining: '0.00', expected: null });
    // the rep logged no interaction: ACTIVITIES is measured (0), not unknown
    const [activities] = await measurePeriods(db.em(), [
      { ownerKind: OwnerKind.MEMBER, ownerId: rep().id, periodId: q1().id, metric: QuotaMetric.ACTIVITIES },
    ]);
    const calls = buildProgress(GoalMetric.ACTIVITIES, parseGoalTarget(GoalMetric.ACTIVITIES, '300'), activities!, '2031-02-14');
    expect(calls).toMatchObject({ current: '0', ratio: '0.0000', remaining: '300', target: '300', expected: '150.00' });
  });

  it('assesses a draft without saving it, reporting every failed criterion', async () => {
    const before = await db.em().count(Goal, {});
    const smart = await assessDraft(db.em(), { kind: GoalKind.QUALITATIVE, statement: 'Учиться', memberId: 999_999, periodId: 999_999 });
    expect(smart.checks.map((c) => [c.criterion, c.passed])).toEqual([
      [SmartCriterion.SPECIFIC, false],
      [SmartCriterion.MEASURABLE, false],
      [SmartCriterion.ACHIEVABLE, true],
      [SmartCriterion.RELEVANT, false],
      [SmartCriterion.TIME_BOUND, false],
    ]);
    expect(smart.specific.reason).toContain('Member 999999 does not exist');
    expect(smart.timeBound.reason).toContain('period 999999 does not exist');
    expect(await db.em().count(Goal, {})).toBe(before);
  });

  it('changes a goal only at the version read, re-checks it, and archives it', async () => {
    const goal = await create(revenueGoal({ target: '2500.00' }));
    const updated = await db.em().transactional((em) => updateGoal(em, goal.id, { expectedVersion: goal.version, target: '2600.00' }));
    expect(updated).toMatchObject({ target: '2600.00', version: goal.version + 1 });
    const stale = await rejected(
      db.em().transactional((em) => updateGoal(em, goal.id, { expectedVersion: goal.version, target: '2700.00' })),
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { field: 'expectedVersion' } });
    const vague = await rejected(
      db.em().transactional((em) => updateGoal(em, goal.id, { expectedVersion: updated.version, objective: null })),
    );
    expect(vague.details).toMatchObject({ criterion: SmartCriterion.RELEVANT });
    const archived = await db.em().transactional((em) => archiveGoal(em, goal.id));
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(
      await rejected(db.em().transactional((em) => updateGoal(em, goal.id, { expectedVersion: archived.version, target: '1.00' }))),
    ).toMatchObject({
      code: 'CONFLICT',
      details: { rule: 'archived' },
    });
  });

  it('accepts team goals and qualitative goals', async () => {
    const teamGoal = await create(revenueGoal({ memberId: null, teamId: org.root.id, target: '100000.00' }));
    expect(teamGoal.team?.id).toBe(org.root.id);
    const qualitative = await create({
      kind: GoalKind.QUALITATIVE,
      statement: 'Провести обучение команды по новой линейке продуктов',
      acceptanceCriteria: 'Все специалисты сдали тест не ниже 80 баллов',
      memberId: rep().id,
      periodId: q1().id,
      objective: OrganisationObjective.COMPETITIVE_ADVANTAGE,
    });
    const smart = await smartOf(qualitative);
    expect(smart.passed).toBe(true);
    expect(smart.achievable.reason).toContain('qualitative');
  });
});
