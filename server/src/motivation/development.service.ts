import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../errors.js';
import { Member } from '../org/member.entity.js';
import { requireDate, requireText, optionalText, todayIso } from '../validate.js';
import { DevelopmentPlan, SkillAssessment, Training } from './development.entity.js';
import { FeedbackKind, PlanStatus } from './enums.js';
import { Feedback } from './feedback.entity.js';

function pastOrToday(value: string | null | undefined, field: string): string {
  const day = value == null ? todayIso() : requireDate(value, field);
  if (day > todayIso()) throw badInput(field, 'not-in-future', `${day} is in the future`);
  return day;
}

export async function assessSkill(
  em: EntityManager,
  member: Member,
  draft: { skill: string; level: number; assessedOn?: string | null },
  assessorId: number | null,
): Promise<SkillAssessment> {
  if (!Number.isInteger(draft.level) || draft.level < 1 || draft.level > 5)
    throw badInput('level', 'range', `a level is 1 to 5, got ${draft.level}`);
  const assessment = em.create(SkillAssessment, {
    member,
    skill: requireText(draft.skill, 'skill', 200),
    level: draft.level,
    assessedOn: pastOrToday(draft.assessedOn, 'assessedOn'),
    assessedBy: assessorId ? em.getReference(Member, assessorId) : null,
  });
  await em.flush();
  return assessment;
}

export async function planTraining(
  em: EntityManager,
  member: Member,
  draft: { title: string; skill?: string | null; plannedOn: string },
): Promise<Training> {
  const training = em.create(Training, {
    member,
    title: requireText(draft.title, 'title', 300),
    skill: optionalText(draft.skill, 'skill', 200),
    plannedOn: requireDate(draft.plannedOn, 'plannedOn'),
  });
  await em.flush();
  return training;
}

export async function requireTraining(em: EntityManager, id: number): Promise<Training> {
  const training = await em.findOne(Training, id, { populate: ['member'] });
  if (!training) throw notFound('Training', id, 'id');
  return training;
}

export async function completeTraining(em: EntityManager, training: Training, completedOn: string | null | undefined): Promise<Training> {
  if (training.completedOn) throw conflict('completed', `training ${training.id} was completed on ${training.completedOn}`, 'id');
  training.completedOn = pastOrToday(completedOn, 'completedOn');
  await em.flush();
  return training;
}

export async function createDevelopmentPlan(
  em: EntityManager,
  member: Member,
  draft: { area: string; actions: string; dueDate: string; feedbackId?: number | null },
): Promise<DevelopmentPlan> {
  let feedback: Feedback | null = null;
  if (draft.feedbackId) {
    feedback = await em.findOne(Feedback, draft.feedbackId);
    if (!feedback) throw notFound('Feedback', draft.feedbackId, 'feedbackId');
    if (feedback.member.id !== member.id || feedback.kind !== FeedbackKind.IMPROVEMENT) {
      throw badInput(
        'feedbackId',
        'improvement-of-member',
        `feedback ${draft.feedbackId} is not IMPROVEMENT feedback of member ${member.id}`,
      );
    }
  }
  const plan = em.create(DevelopmentPlan, {
    member,
    area: requireText(draft.area, 'area', 300),
    actions: requireText(draft.actions, 'actions', 4000),
    dueDate: requireDate(draft.dueDate, 'dueDate'),
    feedback,
  });
  await em.flush();
  return plan;
}

export async function requirePlan(em: EntityManager, id: number): Promise<DevelopmentPlan> {
  const plan = await em.findOne(DevelopmentPlan, id, { populate: ['member'] });
  if (!plan) throw notFound('DevelopmentPlan', id, 'id');
  return plan;
}

export async function completeDevelopmentPlan(em: EntityManager, plan: DevelopmentPlan, now = new Date()): Promise<DevelopmentPlan> {
  if (plan.status === PlanStatus.COMPLETED) throw conflict('completed', `development plan ${plan.id} is already completed`, 'id');
  plan.status = PlanStatus.COMPLETED;
  plan.completedAt = now;
  await em.flush();
  return plan;
}
