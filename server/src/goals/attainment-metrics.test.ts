import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessRole } from '../access/viewer.js';
import { runInRequestScope, type RequestScope } from '../request-scope.js';
import { createTestOrg, insertDeals, insertStages, type TestDeal, type TestOrg, type TestStages } from '../testing/goals-fixtures.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { buildAttainment } from './attainment.js';
import { GoalMetric, OwnerKind, QuotaMetric } from './enums.js';
import { parseGoalTarget } from './goal.service.js';
import { measurePeriods, type MeasureKey } from './measures.js';
import { Period } from './period.entity.js';
import { calendarPeriods } from './period.service.js';
import { buildProgress } from './progress.js';
import type { Owner } from './owner.js';
import { setQuota } from './quota.service.js';

let db: TestOrm;
let org: TestOrg;
let stages: TestStages;
let q1: Period;
const admin = { role: AccessRole.ADMIN, memberId: null };
// Q1 2031 has 64 working days (no 2031 holidays in the test calendar: Monday–Friday); 32 are completed
// before 14 February: pace = quota × 32/64
const AS_OF = '2031-02-14';

const first = () => org.children[0];
const second = () => org.children[1];
/** A: rep of the first team; B: rep of its sub-team; C: rep of the second team. */
const a = () => org.members.get(first().id)![1];
const b = () => org.members.get(org.grandchild.id)![1];
const c = () => org.members.get(second().id)![1];

/**
 * Deals of five customers (each insertDeals call is one customer) and interactions around Q1 2031:
 * - X: A won 100.00 on 2030-12-20 (before Q1: X's first won deal), A won 200.00 on 2031-01-10 (not new);
 * - Y: A won 300.00 on 2031-01-15 (new for A / first), B won 400.00 on 2031-02-01 (not new);
 * - Z: B won 500.00 on 2031-03-31 (new for B / grandchild), B lost 50.00 on 2031-02-02;
 * - W: C won 600.00 and B won 700.00 on the same day 2031-02-10: the lower id (C's) is W's first;
 * - V: A won 900.00 on 2031-03-01 credited to the second team (new for A and for the second team), A won 800.00 after Q1;
 * - open: A 1000.00 at 70 % and 10.00 at 40 % in Q1, B 40.00 at 39.99 % in Q1; A 20.00 and 30.00 expected before Q1 (slipped).
 */
