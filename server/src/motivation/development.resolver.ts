import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { DateScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { requireMember } from '../org/member.service.js';
import { assertCanCompleteTraining, assertCanManageMember, assertCanReadMemberAt } from './access.js';
import { DevelopmentPlan, SkillAssessment, Training } from './development.entity.js';
import {
  assessSkill,
  completeDevelopmentPlan,
  completeTraining,
  createDevelopmentPlan,
  planTraining,
  requirePlan,
  requireTraining,
} from './development.service.js';
import { AssessSkillInput, CreateDevelopmentPlanInput, PlanTrainingInput } from './inputs.js';
import { plansOfMember, skillsOfMember, trainingsOfMember } from './loaders.js';

async function managedMember(ctx: Context, memberId: string, action: string): Promise<Member> {
  const member = await requireMember(ctx.em, parseId(memberId, 'memberId'), 'memberId');
  await assertCanManageMember(ctx, member, action);
  return member;
}

@Resolver()
export class DevelopmentResolver {
  @Mutation(() => SkillAssessment, { description: "Records an assessment of a member's skill (managers above the member and admins)." })
  async assessSkill(@Arg('input', () => AssessSkillInput) input: AssessSkillInput, @Ctx() ctx: Context): Promise<SkillAssessment> {
    const member = await managedMember(ctx, input.memberId, 'assess a skill');
    return ctx.em.transactional((em) => assessSkill(em, em.merge(member), input, ctx.viewer.memberId));
  }

  @Mutation(() => Training, { description: 'Plans a training for a member (managers above the member and admins).' })
  async planTraining(@Arg('input', () => PlanTrainingInput) input: PlanTrainingInput, @Ctx() ctx: Context): Promise<Training> {
    const member = await managedMember(ctx, input.memberId, 'plan a training');
    return ctx.em.transactional((em) => planTraining(em, em.merge(member), input));
  }

  @Mutation(() => Training, {
    description: 'Marks a planned training completed (the member, the managers above them and admins; CONFLICT when already completed).',
  })
  async completeTraining(
    @Arg('id', () => ID, { description: 'Training id.' }) id: string,
    @Arg('completedOn', () => DateScalar, { nullable: true, description: 'Day it was completed; default today, never in the future.' })
    completedOn: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Training> {
    const training = await requireTraining(ctx.em, parseId(id, 'id'));
    await assertCanCompleteTraining(ctx, training.member);
    return ctx.em.transactional((em) => completeTraining(em, em.merge(training), completedOn));
  }

  @Mutation(() => DevelopmentPlan, {
    description: 'Creates a development plan for an improvement area of a member (managers above the member and admins).',
  })
  async createDevelopmentPlan(
    @Arg('input', () => CreateDevelopmentPlanInput) input: CreateDevelopmentPlanInput,
    @Ctx() ctx: Context,
  ): Promise<DevelopmentPlan> {
    const member = await managedMember(ctx, input.memberId, 'create a development plan');
    const draft = { ...input, feedbackId: parseOptionalId(input.feedbackId, 'feedbackId') };
    return ctx.em.transactional((em) => createDevelopmentPlan(em, em.merge(member), draft));
  }

  @Mutation(() => DevelopmentPlan, {
    description: 'Marks a development plan completed (managers above the member and admins; CONFLICT when already completed).',
  })
  async completeDevelopmentPlan(
    @Arg('id', () => ID, { description: 'Plan id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<DevelopmentPlan> {
    const plan = await requirePlan(ctx.em, parseId(id, 'id'));
    await assertCanManageMember(ctx, plan.member, 'complete a development plan');
    return ctx.em.transactional((em) => completeDevelopmentPlan(em, em.merge(plan)));
  }
}

@Resolver(() => Member)
export class MemberDevelopmentResolver {
  @FieldResolver(() => [SkillAssessment], {
    description: "Assessments of the member's skills, by skill then newest first (one of their records).",
  })
  async skillAssessments(@Root() member: Member, @Ctx() ctx: Context): Promise<SkillAssessment[]> {
    await assertCanReadMemberAt(ctx, member, 'records', 'skills');
    return ctx.loaders.get(skillsOfMember).load(member.id);
  }

  @FieldResolver(() => [Training], { description: "The member's trainings, planned and completed, newest first (one of their records)." })
  async trainings(@Root() member: Member, @Ctx() ctx: Context): Promise<Training[]> {
    await assertCanReadMemberAt(ctx, member, 'records', 'trainings');
    return ctx.loaders.get(trainingsOfMember).load(member.id);
  }

  @FieldResolver(() => [DevelopmentPlan], { description: "The member's development plans, by due date (one of their records)." })
  async developmentPlans(@Root() member: Member, @Ctx() ctx: Context): Promise<DevelopmentPlan[]> {
    await assertCanReadMemberAt(ctx, member, 'records', 'development plans');
    return ctx.loaders.get(plansOfMember).load(member.id);
  }
}

@Resolver(() => SkillAssessment)
export class SkillAssessmentResolver {
  @FieldResolver(() => Member, { nullable: true, description: 'Who assessed it.' })
  async assessedBy(@Root() assessment: SkillAssessment, @Ctx() ctx: Context): Promise<Member | null> {
    return assessment.assessedBy ? ((await ctx.loaders.get(memberById).load(assessment.assessedBy.id)) ?? null) : null;
  }
}

@Resolver(() => DevelopmentPlan)
export class DevelopmentPlanResolver {
  @FieldResolver(() => ID, {
    nullable: true,
    description: 'Id of the IMPROVEMENT feedback that named the area (readable only by those who read the feedback).',
  })
  feedbackId(@Root() plan: DevelopmentPlan): string | null {
    return plan.feedback ? String(plan.feedback.id) : null;
  }
}
