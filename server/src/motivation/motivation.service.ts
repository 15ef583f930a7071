import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../errors.js';
import { EventSubjectKind } from '../events/domain-event.entity.js';
import { EventType } from '../events/event-type.js';
import { recordEvent } from '../events/record.js';
import { Goal } from '../goals/goal.entity.js';
import type { MemberRole } from '../org/enums.js';
import { Member } from '../org/member.entity.js';
import type { Team } from '../org/team.entity.js';
import { Deal } from '../pipeline/deal.entity.js';
import { optionalText, requireDecimalInRange, requireText } from '../validate.js';
import { type FeedbackKind, Kpi } from './enums.js';
import { Expectation } from './expectation.entity.js';
import { Feedback } from './feedback.entity.js';
import { Recognition } from './recognition.entity.js';

/** Upper bounds of expectation targets: percentages of a quota may exceed 100, a win rate may not. */
const TARGET_MAX: Record<Kpi, number> = {
  [Kpi.ATTAINMENT]: 1000,
  [Kpi.WIN_RATE]: 100,
  [Kpi.DEALS_WON]: 100000,
  [Kpi.ACTIVITIES_PER_WEEK]: 1000,
};

export interface ExpectationDraft {
  role: MemberRole;
  kpi: Kpi;
  target: string;
  team: Team | null;
}

/** Creates or changes the expectation of a role on a KPI, for the organisation (no team) or a team subtree. */
export async function setExpectation(em: EntityManager, draft: ExpectationDraft, actorId: number | null): Promise<Expectation> {
  const target = requireDecimalInRange(draft.target, 'target', 0, TARGET_MAX[draft.kpi], 2);
  const setBy = actorId ? em.getReference(Member, actorId) : null;
  const existing = await em.findOne(Expectation, { role: draft.role, kpi: draft.kpi, team: draft.team ? draft.team.id : null });
  if (existing) Object.assign(existing, { target, setBy });
  const expectation = existing ?? em.create(Expectation, { role: draft.role, kpi: draft.kpi, target, team: draft.team, setBy });
  await em.flush();
  return expectation;
}

export async function requireExpectation(em: EntityManager, id: number): Promise<Expectation> {
  const expectation = await em.findOne(Expectation, id, { populate: ['team'] });
  if (!expectation) throw notFound('Expectation', id, 'id');
  return expectation;
}

export async function removeExpectation(em: EntityManager, expectation: Expectation): Promise<void> {
  em.remove(expectation);
  await em.flush();
}

/** A deal linked to feedback or a recognition must be the member's own. */
async function dealOfMember(em: EntityManager, dealId: number | null | undefined, member: Member): Promise<Deal | null> {
  if (!dealId) return null;
  const deal = await em.findOne(Deal, dealId);
  if (!deal) throw notFound('Deal', dealId, 'dealId');
  if (deal.owner.id !== member.id)
    throw badInput('dealId', 'member-deal', `deal ${dealId} belongs to member ${deal.owner.id}, not ${member.id}`);
  return deal;
}

export interface FeedbackDraft {
  kind: FeedbackKind;
  text: string;
  goalId?: number | null;
  dealId?: number | null;
  kpi?: Kpi | null;
}

export async function giveFeedback(em: EntityManager, member: Member, draft: FeedbackDraft, authorId: number | null): Promise<Feedback> {
  let goal: Goal | null = null;
  if (draft.goalId) {
    goal = await em.findOne(Goal, draft.goalId);
    if (!goal) throw notFound('Goal', draft.goalId, 'goalId');
    if (goal.member?.id !== member.id) throw badInput('goalId', 'member-goal', `goal ${draft.goalId} is not a goal of member ${member.id}`);
  }
  const feedback = em.create(Feedback, {
    member,
    author: authorId ? em.getReference(Member, authorId) : null,
    kind: draft.kind,
    text: requireText(draft.text, 'text', 4000),
    goal,
    deal: await dealOfMember(em, draft.dealId, member),
    kpi: draft.kpi ?? null,
  });
  await em.flush();
  return feedback;
}

export async function requireFeedback(em: EntityManager, id: number, field = 'id'): Promise<Feedback> {
  const feedback = await em.findOne(Feedback, id, { populate: ['member'] });
  if (!feedback) throw notFound('Feedback', id, field);
  return feedback;
}

export async function acknowledgeFeedback(em: EntityManager, feedback: Feedback, now = new Date()): Promise<Feedback> {
  if (feedback.acknowledgedAt)
    throw conflict('acknowledged', `feedback ${feedback.id} was already acknowledged on ${feedback.acknowledgedAt.toISOString()}`, 'id');
  feedback.acknowledgedAt = now;
  await em.flush();
  return feedback;
}

export interface RecognitionDraft {
  reason: string;
  reward?: string | null;
  dealId?: number | null;
}

export async function giveRecognition(
  em: EntityManager,
  member: Member,
  draft: RecognitionDraft,
  giverId: number | null,
): Promise<Recognition> {
  if (member.archivedAt) throw badInput('memberId', 'archived', `member ${member.id} is archived`);
  const recognition = em.create(Recognition, {
    member,
    givenBy: giverId ? em.getReference(Member, giverId) : null,
    reason: requireText(draft.reason, 'reason', 500),
    reward: optionalText(draft.reward, 'reward', 300),
    deal: await dealOfMember(em, draft.dealId, member),
  });
  await em.flush();
  // The event names the recognition by its id, known once it is written.
  recordEvent(em, {
    type: EventType.RECOGNITION_GIVEN,
    actorMemberId: giverId,
    subjects: [
      [EventSubjectKind.RECOGNITION, recognition.id],
      [EventSubjectKind.MEMBER, member.id],
    ],
    teamPaths: [member.team.path],
    memberIds: [member.id],
    payload: { reason: recognition.reason, reward: recognition.reward, dealId: recognition.deal ? String(recognition.deal.id) : null },
  });
  await em.flush();
  return recognition;
}