beforeAll(async () => {
  db = await openTestOrm();
  await db.em().transactional(async (em) => {
    org = await createTestOrg(em, 2);
    stages = await insertStages(em);
    for (const draft of calendarPeriods(2031)) {
      const period = em.create(Period, draft);
      if (draft.kind === 'QUARTER' && draft.startDate === '2031-01-01') q1 = period;
    }
  });
  const em = db.em();
  const won = (owner: TestDeal['owner'], team: TestDeal['team'], amount: string, closeDate: string): TestDeal => ({
    owner,
    team,
    stageId: stages.won,
    status: 'WON',
    amount,
    expectedCloseDate: closeDate,
    closeDate,
  });
  const open = (stageId: number, amount: string, expectedCloseDate: string, owner = a(), team = first()): TestDeal => ({
    owner,
    team,
    stageId,
    status: 'OPEN',
    amount,
    expectedCloseDate,
  });
  const [gc, sc] = [org.grandchild, second()];
  await insertDeals(em, [won(a(), first(), '100.00', '2030-12-20'), won(a(), first(), '200.00', '2031-01-10')]);
  await insertDeals(em, [won(a(), first(), '300.00', '2031-01-15'), won(b(), gc, '400.00', '2031-02-01')]);
  await insertDeals(em, [
    won(b(), gc, '500.00', '2031-03-31'),
    {
      owner: b(),
      team: gc,
      stageId: stages.lost,
      status: 'LOST',
      amount: '50.00',
      expectedCloseDate: '2031-02-02',
      closeDate: '2031-02-02',
    },
  ]);
  await insertDeals(em, [won(c(), sc, '600.00', '2031-02-10'), won(b(), gc, '700.00', '2031-02-10')]);
  await insertDeals(em, [won(a(), sc, '900.00', '2031-03-01'), won(a(), first(), '800.00', '2031-04-01')]);
  await insertDeals(em, [
    open(stages.open.p70, '1000.00', '2031-03-01'),
    open(stages.open.p40, '10.00', '2031-02-20'),
    open(stages.open.p3999, '40.00', '2031-01-31', b(), gc),
    open(stages.open.p10, '20.00', '2030-12-15'),
    open(stages.open.p90, '30.00', '2030-11-01'),
  ]);
  // Interactions, by UTC instant: A 3 in Q1 (first and last instants included), B 2, C 1.
  const [{ id: customerId }] = await em.execute<{ id: number }[]>('select min(id) as id from customer');
  const logged: [number, string][] = [
    [a().id, '2030-12-31T23:59:59Z'],
    [a().id, '2031-01-01T00:00:00Z'],
    [a().id, '2031-02-14T12:00:00Z'],
    [a().id, '2031-03-31T23:59:59Z'],
    [a().id, '2031-04-01T00:00:00Z'],
    [b().id, '2031-01-20T09:00:00Z'],
    [b().id, '2031-03-15T09:00:00Z'],
    [c().id, '2031-02-01T09:00:00Z'],
  ];
  await em.execute(
    `insert into interaction (kind, customer_id, member_id, occurred_at, subject) values ${logged.map(() => `('CALL', ?, ?, ?, 'Звонок')`).join(', ')}`,
    logged.flatMap(([memberId, at]) => [customerId, memberId, at]),
  );
  const quotas: [OwnerKind, QuotaMetric, string][] = [
    [OwnerKind.MEMBER, QuotaMetric.REVENUE, '2800.00'],
    [OwnerKind.MEMBER, QuotaMetric.DEALS_WON, '6'],
    [OwnerKind.MEMBER, QuotaMetric.NEW_CUSTOMERS, '5'],
    [OwnerKind.MEMBER, QuotaMetric.ACTIVITIES, '12'],
    [OwnerKind.TEAM, QuotaMetric.REVENUE, '2000.00'],
    [OwnerKind.TEAM, QuotaMetric.DEALS_WON, '8'],
    [OwnerKind.TEAM, QuotaMetric.NEW_CUSTOMERS, '2'],
    [OwnerKind.TEAM, QuotaMetric.ACTIVITIES, '20'],
  ];
  await db.em().transactional(async (tx) => {
    for (const [kind, metric, target] of quotas) {
      const owner = kind === OwnerKind.MEMBER ? { kind, member: a() } : { kind, team: first() };
      await setQuota(tx, admin, { owner: owner as Owner, periodId: q1.id, metric, target });
    }
  });
});
afterAll(() => db?.close());

const METRICS = [QuotaMetric.REVENUE, QuotaMetric.DEALS_WON, QuotaMetric.NEW_CUSTOMERS, QuotaMetric.ACTIVITIES];

async function attainmentsOf(ownerKind: OwnerKind, ownerId: number, asOf = AS_OF) {
  const measures = await measurePeriods(
    db.em(),
    METRICS.map((metric) => ({ ownerKind, ownerId, periodId: q1.id, metric })),
  );
  return measures.map((m) => buildAttainment(ownerKind, ownerId, m!, asOf));
}

