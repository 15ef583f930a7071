import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { DomainError } from '../errors.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { DateScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { todayIso } from '../validate.js';
import { GOAL_READ, assertCanReadOwner, assertCanWriteGoal, ownedRowsFilter } from './access.js';
import { GoalKind, OwnerKind } from './enums.js';
import { Goal } from './goal.entity.js';
import {
  archiveGoal,
  assessDraft,
  assessGoal,
  createGoal,
  draftOwner,
  goalTargetText,
  parseGoalTarget,
  requireGoal,
  updateGoal,
  type GoalDraft,
} from './goal.service.js';
import { CreateGoalInput, GoalFilter, UpdateGoalInput } from './inputs.js';
import { pastPeriodResults, periodById, periodMeasures } from './loaders.js';
import { ownerFilters, requireOwner } from './owner.js';
import { loadOwner, OwnerFieldsResolver } from './owner.resolver.js';
import { Period } from './period.entity.js';
import { GoalProgress, buildProgress, measuredMetric } from './progress.js';
import { SmartAssessment } from './smart.js';

@ObjectType({ description: 'A page of goals.' })
export class GoalConnection extends Connection(Goal, 'Goal', 'goal') {}

function goalDraft(input: CreateGoalInput): GoalDraft {
  return {
    ...input,
    memberId: parseOptionalId(input.memberId, 'memberId'),
    teamId: parseOptionalId(input.teamId, 'teamId'),
    periodId: parseOptionalId(input.periodId, 'periodId'),
  };
}

@Resolver(() => Goal)
export class GoalResolver extends OwnerFieldsResolver(Goal, 'goal') {
  @Query(() => Goal, { description: "One goal by id (a member's goal is one of their records)." })
  async goal(@Arg('id', () => ID, { description: 'Goal id.' }) id: string, @Ctx() ctx: Context): Promise<Goal> {
    const goal = await requireGoal(ctx.em, parseId(id, 'id'));
    await assertCanReadOwner(ctx, await loadOwner(ctx, goal), GOAL_READ);
    return goal;
  }

  @Query(() => GoalConnection, { description: 'Goals the caller may read, by id, a page at a time.' })
  async goals(
    @Arg('filter', () => GoalFilter, { nullable: true, description: 'Which goals to list.' }) filter: GoalFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Goal>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Goal>[] = [await ownedRowsFilter<Goal>(ctx, GOAL_READ.team)];
    if (!filter?.includeArchived) where.push({ archivedAt: null });
    where.push(...(await ownerFilters<Goal>(ctx.em, filter)));
    if (filter?.periodId) where.push({ period: parseId(filter.periodId, 'filter.periodId') });
    if (filter?.objective) where.push({ objective: filter.objective });
    if (filter?.kind) where.push({ kind: filter.kind });
    return paginate(ctx.em, Goal, { $and: where }, 'id', request);
  }

  @Query(() => SmartAssessment, {
    description:
      "Checks a goal draft against the five SMART criteria without saving it; every failure is reported with its reason. The owner must be one whose goals the caller reads (the achievable check quotes the owner's past results); a missing or unknown owner is reported, not refused.",
  })
  async checkGoal(@Arg('input', () => CreateGoalInput) input: CreateGoalInput, @Ctx() ctx: Context): Promise<SmartAssessment> {
    const draft = goalDraft(input);
    if ((draft.memberId == null) !== (draft.teamId == null)) {
      const owner = await requireOwner(ctx.em, draft.memberId, draft.teamId).catch((error: unknown) => {
        if (error instanceof DomainError) return null; // reported by the assessment
        throw error;
      });
      if (owner) await assertCanReadOwner(ctx, owner, GOAL_READ);
    }
    return assessDraft(ctx.em, draft);
  }

  /** Stored with two decimals; a count metric's target is written without them ("12"). The field is declared on Goal. */
  @FieldResolver()
  target(@Root() goal: Goal): string | null {
    return goal.metric && goal.target !== null ? goalTargetText(goal.metric, parseGoalTarget(goal.metric, goal.target)) : goal.target;
  }

