import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessRole } from '../access/viewer.js';
import { DomainError } from '../errors.js';
import { createTestOrg, type TestOrg } from '../testing/goals-fixtures.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { applyAllocation, previewAllocation, type AllocationDraft } from './allocation.service.js';
import { OwnerKind, PeriodKind, QuotaChangeSource, QuotaMetric } from './enums.js';
import type { Owner } from './owner.js';
import type { Period } from './period.entity.js';
import { calendarPeriods, createPeriod, periodContaining } from './period.service.js';
import { QuotaChange } from './quota-change.entity.js';
import { Quota } from './quota.entity.js';
import { setQuota, type Actor } from './quota.service.js';

let db: TestOrm;
let org: TestOrg;
let q1: Period;
let year: Period;
const admin: Actor = { role: AccessRole.ADMIN, memberId: null };

beforeAll(async () => {
  db = await openTestOrm();
  org = await db.em().transactional((em) => createTestOrg(em));
  const periods = await db.em().transactional(async (em) => {
    const created: Period[] = [];
    for (const draft of calendarPeriods(2031)) created.push(await createPeriod(em, { ...draft, name: null }));
    return created;
  });
  year = periods.find((p) => p.kind === PeriodKind.YEAR)!;
  q1 = periods.find((p) => p.kind === PeriodKind.QUARTER)!;
});
afterAll(() => db?.close());

async function rejected(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have been refused').toBeInstanceOf(DomainError);
  return error as DomainError;
}

const memberOwner = (teamIndex: 0 | 1, n: number): Owner => ({
  kind: OwnerKind.MEMBER,
  member: org.members.get(org.children[teamIndex].id)![n],
});

async function counts() {
  const em = db.em();
  return { quotas: await em.count(Quota, {}), changes: await em.count(QuotaChange, {}) };
}

describe('periods', () => {
  it('names calendar periods and finds the one containing a date', async () => {
    expect(year.name).toBe('2031 год');
    expect(q1).toMatchObject({ name: 'I квартал 2031', startDate: '2031-01-01', endDate: '2031-03-31' });
    const em = db.em();
    expect((await periodContaining(em, PeriodKind.MONTH, '2031-02-28'))?.name).toBe('Февраль 2031');
    expect(await periodContaining(em, PeriodKind.MONTH, '2032-02-28')).toBeNull();
  });

  it('refuses overlaps of the same kind, wrong lengths and reversed dates', async () => {
    const overlap = await rejected(
      db
        .em()
        .transactional((em) =>
          createPeriod(em, { kind: PeriodKind.MONTH, startDate: '2031-01-15', endDate: '2031-02-14', name: 'Сдвинутый' }),
        ),
    );
    expect(overlap).toMatchObject({ code: 'CONFLICT', details: { field: 'startDate', rule: 'no-overlap' } });
    const short = await rejected(
      db.em().transactional((em) => createPeriod(em, { kind: PeriodKind.QUARTER, startDate: '2032-01-01', endDate: '2032-01-31' })),
    );
    expect(short.details).toMatchObject({ field: 'endDate', rule: 'period-length' });
    const reversed = await rejected(
      db.em().transactional((em) => createPeriod(em, { kind: PeriodKind.MONTH, startDate: '2032-01-31', endDate: '2032-01-01' })),
    );
    expect(reversed.details).toMatchObject({ field: 'endDate', rule: 'after-start' });
    const unnamed = await rejected(
      db.em().transactional((em) => createPeriod(em, { kind: PeriodKind.MONTH, startDate: '2032-01-03', endDate: '2032-01-30' })),
    );
    expect(unnamed.details).toMatchObject({ field: 'name', rule: 'required' });
    // a different kind may cover the same days, and a fiscal 4-week month is fine
    const fiscal = await db
      .em()
      .transactional((em) => createPeriod(em, { kind: PeriodKind.MONTH, startDate: '2032-01-03', endDate: '2032-01-30', name: 'П1 2032' }));
    expect(fiscal.name).toBe('П1 2032');
  });
});