describe('attainment of every quota metric, computed by hand', () => {
  it('measures a member: revenue, deals won, first-time customers and interactions against the quota of each metric', async () => {
    const [revenue, deals, customers, activities] = await attainmentsOf(OwnerKind.MEMBER, a().id);
    // won in Q1 by A: 200 + 300 + 900 (credited to another team: a member counts the deals they own)
    expect(revenue).toMatchObject({ metric: 'REVENUE', quota: '2800.00', achieved: '1400.00', ratio: '0.5000', remaining: '1400.00' });
    expect(revenue).toMatchObject({ pace: '1400.00', paceRatio: '1.0000', wonDeals: 3, lostDeals: 0 });
    // weighted = 1000 × 0.70 + 10 × 0.40 = 704; slipped = 20 + 30, expected before Q1 and still open
    expect(revenue.forecast).toEqual(
      expect.objectContaining({ closed: '1400.00', commit: '1000.00', bestCase: '10.00', pipeline: '0.00', weighted: '704.00' }),
    );
    expect(revenue.forecast).toMatchObject({ expected: '2104.00', openDeals: 2, slipped: '50.00', slippedDeals: 2 });
    expect(deals).toMatchObject({ metric: 'DEALS_WON', quota: '6', achieved: '3', ratio: '0.5000', remaining: '3', pace: '3.00' });
    // counts of the same deals; weighted = 0.70 + 0.40 expected deals
    expect(deals.forecast).toMatchObject({ closed: '3', commit: '1', bestCase: '1', pipeline: '0', weighted: '1.10', expected: '4.10' });
    expect(deals.forecast).toMatchObject({ slipped: '2', slippedDeals: 2 });
    // Y (first won 2031-01-15) and V are new; X was first won in December
    expect(customers).toMatchObject({ quota: '5', achieved: '2', ratio: '0.4000', remaining: '3', pace: '2.50', paceRatio: '0.8000' });
    expect(customers.forecast).toBeNull();
    // 1 January 00:00, 14 February and 31 March 23:59:59 UTC; not 31 December nor 1 April
    expect(activities).toMatchObject({ quota: '12', achieved: '3', ratio: '0.2500', remaining: '9', pace: '6.00', paceRatio: '0.5000' });
    expect(activities).toMatchObject({ wonDeals: 3, forecast: null });
  });

  it('rolls a team up over its subtree: deals credited to it, customers first won by them, interactions of its members', async () => {
    const [revenue, deals, customers, activities] = await attainmentsOf(OwnerKind.TEAM, first().id);
    // credited to the first team or its sub-team in Q1: 200 + 300 + 400 + 500 + 700 (not A's 900 credited elsewhere)
    expect(revenue).toMatchObject({ quota: '2000.00', achieved: '2100.00', ratio: '1.0500', remaining: '0.00', wonDeals: 5, lostDeals: 1 });
    // weighted = 700 + 4 + 40 × 0.3999 = 719.996 → 720.00
    expect(revenue.forecast).toMatchObject({
      commit: '1000.00',
      bestCase: '10.00',
      pipeline: '40.00',
      weighted: '720.00',
      expected: '2820.00',
    });
    expect(deals).toMatchObject({ quota: '8', achieved: '5', ratio: '0.6250', remaining: '3', pace: '4.00', paceRatio: '1.2500' });
    // 0.70 + 0.40 + 0.3999 = 1.4999 → 1.50 expected deals
    expect(deals.forecast).toMatchObject({ closed: '5', commit: '1', bestCase: '1', pipeline: '1', weighted: '1.50', expected: '6.50' });
    // Y (A) and Z (B); W's first won deal is C's, on the same day with a lower id
    expect(customers).toMatchObject({ quota: '2', achieved: '2', ratio: '1.0000', remaining: '0', pace: '1.00', paceRatio: '2.0000' });
    // A's 3 and B's 2
    expect(activities).toMatchObject({ quota: '20', achieved: '5', ratio: '0.2500', remaining: '15', pace: '10.00' });

    const [rootRevenue, rootDeals, rootCustomers, rootActivities] = await attainmentsOf(OwnerKind.TEAM, org.root.id);
    expect([rootRevenue.achieved, rootDeals.achieved, rootCustomers.achieved, rootActivities.achieved]).toEqual(['3600.00', '7', '4', '6']);
    expect(rootDeals).toMatchObject({ quota: null, ratio: null, remaining: null, pace: null });
    const [, , secondCustomers, secondActivities] = await attainmentsOf(OwnerKind.TEAM, second().id);
    expect([secondCustomers.achieved, secondActivities.achieved]).toEqual(['2', '1']);
    const [, , bCustomers] = await attainmentsOf(OwnerKind.MEMBER, b().id);
    expect(bCustomers.achieved).toBe('1');
  });

  it('reports slipped deals only for the period that contains asOf', async () => {
    const [after] = await attainmentsOf(OwnerKind.MEMBER, a().id, '2031-04-10');
    expect(after.forecast).toMatchObject({ slipped: '0.00', slippedDeals: 0, commit: '1000.00' });
    const [before, deals] = await attainmentsOf(OwnerKind.MEMBER, a().id, '2030-12-31');
    expect(before.forecast).toMatchObject({ slipped: '0.00', slippedDeals: 0 });
    expect(deals.forecast).toMatchObject({ slipped: '0', slippedDeals: 0 });
    const [first] = await attainmentsOf(OwnerKind.MEMBER, a().id, '2031-01-01');
    expect(first.forecast).toMatchObject({ slipped: '50.00', slippedDeals: 2 });
  });

  it('measures any mix of metrics, owners and periods in one SQL statement', async () => {
    const keys: MeasureKey[] = [first(), second(), org.root].flatMap((team) =>
      METRICS.map((metric) => ({ ownerKind: OwnerKind.TEAM, ownerId: team.id, periodId: q1.id, metric })),
    );
    keys.push(...[a(), b(), c()].map((m, i) => ({ ownerKind: OwnerKind.MEMBER, ownerId: m.id, periodId: q1.id, metric: METRICS[i + 1] })));
    keys.push({ ownerKind: OwnerKind.MEMBER, ownerId: a().id, periodId: q1.id });
    const scope: RequestScope = { requestId: 'test', sqlStatements: 0 };
    const measures = await runInRequestScope(scope, () => measurePeriods(db.em(), keys));
    expect(scope.sqlStatements).toBe(1);
    expect(measures.map((m) => m!.metric)).toEqual(keys.map((k) => k.metric ?? QuotaMetric.REVENUE));
    // only the keys of a count metric carry its count
    expect(measures.slice(0, 4).map((m) => [m!.newCustomers, m!.activities])).toEqual([
      [null, null],
      [null, null],
      [2, null],
      [null, 5],
    ]);
    expect(measures.slice(-4).map((m) => buildAttainment(OwnerKind.MEMBER, 0, m!, AS_OF).achieved)).toEqual(['3', '1', '1', '1400.00']);
  });
});

