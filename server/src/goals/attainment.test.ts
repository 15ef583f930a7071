import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessRole } from '../access/viewer.js';
import { Random } from '../seeders/random.js';
import { formatMoney, normaliseMoney, toKopecks } from '../money.js';
import { runInRequestScope, type RequestScope } from '../request-scope.js';
import { createTestOrg, insertDeals, insertStages, type TestDeal, type TestOrg, type TestStages } from '../testing/goals-fixtures.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { buildAttainment } from './attainment.js';
import { OwnerKind, QuotaMetric } from './enums.js';
import { measurePeriods, type MeasureKey } from './measures.js';
import { Period } from './period.entity.js';
import { calendarPeriods } from './period.service.js';
import { setQuota } from './quota.service.js';

let db: TestOrm;
let org: TestOrg;
let stages: TestStages;
const periods = new Map<string, Period>();
const admin = { role: AccessRole.ADMIN, memberId: null };

beforeAll(async () => {
  db = await openTestOrm();
  await db.em().transactional(async (em) => {
    org = await createTestOrg(em, 4);
    stages = await insertStages(em);
    for (const draft of [...calendarPeriods(2030), ...calendarPeriods(2031)]) {
      periods.set(`${draft.kind}:${draft.startDate}`, em.create(Period, draft));
    }
  });
});
afterAll(() => db?.close());

const q1 = () => periods.get('QUARTER:2031-01-01')!;
const teams = () => [org.root, ...org.children, org.grandchild];
const allMembers = () => teams().flatMap((t) => org.members.get(t.id)!);