  @FieldResolver(() => Period, { description: 'The period the goal is for.' })
  async period(@Root() goal: Goal, @Ctx() ctx: Context): Promise<Period> {
    return (await ctx.loaders.get(periodById).load(goal.period.id))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member who created the goal; null when a service account did.' })
  async createdBy(@Root() goal: Goal, @Ctx() ctx: Context): Promise<Member | null> {
    return goal.createdBy ? ((await ctx.loaders.get(memberById).load(goal.createdBy.id)) ?? null) : null;
  }

  @FieldResolver(() => SmartAssessment, {
    description: "The goal checked against SMART; achievable compares the target with the owner's best past period of the same kind.",
  })
  async smart(@Root() goal: Goal, @Ctx() ctx: Context): Promise<SmartAssessment> {
    const [owner, period] = await Promise.all([loadOwner(ctx, goal), ctx.loaders.get(periodById).load(goal.period.id)]);
    const ownerId = owner.kind === OwnerKind.MEMBER ? owner.member.id : owner.team.id;
    const past = await ctx.loaders
      .get(pastPeriodResults)
      .load({ ownerKind: owner.kind, ownerId, periodKind: period!.kind, before: period!.startDate });
    return assessGoal(goal, owner, period!, past);
  }

  @FieldResolver(() => GoalProgress, { nullable: true, description: 'Progress of a quantitative goal; null for a qualitative one.' })
  async progress(
    @Root() goal: Goal,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The day progress is computed for; default today (UTC).' }) asOf:
      | string
      | undefined,
    @Ctx() ctx: Context,
  ): Promise<GoalProgress | null> {
    if (goal.kind !== GoalKind.QUANTITATIVE || !goal.metric || goal.target === null) return null;
    const ownerKind = goal.member ? OwnerKind.MEMBER : OwnerKind.TEAM;
    const ownerId = goal.member ? goal.member.id : goal.team!.id;
    const measures = await ctx.loaders
      .get(periodMeasures)
      .load({ ownerKind, ownerId, periodId: goal.period.id, metric: measuredMetric(goal.metric) });
    return buildProgress(goal.metric, parseGoalTarget(goal.metric, goal.target), measures!, asOf ?? todayIso());
  }

  @Mutation(() => Goal, {
    description:
      'Creates a goal; refuses one that is not specific, measurable, relevant or time-bound (BAD_USER_INPUT with `criterion`). Managers of the subtree and admins; a member for themselves.',
  })
  async createGoal(@Arg('input', () => CreateGoalInput) input: CreateGoalInput, @Ctx() ctx: Context): Promise<Goal> {
    const draft = goalDraft(input);
    const owner = await draftOwner(ctx.em, draft);
    await assertCanWriteGoal(ctx, owner, 'new', 'set goals');
    return ctx.em.transactional((em) => createGoal(em, ctx.viewer, draft, owner));
  }

  @Mutation(() => Goal, { description: 'Changes a goal when expectedVersion matches, re-checking it as createGoal does.' })
  async updateGoal(
    @Arg('id', () => ID, { description: 'Goal id.' }) id: string,
    @Arg('input', () => UpdateGoalInput) input: UpdateGoalInput,
    @Ctx() ctx: Context,
  ): Promise<Goal> {
    const goal = await requireGoal(ctx.em, parseId(id, 'id'));
    await assertCanWriteGoal(ctx, await loadOwner(ctx, goal), goal.createdBy?.id ?? null, 'change goals');
    const patch = { ...input, periodId: input.periodId === undefined ? undefined : parseOptionalId(input.periodId, 'periodId') };
    return ctx.em.transactional((em) => updateGoal(em, goal.id, patch));
  }

  @Mutation(() => Goal, { description: 'Archives a goal; it stays readable with includeArchived.' })
  async archiveGoal(@Arg('id', () => ID, { description: 'Goal id.' }) id: string, @Ctx() ctx: Context): Promise<Goal> {
    const goal = await requireGoal(ctx.em, parseId(id, 'id'));
    await assertCanWriteGoal(ctx, await loadOwner(ctx, goal), goal.createdBy?.id ?? null, 'archive goals');
    return ctx.em.transactional((em) => archiveGoal(em, goal.id));
  }
}
