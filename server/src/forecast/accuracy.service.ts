import type { EntityManager } from '@mikro-orm/postgresql';
import { ratio } from '../decimal.js';
import { OwnerKind } from '../goals/enums.js';
import type { Owner } from '../goals/owner.js';
import type { Period } from '../goals/period.entity.js';
import { measurePeriods } from '../goals/measures.js';
import { formatMoney, toKopecks } from '../money.js';
import { ForecastSubmission } from './submission.entity.js';
import { ForecastAccuracy } from './types.js';

/**
 * The owner's last call made on or before the period's end against what was won in the period, as
 * attainment measures it (goals/measures.ts: split deals by their shares): ratio = actual / commit, error = |actual − commit| / actual
 * (absolute percentage error, only once the period is over). Two statements.
 */
export async function forecastAccuracy(em: EntityManager, owner: Owner, period: Period, today: string): Promise<ForecastAccuracy> {
  const ownerWhere = owner.kind === OwnerKind.MEMBER ? { member: owner.member.id } : { team: owner.team.id };
  const submission = await em.findOne(
    ForecastSubmission,
    { ...ownerWhere, period: period.id, submittedAt: { $lt: dayAfter(period.endDate) } },
    { orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }] },
  );
  const ownerId = owner.kind === OwnerKind.MEMBER ? owner.member.id : owner.team.id;
  const [measures] = await measurePeriods(em, [{ ownerKind: owner.kind, ownerId, periodId: period.id }]);
  const actual = toKopecks(measures?.wonAmount ?? '0');
  const periodClosed = today > period.endDate;
  const commit = submission ? toKopecks(submission.commit) : null;
  const miss = commit === null ? null : actual > commit ? actual - commit : commit - actual;
  return Object.assign(new ForecastAccuracy(), {
    period,
    ownerKind: owner.kind,
    submission,
    actual: formatMoney(actual),
    ratio: commit === null ? null : ratio(actual, commit),
    error: miss === null || !periodClosed ? null : ratio(miss, actual),
    periodClosed,
  });
}

/** The instant a day ends (the next day's midnight, UTC), for "submitted on or before that day". */
export function dayAfter(date: string): Date {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next;
}