describe('setQuota', () => {
  it('creates a quota, changes it with the expected version and keeps the history', async () => {
    const owner = memberOwner(0, 1);
    const manager: Actor = { role: AccessRole.MANAGER, memberId: org.members.get(org.root.id)![0].id };
    const created = await db
      .em()
      .transactional((em) =>
        setQuota(em, manager, { owner, periodId: q1.id, metric: QuotaMetric.REVENUE, target: '7500000', note: 'план' }),
      );
    expect(created).toMatchObject({ target: '7500000.00', version: 1 });
    const changed = await db
      .em()
      .transactional((em) =>
        setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.REVENUE, target: '8000000.50', expectedVersion: 1 }),
      );
    expect(changed).toMatchObject({ id: created.id, target: '8000000.50', version: 2 });
    const history = await db.em().find(QuotaChange, { quota: created.id }, { orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.oldTarget, h.newTarget, h.version, h.changedBy?.id ?? null, h.changedByRole, h.source])).toEqual([
      [null, '7500000.00', 1, manager.memberId, 'MANAGER', QuotaChangeSource.SET],
      ['7500000.00', '8000000.50', 2, null, 'ADMIN', QuotaChangeSource.SET],
    ]);
    expect(history[0].changedAt).toBeInstanceOf(Date);
    // a count metric is a separate quota of the same owner and period
    const deals = await db
      .em()
      .transactional((em) => setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.DEALS_WON, target: '12' }));
    expect(deals).toMatchObject({ target: '12.00', version: 1 });
  });

  it('refuses to change a quota without the version read, or with a stale one', async () => {
    const owner = memberOwner(0, 2);
    await db.em().transactional((em) => setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.REVENUE, target: '100' }));
    const missing = await rejected(
      db.em().transactional((em) => setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.REVENUE, target: '200' })),
    );
    expect(missing).toMatchObject({ code: 'CONFLICT', details: { field: 'expectedVersion', rule: 'expected-version' } });
    const stale = await rejected(
      db
        .em()
        .transactional((em) =>
          setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.REVENUE, target: '200', expectedVersion: 7 }),
        ),
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { rule: 'stale-version' } });
  });

  it('lets exactly one of two concurrent edits of one quota through; the other gets CONFLICT', async () => {
    const owner = memberOwner(1, 1);
    const quota = await db
      .em()
      .transactional((em) => setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.REVENUE, target: '1000.00' }));
    const edit = (target: string) =>
      db
        .em()
        .transactional((em) =>
          setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.REVENUE, target, expectedVersion: quota.version }),
        );
    const results = await Promise.allSettled([edit('2000.00'), edit('3000.00')]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatchObject({ code: 'CONFLICT', details: { rule: 'stale-version' } });
    const final = await db.em().findOneOrFail(Quota, quota.id);
    expect(final.version).toBe(2);
    expect(final.target).toBe((fulfilled[0] as PromiseFulfilledResult<Quota>).value.target);
    expect(await db.em().count(QuotaChange, { quota: quota.id })).toBe(2);
  });

  it('refuses bad targets, periods and owners naming the field, and writes nothing', async () => {
    const before = await counts();
    const owner = memberOwner(1, 2);
    const attempt = (target: string, periodId = q1.id) =>
      rejected(db.em().transactional((em) => setQuota(em, admin, { owner, periodId, metric: QuotaMetric.REVENUE, target })));
    expect((await attempt('-5')).details).toMatchObject({ field: 'target', rule: 'non-negative' });
    expect((await attempt('10.555')).details).toMatchObject({ field: 'target', rule: 'two-decimals' });
    expect((await attempt('ten')).details).toMatchObject({ field: 'target', rule: 'decimal' });
    expect(await attempt('10', 999_999)).toMatchObject({ code: 'NOT_FOUND', details: { field: 'periodId' } });
    const fraction = await rejected(
      db.em().transactional((em) => setQuota(em, admin, { owner, periodId: q1.id, metric: QuotaMetric.DEALS_WON, target: '2.5' })),
    );
    expect(fraction.details).toMatchObject({ field: 'target', rule: 'whole-number' });
    expect(await counts()).toEqual(before);
  });
});