/** Runs `fn` counting the SQL statements it sends. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const scope: RequestScope = { requestId: 'test', sqlStatements: 0 };
  const result = await runInRequestScope(scope, fn);
  return { result, statements: scope.sqlStatements };
}

describe('attainment and forecast of one member, computed by hand', () => {
  it('sums won deals closed in the period and classifies the open pipeline by stage probability', async () => {
    const em = db.em();
    const team = org.children[1];
    const member = org.members.get(team.id)![1];
    const deal = (
      stageId: number,
      status: TestDeal['status'],
      amount: string,
      expectedCloseDate: string,
      closeDate?: string,
    ): TestDeal => ({
      owner: member,
      team,
      stageId,
      status,
      amount,
      expectedCloseDate,
      closeDate,
    });
    await insertDeals(em, [
      deal(stages.won, 'WON', '1000.00', '2031-02-01', '2031-02-10'),
      deal(stages.won, 'WON', '500.50', '2031-03-20', '2031-04-01'), // closed after the quarter
      deal(stages.won, 'WON', '70.00', '2031-01-05', '2030-12-31'), // closed before it
      deal(stages.lost, 'LOST', '300.00', '2031-02-01', '2031-02-11'),
      deal(stages.open.p70, 'OPEN', '200.00', '2031-03-31'), // commit (70 is the boundary)
      deal(stages.open.p6999, 'OPEN', '100.00', '2031-01-01'), // best case
      deal(stages.open.p40, 'OPEN', '50.00', '2031-02-15'), // best case (40 is the boundary)
      deal(stages.open.p3999, 'OPEN', '10.00', '2031-03-01'), // pipeline
      deal(stages.open.p90, 'OPEN', '999.00', '2031-04-01'), // expected after the quarter
    ]);
    await db.em().transactional((tx) =>
      setQuota(tx, admin, {
        owner: { kind: OwnerKind.MEMBER, member },
        periodId: q1().id,
        metric: QuotaMetric.REVENUE,
        target: '4000.00',
      }),
    );
    const [measures] = await measurePeriods(db.em(), [{ ownerKind: OwnerKind.MEMBER, ownerId: member.id, periodId: q1().id }]);
    // Q1 2031 has 64 working days (no 2031 holidays in the test calendar: Monday–Friday); 32 are completed
    // before 14 February: pace = 4000 × 32/64 = 2000
    const attainment = buildAttainment(OwnerKind.MEMBER, member.id, measures!, '2031-02-14');
    expect(attainment).toMatchObject({
      quota: '4000.00',
      achieved: '1000.00',
      ratio: '0.2500',
      remaining: '3000.00',
      elapsedShare: '0.5000',
      pace: '2000.00',
      paceRatio: '0.5000',
      wonDeals: 1,
      lostDeals: 1,
    });
    // weighted = 200 × 0.70 + 100 × 0.6999 + 50 × 0.40 + 10 × 0.3999 = 233.989 → 233.99
    expect(attainment.forecast).toMatchObject({
      closed: '1000.00',
      commit: '200.00',
      bestCase: '150.00',
      pipeline: '10.00',
      weighted: '233.99',
      expected: '1233.99',
      openDeals: 4,
    });
    expect(buildAttainment(OwnerKind.MEMBER, member.id, measures!, '2030-12-31')).toMatchObject({
      elapsedShare: '0.0000',
      pace: '0.00',
      paceRatio: null,
    });
    expect(buildAttainment(OwnerKind.MEMBER, member.id, measures!, '2031-06-01')).toMatchObject({
      elapsedShare: '1.0000',
      pace: '4000.00',
      paceRatio: '0.2500',
    });
    // without a quota: achieved and forecast only
    const [other] = await measurePeriods(db.em(), [
      { ownerKind: OwnerKind.MEMBER, ownerId: org.members.get(team.id)![2].id, periodId: q1().id },
    ]);
    expect(buildAttainment(OwnerKind.MEMBER, 0, other!, '2031-02-14')).toMatchObject({
      quota: null,
      ratio: null,
      remaining: null,
      pace: null,
      paceRatio: null,
      achieved: '0.00',
    });
  });

  it('caps remaining at zero and reports ratios above one', async () => {
    const member = org.members.get(org.children[1].id)![1];
    const jan = periods.get('MONTH:2031-01-01')!;
    const feb = periods.get('MONTH:2031-02-01')!;
    await db
      .em()
      .transactional((tx) =>
        setQuota(tx, admin, { owner: { kind: OwnerKind.MEMBER, member }, periodId: feb.id, metric: QuotaMetric.REVENUE, target: '800.00' }),
      );
    const [february, january] = await measurePeriods(db.em(), [
      { ownerKind: OwnerKind.MEMBER, ownerId: member.id, periodId: feb.id },
      { ownerKind: OwnerKind.MEMBER, ownerId: member.id, periodId: jan.id },
    ]);
    expect(buildAttainment(OwnerKind.MEMBER, member.id, february!, '2031-02-28')).toMatchObject({
      achieved: '1000.00',
      ratio: '1.2500',
      remaining: '0.00',
    });
    expect(january!.wonAmount).toBe('0');
  });

  it('reports a period that does not exist as missing', async () => {
    expect(await measurePeriods(db.em(), [{ ownerKind: OwnerKind.MEMBER, ownerId: 1, periodId: 999_999 }])).toEqual([undefined]);
  });
});

describe('attainment and forecast over many deals', () => {
  beforeAll(async () => {
    // 400 deals over every member of the test organisation, dated around Q1 2031; some credited to
    // another team of the subtree (a member who moved keeps the old team's credit).
    const random = new Random(7);
    const members = allMembers();
    const teamOf = new Map(teams().flatMap((t) => org.members.get(t.id)!.map((m) => [m.id, t] as const)));
    const day = (from: string, span: number) =>
      new Date(Date.parse(`${from}T00:00:00Z`) + random.int(0, span) * 86_400_000).toISOString().slice(0, 10);
    const openStages = Object.values(stages.open);
    const deals: TestDeal[] = [];
    for (let i = 0; i < 400; i += 1) {
      const owner = random.pick(members);
      const status = random.pick(['OPEN', 'OPEN', 'WON', 'WON', 'LOST'] as const);
      const expected = day('2030-11-15', 200);
      deals.push({
        owner,
        team: random.chance(0.1) ? random.pick(teams()) : teamOf.get(owner.id)!,
        stageId: status === 'OPEN' ? random.pick(openStages) : status === 'WON' ? stages.won : stages.lost,
        status,
        amount: `${random.int(1, 5_000_000)}.${String(random.int(0, 99)).padStart(2, '0')}`,
        expectedCloseDate: expected,
        closeDate: status === 'OPEN' ? null : day('2030-11-15', 200),
      });
    }
    await insertDeals(db.em(), deals);
    await db.em().transactional(async (tx) => {
      for (const team of teams()) {
        await setQuota(tx, admin, {
          owner: { kind: OwnerKind.TEAM, team },
          periodId: q1().id,
          metric: QuotaMetric.REVENUE,
          target: '123456789.01',
        });
      }
    });
  });

  /** The same figures written independently: owner filter as a plain condition, categories with CASE. */
  async function expected(em: EntityManager, ownerCondition: string, params: unknown[], period: Period) {
    const [row] = await em.execute<Record<string, string>[]>(
      `select
         coalesce(sum(case when d.status = 'WON' and d.close_date >= ? and d.close_date <= ? then d.amount end), 0)::text as achieved,
         count(case when d.status = 'WON' and d.close_date >= ? and d.close_date <= ? then 1 end)::text as won,
         coalesce(sum(case when d.status = 'OPEN' and d.expected_close_date >= ? and d.expected_close_date <= ? and s.probability >= 70 then d.amount end), 0)::text as commit,
         coalesce(sum(case when d.status = 'OPEN' and d.expected_close_date >= ? and d.expected_close_date <= ? and s.probability >= 40 and s.probability < 70 then d.amount end), 0)::text as best_case,
         coalesce(sum(case when d.status = 'OPEN' and d.expected_close_date >= ? and d.expected_close_date <= ? and s.probability < 40 then d.amount end), 0)::text as pipeline,
         round(coalesce(sum(case when d.status = 'OPEN' and d.expected_close_date >= ? and d.expected_close_date <= ? then d.amount * s.probability / 100 end), 0), 2)::text as weighted
       from deal d join sales_stage s on s.id = d.stage_id
      where ${ownerCondition}`,
      [...Array(6).fill([period.startDate, period.endDate]).flat(), ...params],
    );
    const money = (v: string) => normaliseMoney(v);
    return {
      achieved: money(row.achieved),
      wonDeals: Number(row.won),
      forecast: { commit: money(row.commit), bestCase: money(row.best_case), pipeline: money(row.pipeline), weighted: money(row.weighted) },
    };
  }

  it('matches sums computed independently in SQL, for every member and team and several periods', async () => {
    const checked = [q1(), periods.get('MONTH:2031-01-01')!, periods.get('YEAR:2031-01-01')!, periods.get('QUARTER:2030-10-01')!];
    const keys: MeasureKey[] = checked.flatMap((period) => [
      ...allMembers().map((m) => ({ ownerKind: OwnerKind.MEMBER, ownerId: m.id, periodId: period.id })),
      ...teams().map((t) => ({ ownerKind: OwnerKind.TEAM, ownerId: t.id, periodId: period.id })),
    ]);
    const { result, statements } = await counted(() => measurePeriods(db.em(), keys));
    expect(statements).toBe(1);
    const em = db.em();
    let nonZero = 0;
    for (const [i, key] of keys.entries()) {
      const period = checked.find((p) => p.id === key.periodId)!;
      const attainment = buildAttainment(key.ownerKind, key.ownerId, result[i]!, period.startDate);
      const team = teams().find((t) => t.id === key.ownerId);
      const want =
        key.ownerKind === OwnerKind.MEMBER
          ? await expected(em, 'd.owner_id = ?', [key.ownerId], period)
          : await expected(em, 'd.team_id in (select id from team where path like ?)', [`${team!.path}%`], period);
      expect(
        { achieved: attainment.achieved, wonDeals: attainment.wonDeals, forecast: attainment.forecast },
        `${key.ownerKind} ${key.ownerId} in ${period.name}`,
      ).toMatchObject(want);
      expect(attainment.forecast?.expected).toBe(formatMoney(toKopecks(want.achieved) + toKopecks(want.forecast.weighted)));
      if (attainment.achieved !== '0.00') nonZero += 1;
    }
    expect(nonZero).toBeGreaterThan(20);
  });

  it('rolls a team up over its whole subtree', async () => {
    const keys: MeasureKey[] = [
      ...teams().map((t) => ({ ownerKind: OwnerKind.TEAM, ownerId: t.id, periodId: q1().id })),
      ...allMembers().map((m) => ({ ownerKind: OwnerKind.MEMBER, ownerId: m.id, periodId: q1().id })),
    ];
    const measures = await measurePeriods(db.em(), keys);
    const kopecks = (i: number, field: 'wonAmount' | 'commit' | 'weighted') => toKopecks(measures[i]![field]);
    const byTeam = new Map(teams().map((t, i) => [t.id, i]));
    const [root, first, second] = [org.root, ...org.children];
    // direct credit of a team = its own figure minus its sub-teams'
    const direct = (teamId: number, field: 'wonAmount' | 'commit' | 'weighted', below: number[]) =>
      kopecks(byTeam.get(teamId)!, field) - below.reduce((sum, id) => sum + kopecks(byTeam.get(id)!, field), 0n);
    for (const field of ['wonAmount', 'commit'] as const) {
      expect(direct(org.grandchild.id, field, [])).toBeGreaterThanOrEqual(0n);
      expect(kopecks(byTeam.get(root.id)!, field)).toBe(
        direct(root.id, field, [first.id, second.id]) + kopecks(byTeam.get(first.id)!, field) + kopecks(byTeam.get(second.id)!, field),
      );
      // every deal is credited inside the test organisation, so the root equals the sum over all its members
      const members = allMembers().map((_, i) => kopecks(teams().length + i, field));
      expect(kopecks(byTeam.get(root.id)!, field)).toBe(members.reduce((a, b) => a + b, 0n));
    }
    // and a team's achieved is the sum of the won deals credited to it or to a team below it
    const [row] = await db.em().execute<{ sum: string }[]>(
      `select coalesce(sum(d.amount), 0)::text as sum from deal d join team t on t.id = d.team_id
        where d.status = 'WON' and d.close_date between ? and ? and (t.id = ? or t.parent_id = ?)`,
      [q1().startDate, q1().endDate, first.id, first.id],
    );
    expect(kopecks(byTeam.get(first.id)!, 'wonAmount')).toBe(toKopecks(row.sum));
    expect(toKopecks(row.sum)).toBeGreaterThan(0n);
  });
});