describe('goal progress of NEW_CUSTOMERS and ACTIVITIES', () => {
  it('measures them as attainment does', async () => {
    const [, , customers, activities] = await measurePeriods(
      db.em(),
      METRICS.map((metric) => ({ ownerKind: OwnerKind.MEMBER, ownerId: a().id, periodId: q1.id, metric })),
    );
    const progress = (metric: GoalMetric, target: string, m: typeof customers) =>
      buildProgress(metric, parseGoalTarget(metric, target), m!, AS_OF);
    expect(progress(GoalMetric.NEW_CUSTOMERS, '5', customers)).toMatchObject({
      current: '2',
      target: '5',
      ratio: '0.4000',
      remaining: '3',
      expected: '2.50',
      measuredFrom: expect.stringContaining('first won deal'),
    });
    expect(progress(GoalMetric.ACTIVITIES, '4', activities)).toMatchObject({
      current: '3',
      target: '4',
      ratio: '0.7500',
      remaining: '1',
      expected: '2.00',
      measuredFrom: expect.stringContaining('interactions'),
    });
    const [team] = await measurePeriods(db.em(), [
      { ownerKind: OwnerKind.TEAM, ownerId: first().id, periodId: q1.id, metric: QuotaMetric.ACTIVITIES },
    ]);
    expect(progress(GoalMetric.ACTIVITIES, '4', team)).toMatchObject({ current: '5', ratio: '1.2500', remaining: '0' });
  });
});
