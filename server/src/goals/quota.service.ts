import { LockMode, OptimisticLockError, UniqueConstraintViolationException, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../access/viewer.js';
import { badInput, conflict, notFound } from '../errors.js';
import { EventType } from '../events/event-type.js';
import { recordEvent } from '../events/record.js';
import { EventSubjectKind } from '../events/domain-event.entity.js';
import { formatMoney, parseMoney, toKopecks } from '../money.js';
import { Member } from '../org/member.entity.js';
import { optionalText } from '../validate.js';
import { isCountMetric, OwnerKind, QuotaChangeSource, QuotaMetric } from './enums.js';
import { assertActiveOwner, ownerAudience, ownerLabel, type Owner } from './owner.js';
import type { Period } from './period.entity.js';
import { requirePeriod } from './period.service.js';
import { QuotaChange } from './quota-change.entity.js';
import { Quota } from './quota.entity.js';

/** Who is changing something, as recorded in histories. */
export type Actor = Pick<Viewer, 'role' | 'memberId'>;

/**
 * Targets are counted in units: kopecks for REVENUE, whole items for the count metrics. Money follows
 * `parseMoney` (non-negative, at most two decimals); counts must be whole non-negative numbers.
 */
export function parseTarget(metric: QuotaMetric, value: string, field: string): bigint {
  if (metric === QuotaMetric.REVENUE) return parseMoney(value, field);
  const text = String(value).trim();
  if (text.startsWith('-')) throw badInput(field, 'non-negative', `must not be negative, got "${value}"`);
  const match = /^(\d{1,15})(?:\.0{1,2})?$/.exec(text);
  if (!match) throw badInput(field, 'whole-number', `${metric} is counted in whole numbers, got "${value}"`);
  return BigInt(match[1]);
}

/** A target in units as stored (numeric(18,2)): "12.00" for a count. */
export function formatTarget(metric: QuotaMetric, units: bigint): string {
  return metric === QuotaMetric.REVENUE ? formatMoney(units) : formatMoney(units * 100n);
}

/** A target in units as the API writes it: money with two decimals, a count without ("12"). */
export function targetText(metric: QuotaMetric, units: bigint): string {
  return isCountMetric(metric) ? units.toString() : formatMoney(units);
}

/** A stored target ("12.00") as the API writes it ("12" for a count). */
export function storedTargetText(metric: QuotaMetric, stored: string): string {
  return targetText(metric, targetUnits(metric, stored));
}

export function targetUnits(metric: QuotaMetric, stored: string): bigint {
  const kopecks = toKopecks(stored);
  return metric === QuotaMetric.REVENUE ? kopecks : kopecks / 100n;
}

export async function requireQuota(em: EntityManager, id: number, field = 'id'): Promise<Quota> {
  const quota = await em.findOne(Quota, id);
  if (!quota) throw notFound('Quota', id, field);
  return quota;
}

function ownerWhere(owner: Owner) {
  return owner.kind === OwnerKind.MEMBER ? { member: owner.member.id } : { team: owner.team.id };
}

/** `'any'` skips the version check (an allocation rewrites the member quotas it has locked). */
export type VersionExpectation = number | null | undefined | 'any';

export interface QuotaWrite {
  owner: Owner;
  period: Period;
  metric: QuotaMetric;
  units: bigint;
  expectedVersion: VersionExpectation;
  source: QuotaChangeSource;
  note?: string | null;
  /** Input field that expectedVersion came from, named in CONFLICT errors. */
  versionField?: string;
}

export interface QuotaWritten {
  quota: Quota;
  /** Target before the write; null when the quota was created. */
  previousTarget: string | null;
}

const sameOwner = (quota: Quota, owner: Owner) =>
  owner.kind === OwnerKind.MEMBER ? quota.member?.id === owner.member.id : quota.team?.id === owner.team.id;

/**
 * Creates or changes quotas and records each change, in the caller's transaction. The rows are locked
 * first (SELECT … FOR UPDATE), so of two concurrent changes the second waits and then finds the version
 * moved on: CONFLICT instead of a silent overwrite. Changing an existing quota requires the version the
 * caller read (`expectedVersion`), unless the write says 'any'. Costs a fixed number of statements.
 */
export async function writeQuotas(em: EntityManager, actor: Actor, writes: QuotaWrite[]): Promise<QuotaWritten[]> {
  if (writes.length === 0) return [];
  const existing = await em.find(
    Quota,
    { $or: writes.map((w) => ({ ...ownerWhere(w.owner), period: w.period.id, metric: w.metric })) },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  );
  const changedBy = actor.memberId ? em.getReference(Member, actor.memberId) : null;
  const results: QuotaWritten[] = [];
  const changed: { quota: Quota; oldTarget: string | null; write: QuotaWrite; note: string | null }[] = [];
  for (const write of writes) {
    const { owner, period, metric, expectedVersion } = write;
    const field = write.versionField ?? 'expectedVersion';
    const note = optionalText(write.note, 'note', 1000);
    const target = formatTarget(metric, write.units);
    const quota = existing.find((q) => sameOwner(q, owner) && q.period.id === period.id && q.metric === metric);
    if (quota && expectedVersion !== 'any') {
      if (expectedVersion == null) {
        throw conflict(
          'expected-version',
          `the ${metric} quota of ${ownerLabel(owner)} for "${period.name}" already exists (quota ${quota.id}, version ${quota.version}); pass expectedVersion to change it`,
          field,
        );
      }
      if (expectedVersion !== quota.version) {
        throw conflict(
          'stale-version',
          `quota ${quota.id} is at version ${quota.version}, not ${expectedVersion}: it changed since you read it`,
          field,
        );
      }
    }
    if (!quota && typeof expectedVersion === 'number') {
      throw conflict(
        'stale-version',
        `the ${metric} quota of ${ownerLabel(owner)} for "${period.name}" does not exist; omit expectedVersion to create it`,
        field,
      );
    }
    if (quota) {
      results.push({ quota, previousTarget: quota.target });
      if (toKopecks(quota.target) !== toKopecks(target)) {
        changed.push({ quota, oldTarget: quota.target, write, note });
        quota.target = target;
      }
    } else {
      const created = em.create(Quota, {
        ...(owner.kind === OwnerKind.MEMBER ? { member: owner.member } : { team: owner.team }),
        period,
        metric,
        target,
      });
      results.push({ quota: created, previousTarget: null });
      changed.push({ quota: created, oldTarget: null, write, note });
    }
  }
  try {
    await em.flush();
  } catch (error) {
    const field = writes[0].versionField ?? 'expectedVersion';
    if (error instanceof UniqueConstraintViolationException) {
      throw conflict('stale-version', 'a quota being written was created at the same time by someone else; read it and try again', field);
    }
    // Not expected behind the row lock, but the versioned UPDATE is the last line of defence.
    if (error instanceof OptimisticLockError)
      throw conflict('stale-version', 'a quota being written changed at the same time; read it and try again', field);
    throw error;
  }
  await loadOwnerTeams(
    em,
    changed.map(({ write }) => write.owner),
  );
  for (const { quota, oldTarget, write, note } of changed) {
    em.create(QuotaChange, {
      quota,
      changedBy,
      changedByRole: actor.role,
      oldTarget,
      newTarget: quota.target,
      version: quota.version,
      source: write.source,
      note,
    });
    recordQuotaChanged(em, actor, quota, oldTarget, write);
  }
  await em.flush();
  return results;
}

/** The teams of member owners, whose paths their events are credited to (one statement, when any is not loaded yet). */
async function loadOwnerTeams(em: EntityManager, owners: Owner[]): Promise<void> {
  const members = owners.flatMap((owner) => (owner.kind === OwnerKind.MEMBER ? [owner.member] : []));
  if (members.some((member) => !wrap(member.team).isInitialized())) await em.populate(members, ['team']);
}

function recordQuotaChanged(em: EntityManager, actor: Actor, quota: Quota, oldTarget: string | null, write: QuotaWrite): void {
  const audience = ownerAudience(write.owner);
  recordEvent(em, {
    type: EventType.QUOTA_CHANGED,
    actorMemberId: actor.memberId,
    subjects: [[EventSubjectKind.QUOTA, quota.id], audience.subject],
    teamPaths: audience.teamPaths,
    memberIds: audience.memberIds,
    payload: {
      periodId: String(write.period.id),
      metric: write.metric,
      before: oldTarget === null ? null : storedTargetText(write.metric, oldTarget),
      after: storedTargetText(write.metric, quota.target),
      source: write.source,
    },
  });
}

export interface SetQuotaDraft {
  owner: Owner;
  periodId: number;
  metric: QuotaMetric;
  target: string;
  expectedVersion?: number | null;
  note?: string | null;
}

/** setQuota: creates a quota, or changes it when `expectedVersion` matches its current version. */
export async function setQuota(em: EntityManager, actor: Actor, draft: SetQuotaDraft): Promise<Quota> {
  assertActiveOwner(draft.owner);
  const units = parseTarget(draft.metric, draft.target, 'target');
  const period = await requirePeriod(em, draft.periodId, 'periodId');
  const [written] = await writeQuotas(em, actor, [
    { ...draft, expectedVersion: draft.expectedVersion, period, units, source: QuotaChangeSource.SET },
  ]);
  return written.quota;
}
