import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, forbidden } from '../errors.js';
import { EventSubjectKind } from '../events/domain-event.entity.js';
import { EventType } from '../events/event-type.js';
import { recordEvent } from '../events/record.js';
import { parseId } from '../ids.js';
import { MemberRole } from '../org/enums.js';
import { Member } from '../org/member.entity.js';
import type { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { Territory } from '../org/territory.entity.js';
import { toKopecks } from '../money.js';
import { allocate, fractionInLowestTerms, fractionText, type AllocationWeights, type Fraction } from './allocation.js';
import { formatScaled, parseScaled } from '../decimal.js';
import { OwnerKind, QuotaChangeSource, QuotaMetric } from './enums.js';
import type { Period } from './period.entity.js';
import { requirePeriod } from './period.service.js';
import { Quota } from './quota.entity.js';
import { parseRampSteps, rampFactor, type RampFactor } from './ramp.js';
import type { RampProfile } from './ramp-profile.entity.js';
import { profilesForAllocation } from './ramp.service.js';
import { parseTarget, storedTargetText, targetText, writeQuotas, type Actor } from './quota.service.js';

/** Default weights of the three inputs (documented on the GraphQL input and in README.md). */
export const DEFAULT_WEIGHTS = { territoryPotential: '0.40', marketSize: '0.20', capability: '0.40' } as const;
/** Weights have at most four decimals. */
const WEIGHT_SCALE = 4;

export interface AllocationDraft {
  teamId: number;
  periodId: number;
  metric?: QuotaMetric | null;
  total: string;
  weights?: { territoryPotential?: string | null; marketSize?: string | null; capability?: string | null } | null;
  /** Members sharing the total; default: the active REPs of the team, by id. */
  memberIds?: number[] | null;
  pins?: { memberId: number; amount: string }[] | null;
  /** Ramp profile of the members without their own (a GraphQL id); default: the organisation's default (none: no ramp). */
  rampProfileId?: string | number | null;
  /** Members with their own ramp profile (GraphQL ids). */
  memberRampProfiles?: { memberId: string | number; rampProfileId: string | number }[] | null;
  /** Version of the team's current quota, required when it exists (applying only). */
  expectedVersion?: number | null;
  note?: string | null;
}

export interface AllocationFactors {
  territoryPotential: string;
  marketSize: string;
  capability: string;
}

export interface AllocationRampMonthView {
  month: string;
  tenureMonth: number;
  percent: string;
}

export interface AllocationRampView {
  profile: RampProfile;
  tenureMonth: number;
  months: AllocationRampMonthView[];
  factor: string;
  fraction: string;
  percent: string;
  fullShare: string;
}

export interface AllocationLineView {
  member: Member;
  inputs: AllocationFactors;
  normalised: AllocationFactors;
  score: string;
  share: string;
  amount: string;
  pinned: boolean;
  ramp: AllocationRampView | null;
  previousTarget: string | null;
  quota: Quota | null;
}

export interface AllocationView {
  team: Team;
  period: Period;
  metric: QuotaMetric;
  total: string;
  weights: AllocationFactors;
  pinnedTotal: string;
  distributed: string;
  rampProfile: RampProfile | null;
  lines: AllocationLineView[];
  teamQuota: Quota | null;
  applied: boolean;
}

async function allocationMembers(em: EntityManager, team: Team, memberIds: number[] | null | undefined): Promise<Member[]> {
  if (!memberIds) {
    const reps = await em.find(Member, { team: team.id, role: MemberRole.REP, archivedAt: null }, { orderBy: { id: 'asc' } });
    if (reps.length === 0) throw badInput('memberIds', 'no-members', `team ${team.id} has no active REP; name the members to allocate to`);
    return reps;
  }
  if (memberIds.length === 0) throw badInput('memberIds', 'no-members', 'name at least one member');
  const found = new Map((await em.find(Member, { id: { $in: memberIds } })).map((m) => [m.id, m]));
  const seen = new Set<number>();
  return memberIds.map((id, i) => {
    const member = found.get(id);
    const field = `memberIds[${i}]`;
    if (seen.has(id)) throw badInput(field, 'unique', `member ${id} is listed twice`);
    seen.add(id);
    if (!member || member.team.id !== team.id) throw badInput(field, 'member-of-team', `member ${id} is not in team ${team.id}`);
    if (member.archivedAt) throw badInput(field, 'archived', `member ${id} is archived`);
    return member;
  });
}

interface MemberRamp {
  profile: RampProfile;
  ramp: RampFactor;
}

/**
 * The ramp of every unpinned member (pinned members are never ramped): their own profile when the
 * request names one, else the allocation's (rampProfileId, or the organisation default).
 */
async function allocationRamps(
  em: EntityManager,
  draft: AllocationDraft,
  members: Member[],
  pins: Map<number, bigint>,
  period: Period,
): Promise<{ profile: RampProfile | null; byMember: Map<number, MemberRamp> }> {
  const inAllocation = new Set(members.map((m) => m.id));
  const allocationProfileId = draft.rampProfileId == null ? null : parseId(draft.rampProfileId, 'rampProfileId');
  const named = allocationProfileId === null ? [] : [{ id: allocationProfileId, field: 'rampProfileId' }];
  const own = new Map<number, number>();
  (draft.memberRampProfiles ?? []).forEach((entry, i) => {
    const field = `memberRampProfiles[${i}].memberId`;
    const memberId = parseId(entry.memberId, field);
    if (!inAllocation.has(memberId)) {
      throw badInput(field, 'member-of-team', `member ${memberId} is not among the members sharing team ${draft.teamId}'s quota`);
    }
    if (own.has(memberId)) throw badInput(field, 'unique', `member ${memberId} is given two ramp profiles`);
    const profileField = `memberRampProfiles[${i}].rampProfileId`;
    own.set(memberId, parseId(entry.rampProfileId, profileField));
    named.push({ id: own.get(memberId)!, field: profileField });
  });
  const { byId, fallback } = await profilesForAllocation(em, named);
  const profile = allocationProfileId === null ? fallback : byId.get(allocationProfileId)!;
  const byMember = new Map<number, MemberRamp>();
  for (const member of members) {
    const chosen = own.has(member.id) ? byId.get(own.get(member.id)!)! : profile;
    if (!chosen || pins.has(member.id)) continue;
    byMember.set(member.id, { profile: chosen, ramp: rampFactor(parseRampSteps(chosen.steps), member.hireDate, period) });
  }
  return { profile, byMember };
}

function rampView(memberRamp: MemberRamp, fullShare: Fraction): AllocationRampView {
  const { factor, months } = memberRamp.ramp;
  return {
    profile: memberRamp.profile,
    tenureMonth: months[0].tenureMonth,
    months: months.map((m) => ({ month: m.month, tenureMonth: m.tenureMonth, percent: formatScaled(m.step, 2) })),
    factor: fractionText(factor),
    fraction: fractionInLowestTerms(factor),
    percent: fractionText({ num: factor.num * 100n, den: factor.den }, 2),
    fullShare: fractionText(fullShare),
  };
}

async function computeAllocation(
  em: EntityManager,
  draft: AllocationDraft,
): Promise<Omit<AllocationView, 'teamQuota' | 'applied'> & { units: bigint[] }> {
  const metric = draft.metric ?? QuotaMetric.REVENUE;
  const team = await requireTeam(em, draft.teamId, 'teamId');
  if (team.archivedAt) throw badInput('teamId', 'archived', `team ${team.id} is archived`);
  const total = parseTarget(metric, draft.total, 'total');
  const weightText = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(Object.entries(draft.weights ?? {}).filter(([, v]) => v != null)) };
  const weights: AllocationWeights = {
    territoryPotential: parseScaled(weightText.territoryPotential, 'weights.territoryPotential', WEIGHT_SCALE),
    marketSize: parseScaled(weightText.marketSize, 'weights.marketSize', WEIGHT_SCALE),
    capability: parseScaled(weightText.capability, 'weights.capability', WEIGHT_SCALE),
  };
  const period = await requirePeriod(em, draft.periodId, 'periodId');
  const members = await allocationMembers(em, team, draft.memberIds);
  const inTeam = new Set(members.map((m) => m.id));
  const pins = new Map<number, bigint>();
  (draft.pins ?? []).forEach((pin, i) => {
    if (!inTeam.has(pin.memberId)) {
      throw badInput(
        `pins[${i}].memberId`,
        'member-of-team',
        `member ${pin.memberId} is not among the members sharing team ${team.id}'s quota`,
      );
    }
    if (pins.has(pin.memberId)) throw badInput(`pins[${i}].memberId`, 'unique', `member ${pin.memberId} is pinned twice`);
    pins.set(pin.memberId, parseTarget(metric, pin.amount, `pins[${i}].amount`));
  });
  const territoryIds = [...new Set(members.map((m) => m.territory?.id).filter((id): id is number => id !== undefined))];
  const territories = new Map((territoryIds.length ? await em.find(Territory, { id: { $in: territoryIds } }) : []).map((t) => [t.id, t]));
  const candidates = members.map((member) => {
    const territory = member.territory ? territories.get(member.territory.id) : undefined;
    return {
      memberId: member.id,
      potential: territory ? toKopecks(territory.potential) : 0n,
      marketSize: territory ? toKopecks(territory.marketSize) : 0n,
      capability: toKopecks(member.capability),
    };
  });
  const ramps = await allocationRamps(em, draft, members, pins, period);
  const factors = new Map([...ramps.byMember].map(([id, r]) => [id, r.ramp.factor]));
  const result = allocate({ total, candidates, weights, pins, ramps: factors });
  const lines = result.lines.map(
    (line, i): AllocationLineView => ({
      member: members[i],
      inputs: {
        territoryPotential: formatScaled(candidates[i].potential, 2),
        marketSize: formatScaled(candidates[i].marketSize, 2),
        capability: formatScaled(candidates[i].capability, 2),
      },
      normalised: {
        territoryPotential: fractionText(line.normalised.territoryPotential),
        marketSize: fractionText(line.normalised.marketSize),
        capability: fractionText(line.normalised.capability),
      },
      score: fractionText(line.score),
      share: fractionText(line.share),
      amount: targetText(metric, line.amount),
      pinned: line.pinned,
      ramp: line.ramp ? rampView(ramps.byMember.get(line.memberId)!, line.ramp.fullShare) : null,
      previousTarget: null,
      quota: null,
    }),
  );
  const weightSum = weights.territoryPotential + weights.marketSize + weights.capability;
  return {
    team,
    period,
    metric,
    total: targetText(metric, total),
    weights: {
      territoryPotential: fractionText({ num: weights.territoryPotential, den: weightSum }, WEIGHT_SCALE),
      marketSize: fractionText({ num: weights.marketSize, den: weightSum }, WEIGHT_SCALE),
      capability: fractionText({ num: weights.capability, den: weightSum }, WEIGHT_SCALE),
    },
    pinnedTotal: targetText(metric, result.pinnedTotal),
    distributed: targetText(metric, result.distributed),
    rampProfile: ramps.profile,
    lines,
    units: result.lines.map((l) => l.amount),
  };
}

