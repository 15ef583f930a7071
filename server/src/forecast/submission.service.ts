import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../errors.js';
import { EventSubjectKind } from '../events/domain-event.entity.js';
import { EventType } from '../events/event-type.js';
import { recordEvent } from '../events/record.js';
import { OwnerKind } from '../goals/enums.js';
import { assertActiveOwner, ownerAudience, type Owner } from '../goals/owner.js';
import type { Period } from '../goals/period.entity.js';
import { formatMoney, parseMoney, toKopecks } from '../money.js';
import { Member } from '../org/member.entity.js';
import { optionalText } from '../validate.js';
import { forecastRollup } from './rollup.service.js';
import { ForecastSubmission } from './submission.entity.js';

/** What a caller sends to submitForecast (SubmitForecastInput), its owner and period already read. */
export interface SubmissionDraft {
  owner: Owner;
  period: Period;
  commit?: string | null;
  bestCase?: string | null;
  adjustment?: string | null;
  bestCaseAdjustment?: string | null;
  note?: string | null;
}

const NOTE_LENGTH = 2000;

/** An amount with at most two decimals that may be negative (an adjustment), in kopecks. */
function parseSignedMoney(value: string, field: string): bigint {
  const text = String(value).trim();
  return text.startsWith('-') ? -parseMoney(text.slice(1), field) : parseMoney(text, field);
}

function required<T>(value: T | null | undefined, field: string, why: string): T {
  if (value === null || value === undefined) throw badInput(field, 'required', why);
  return value;
}

function refuse(field: string, why: string): never {
  throw badInput(field, 'call-fields', why);
}

/**
 * Records a call (a new row every time, never an update). A member calls commit and best case; a team's
 * call is the roll-up of its lines at this moment plus the manager's adjustment, with a note when the
 * adjustment is not 0. Every amount is checked before anything is written.
 */
export async function submitForecast(
  em: EntityManager,
  draft: SubmissionDraft,
  submittedById: number | null,
  now = new Date(),
): Promise<ForecastSubmission> {
  assertActiveOwner(draft.owner);
  const values = draft.owner.kind === OwnerKind.MEMBER ? memberCall(draft) : await teamCall(em, draft, now);
  const submission = em.create(ForecastSubmission, {
    member: draft.owner.kind === OwnerKind.MEMBER ? draft.owner.member : null,
    team: draft.owner.kind === OwnerKind.TEAM ? draft.owner.team : null,
    period: draft.period,
    ...values,
    submittedBy: submittedById === null ? null : em.getReference(Member, submittedById),
    submittedAt: now,
  });
  await em.flush();
  // The event names the call by its id, known once the call is written.
  const audience = ownerAudience(draft.owner);
  recordEvent(em, {
    type: EventType.FORECAST_SUBMITTED,
    actorMemberId: submittedById,
    subjects: [[EventSubjectKind.FORECAST_CALL, submission.id], audience.subject],
    teamPaths: audience.teamPaths,
    memberIds: audience.memberIds,
    payload: { periodId: String(draft.period.id), commit: submission.commit, bestCase: submission.bestCase },
    occurredAt: now,
  });
  await em.flush();
  return submission;
}

function memberCall(draft: SubmissionDraft) {
  if (draft.adjustment != null) refuse('adjustment', 'a member calls commit and bestCase; adjustments are for team calls');
  if (draft.bestCaseAdjustment != null) refuse('bestCaseAdjustment', 'a member calls commit and bestCase; adjustments are for team calls');
  const commit = parseMoney(required(draft.commit, 'commit', 'a member call needs commit'), 'commit');
  const bestCase = parseMoney(required(draft.bestCase, 'bestCase', 'a member call needs bestCase'), 'bestCase');
  if (commit > bestCase)
    throw badInput('bestCase', 'commit-above-best-case', `best case ${formatMoney(bestCase)} is below commit ${formatMoney(commit)}`);
  return { commit: formatMoney(commit), bestCase: formatMoney(bestCase), note: optionalText(draft.note, 'note', NOTE_LENGTH) };
}

async function teamCall(em: EntityManager, draft: SubmissionDraft, now: Date) {
  if (draft.owner.kind !== OwnerKind.TEAM) throw new Error('a team call needs a team');
  if (draft.commit != null) refuse('commit', "a team's commit is its roll-up plus adjustment: send adjustment instead");
  if (draft.bestCase != null) refuse('bestCase', "a team's best case is its roll-up plus bestCaseAdjustment: send that instead");
  const adjustment = parseSignedMoney(
    required(draft.adjustment, 'adjustment', 'a team call needs adjustment (0 accepts the roll-up)'),
    'adjustment',
  );
  const bestCaseAdjustment = draft.bestCaseAdjustment == null ? 0n : parseSignedMoney(draft.bestCaseAdjustment, 'bestCaseAdjustment');
  const note = optionalText(draft.note, 'note', NOTE_LENGTH);
  if ((adjustment !== 0n || bestCaseAdjustment !== 0n) && !note)
    throw badInput('note', 'adjustment-note', 'say why the call differs from the roll-up');
  const rollup = await forecastRollup(em, draft.owner.team, draft.period.id, now.toISOString().slice(0, 10));
  const rolledCommit = toKopecks(rollup.rolledUpCommit);
  const rolledBestCase = toKopecks(rollup.rolledUpBestCase);
  const commit = rolledCommit + adjustment;
  const bestCase = rolledBestCase + bestCaseAdjustment;
  if (commit < 0n)
    throw badInput('adjustment', 'non-negative', `the roll-up ${rollup.rolledUpCommit} plus ${formatMoney(adjustment)} is below 0`);
  if (commit > bestCase)
    throw badInput(
      'bestCaseAdjustment',
      'commit-above-best-case',
      `the call's best case ${formatMoney(bestCase)} would be below its commit ${formatMoney(commit)}`,
    );
  return {
    commit: formatMoney(commit),
    bestCase: formatMoney(bestCase),
    rolledUpCommit: rollup.rolledUpCommit,
    rolledUpBestCase: rollup.rolledUpBestCase,
    adjustment: formatMoney(adjustment),
    note,
  };
}