describe('quota allocation', () => {
  const team = () => org.children[1];
  const reps = () => org.members.get(team().id)!.slice(1);
  const draft = (extra: Partial<AllocationDraft> = {}): AllocationDraft => ({
    teamId: team().id,
    periodId: year.id,
    total: '1000000.01',
    ...extra,
  });

  it('previews without writing, then writes the team and member quotas that sum exactly to the total', async () => {
    const before = await counts();
    const preview = await previewAllocation(db.em(), draft({ weights: { territoryPotential: '0', marketSize: '0', capability: '1' } }));
    expect(await counts()).toEqual(before);
    // same territory for all → only capability 2.50 / 3.00 / 3.50 matters: 2.5/9, 3/9, 3.5/9 of 1 000 000.01
    expect(preview.lines.map((l) => l.member.id)).toEqual(reps().map((m) => m.id));
    expect(preview.lines.map((l) => l.inputs.capability)).toEqual(['2.50', '3.00', '3.50']);
    expect(preview.lines.map((l) => l.normalised.territoryPotential)).toEqual(['0.333333', '0.333333', '0.333333']);
    expect(preview.lines.map((l) => l.score)).toEqual(['0.277778', '0.333333', '0.388889']);
    // exact: 277777.7805…, 333333.3366…, 388888.8927… → floors 277777.78 + 333333.33 + 388888.89 = 1000000.00; the spare kopeck goes to the largest remainder (.66 kopeck, member 2)
    expect(preview.lines.map((l) => l.amount)).toEqual(['277777.78', '333333.34', '388888.89']);
    expect(preview).toMatchObject({
      total: '1000000.01',
      applied: false,
      teamQuota: null,
      weights: { territoryPotential: '0.0000', marketSize: '0.0000', capability: '1.0000' },
    });

    const manager: Actor = { role: AccessRole.MANAGER, memberId: org.members.get(org.root.id)![0].id };
    const applied = await db
      .em()
      .transactional((em) =>
        applyAllocation(em, manager, draft({ weights: { territoryPotential: '0', marketSize: '0', capability: '1' } })),
      );
    expect(applied.applied).toBe(true);
    const quotas = await db.em().find(Quota, {
      period: year.id,
      metric: QuotaMetric.REVENUE,
      $or: [{ team: team().id }, { member: { $in: reps().map((m) => m.id) } }],
    });
    expect(quotas).toHaveLength(4);
    const teamQuota = quotas.find((q) => q.team?.id === team().id)!;
    expect(teamQuota.target).toBe('1000000.01');
    const memberSum = quotas.filter((q) => q.member).reduce((sum, q) => sum + BigInt(q.target.replace('.', '')), 0n);
    expect(memberSum).toBe(100000001n);
    const changes = await db.em().find(QuotaChange, { quota: { $in: quotas.map((q) => q.id) } });
    expect(changes).toHaveLength(4);
    expect(new Set(changes.map((c) => c.source))).toEqual(new Set([QuotaChangeSource.ALLOCATION]));

    // doing it again needs the version of the team quota, and then records the previous targets
    const again = await rejected(db.em().transactional((em) => applyAllocation(em, manager, draft({ total: '900000' }))));
    expect(again).toMatchObject({ code: 'CONFLICT', details: { field: 'expectedVersion' } });
    const redone = await db
      .em()
      .transactional((em) => applyAllocation(em, manager, draft({ total: '900000', expectedVersion: teamQuota.version })));
    expect(redone.lines.map((l) => l.previousTarget)).toEqual(['277777.78', '333333.34', '388888.89']);
    expect(redone.teamQuota).toMatchObject({ target: '900000.00', version: 2 });
  });

  it('keeps pins and distributes the rest', async () => {
    const [a, b, c] = reps();
    const preview = await previewAllocation(
      db.em(),
      draft({
        periodId: q1.id,
        total: '300.00',
        memberIds: [c.id, a.id, b.id],
        pins: [{ memberId: c.id, amount: '100.00' }],
        weights: { capability: '1', territoryPotential: '0', marketSize: '0' },
      }),
    );
    // a and b share 200 as 2.50 : 3.00 → 90.909…, 109.090… → 90.91 + 109.09
    expect(preview.lines.map((l) => [l.member.id, l.amount, l.pinned])).toEqual([
      [c.id, '100.00', true],
      [a.id, '90.91', false],
      [b.id, '109.09', false],
    ]);
    expect(preview).toMatchObject({ pinnedTotal: '100.00', distributed: '200.00' });
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const before = await counts();
    const outsider = org.members.get(org.children[0].id)![1];
    const [a] = reps();
    const cases: [Partial<AllocationDraft>, string, string][] = [
      [{ total: '-1' }, 'total', 'non-negative'],
      [{ total: 'lots' }, 'total', 'decimal'],
      [{ total: '10.001' }, 'total', 'two-decimals'],
      [{ weights: { territoryPotential: '0', marketSize: '0.0', capability: '0' } }, 'weights', 'not-all-zero'],
      [{ weights: { marketSize: '-0.5' } }, 'weights.marketSize', 'non-negative'],
      [{ periodId: 999_999 }, 'periodId', ''],
      [{ memberIds: [a.id, outsider.id] }, 'memberIds[1]', 'member-of-team'],
      [{ memberIds: [a.id, a.id] }, 'memberIds[1]', 'unique'],
      [{ pins: [{ memberId: outsider.id, amount: '1' }] }, 'pins[0].memberId', 'member-of-team'],
      [{ pins: [{ memberId: a.id, amount: '1000000.02' }] }, 'pins', 'exceeds-total'],
      [{ pins: [{ memberId: a.id, amount: '-3' }] }, 'pins[0].amount', 'non-negative'],
    ];
    for (const [extra, field, rule] of cases) {
      const error = await rejected(db.em().transactional((em) => applyAllocation(em, admin, draft({ periodId: q1.id, ...extra }))));
      expect(error.details.field, error.message).toBe(field);
      if (rule) expect(error.details.rule, error.message).toBe(rule);
      else expect(error.code).toBe('NOT_FOUND');
    }
    expect(await counts()).toEqual(before);
  });

  it('does not let a member set their own quota through an allocation', async () => {
    const [a, b] = reps();
    const error = await rejected(
      db
        .em()
        .transactional((em) =>
          applyAllocation(em, { role: AccessRole.MANAGER, memberId: a.id }, draft({ periodId: q1.id, memberIds: [a.id, b.id] })),
        ),
    );
    expect(error.code).toBe('FORBIDDEN');
  });
});