/** previewQuotaAllocation: computes and explains an allocation without writing anything. */
export async function previewAllocation(em: EntityManager, draft: AllocationDraft): Promise<AllocationView> {
  const view = await computeAllocation(em, draft);
  const current = await em.find(Quota, {
    period: view.period.id,
    metric: view.metric,
    $or: [{ team: view.team.id }, { member: { $in: view.lines.map((l) => l.member.id) } }],
  });
  const teamQuota = current.find((q) => q.team?.id === view.team.id) ?? null;
  for (const line of view.lines) {
    line.quota = current.find((q) => q.member?.id === line.member.id) ?? null;
    line.previousTarget = line.quota ? storedTargetText(view.metric, line.quota.target) : null;
  }
  const { units: _units, ...rest } = view;
  return { ...rest, teamQuota, applied: false };
}

/**
 * allocateQuota: writes the team's quota (the total) and every member's quota (their amount) in the
 * caller's transaction, each with a history entry. Changing an existing team quota needs its version.
 */
export async function applyAllocation(em: EntityManager, actor: Actor, draft: AllocationDraft): Promise<AllocationView> {
  const view = await computeAllocation(em, draft);
  if (actor.memberId !== null && view.lines.some((l) => l.member.id === actor.memberId)) {
    throw forbidden(`you may not set your own quota: member ${actor.memberId} is among the members of the allocation`);
  }
  const { team, period, metric } = view;
  const source = QuotaChangeSource.ALLOCATION;
  const [teamWritten, ...memberWritten] = await writeQuotas(em, actor, [
    {
      owner: { kind: OwnerKind.TEAM, team },
      period,
      metric,
      units: parseTarget(metric, view.total, 'total'),
      expectedVersion: draft.expectedVersion,
      source,
      note: draft.note,
    },
    ...view.lines.map((line, i) => ({
      owner: { kind: OwnerKind.MEMBER as const, member: line.member },
      period,
      metric,
      units: view.units[i],
      expectedVersion: 'any' as const,
      source,
      note: draft.note,
    })),
  ]);
  view.lines.forEach((line, i) => {
    line.quota = memberWritten[i].quota;
    const previous = memberWritten[i].previousTarget;
    line.previousTarget = previous === null ? null : storedTargetText(metric, previous);
  });
  const teamQuota = teamWritten.quota;
  recordAllocationApplied(em, actor, view, teamQuota);
  await em.flush();
  const { units: _units, ...rest } = view;
  return { ...rest, teamQuota, applied: true };
}

/** ALLOCATION_APPLIED: the team's quota, the team and the members who got a share; seen by them and the managers above. */
function recordAllocationApplied(
  em: EntityManager,
  actor: Actor,
  view: Pick<AllocationView, 'team' | 'period' | 'metric' | 'total' | 'weights' | 'lines'>,
  teamQuota: Quota,
): void {
  const memberIds = view.lines.map((line) => line.member.id);
  recordEvent(em, {
    type: EventType.ALLOCATION_APPLIED,
    actorMemberId: actor.memberId,
    subjects: [
      [EventSubjectKind.QUOTA, teamQuota.id],
      [EventSubjectKind.TEAM, view.team.id],
      ...memberIds.map((id): [EventSubjectKind, number] => [EventSubjectKind.MEMBER, id]),
    ],
    teamPaths: [view.team.path],
    memberIds,
    payload: { periodId: String(view.period.id), metric: view.metric, total: view.total, weights: view.weights },
  });
}
