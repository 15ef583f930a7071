import { wrap, type FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { requireTeam } from '../org/team.service.js';
import { QUOTA_READ, assertCanReadOwner, assertCanSetQuota, ownedRowsFilter } from './access.js';
import { applyAllocation, previewAllocation, type AllocationDraft } from './allocation.service.js';
import { QuotaAllocation } from './allocation.types.js';
import { OwnerKind, type QuotaMetric } from './enums.js';
import { QuotaAllocationInput, QuotaFilter, SetQuotaInput } from './inputs.js';
import { historyOfQuota, periodById, quotaById } from './loaders.js';
import { ownerFilters, requireOwner } from './owner.js';
import { loadOwner, OwnerFieldsResolver } from './owner.resolver.js';
import { Period } from './period.entity.js';
import { QuotaChange } from './quota-change.entity.js';
import { Quota } from './quota.entity.js';
import { requireQuota, setQuota, storedTargetText } from './quota.service.js';

@ObjectType({ description: 'A page of quotas.' })
export class QuotaConnection extends Connection(Quota, 'Quota', 'quota') {}

function allocationDraft(input: QuotaAllocationInput): AllocationDraft {
  return {
    ...input,
    teamId: parseId(input.teamId, 'teamId'),
    periodId: parseId(input.periodId, 'periodId'),
    memberIds: input.memberIds?.map((id, i) => parseId(id, `memberIds[${i}]`)),
    pins: input.pins?.map((pin, i) => ({ memberId: parseId(pin.memberId, `pins[${i}].memberId`), amount: pin.amount })),
  };
}

@Resolver(() => Quota)
export class QuotaResolver extends OwnerFieldsResolver(Quota, 'quota') {
  @Query(() => Quota, { description: "One quota by id (a member's quota is one of their records, a team's quota one of the team's)." })
  async quota(@Arg('id', () => ID, { description: 'Quota id.' }) id: string, @Ctx() ctx: Context): Promise<Quota> {
    const quota = await requireQuota(ctx.em, parseId(id, 'id'));
    await assertCanReadOwner(ctx, await loadOwner(ctx, quota), QUOTA_READ);
    return quota;
  }

  @Query(() => QuotaConnection, { description: 'Quotas the caller may read, by id, a page at a time.' })
  async quotas(
    @Arg('filter', () => QuotaFilter, { nullable: true, description: 'Which quotas to list.' }) filter: QuotaFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Quota>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Quota>[] = [await ownedRowsFilter<Quota>(ctx, QUOTA_READ.team)];
    where.push(...(await ownerFilters<Quota>(ctx.em, filter)));
    if (filter?.ownerKind) where.push(filter.ownerKind === OwnerKind.MEMBER ? { member: { $ne: null } } : { team: { $ne: null } });
    if (filter?.periodId) where.push({ period: parseId(filter.periodId, 'filter.periodId') });
    if (filter?.metric) where.push({ metric: filter.metric });
    return paginate(ctx.em, Quota, { $and: where }, 'id', request);
  }

  /** Stored with two decimals; a count is written without them ("12"). The field is declared on Quota. */
  @FieldResolver()
  target(@Root() quota: Quota): string {
    return storedTargetText(quota.metric, quota.target);
  }

  @FieldResolver(() => Period, { description: 'The period of the quota.' })
  async period(@Root() quota: Quota, @Ctx() ctx: Context): Promise<Period> {
    return (await ctx.loaders.get(periodById).load(quota.period.id))!;
  }

  @FieldResolver(() => [QuotaChange], { description: 'Every change of the quota, newest first (the first entry created it).' })
  async history(@Root() quota: Quota, @Ctx() ctx: Context): Promise<QuotaChange[]> {
    await assertCanReadOwner(ctx, await loadOwner(ctx, quota), QUOTA_READ);
    return ctx.loaders.get(historyOfQuota).load(quota.id);
  }

  @Mutation(() => Quota, {
    description:
      'Creates a quota, or changes it when expectedVersion is the version you read (CONFLICT otherwise, so that concurrent edits never silently overwrite each other). Managers of the subtree and admins; nobody sets their own quota.',
  })
  async setQuota(@Arg('input', () => SetQuotaInput) input: SetQuotaInput, @Ctx() ctx: Context): Promise<Quota> {
    const owner = await requireOwner(ctx.em, parseOptionalId(input.memberId, 'memberId'), parseOptionalId(input.teamId, 'teamId'));
    await assertCanSetQuota(ctx, owner, 'set quotas');
    const periodId = parseId(input.periodId, 'periodId');
    return ctx.em.transactional((em) => setQuota(em, ctx.viewer, { ...input, owner, periodId }));
  }

  @Query(() => QuotaAllocation, {
    description:
      "Computes and explains the allocation of a team total among its members without writing anything: it reads the team's records (managers of the subtree, analysts, admins).",
  })
  async previewQuotaAllocation(
    @Arg('input', () => QuotaAllocationInput) input: QuotaAllocationInput,
    @Ctx() ctx: Context,
  ): Promise<QuotaAllocation> {
    const draft = allocationDraft(input);
    await ctx.access.assertCanReadTeam(await requireTeam(ctx.em, draft.teamId, 'teamId'), 'records');
    return previewAllocation(ctx.em, draft);
  }

  @Mutation(() => QuotaAllocation, {
    description:
      "Allocates a team total among its members and writes the team's quota and every member's quota in one transaction, each with a history entry (managers of the subtree, admins).",
  })
  async allocateQuota(
    @Arg('input', () => QuotaAllocationInput) input: QuotaAllocationInput,
    @Ctx() ctx: Context,
  ): Promise<QuotaAllocation> {
    const draft = allocationDraft(input);
    await ctx.access.assertCanManageTeam(await requireTeam(ctx.em, draft.teamId, 'teamId'), 'allocate quotas');
    return ctx.em.transactional((em) => applyAllocation(em, ctx.viewer, draft));
  }
}

/** The metric of a change's quota: already in memory when the change was read through Quota.history. */
async function changeMetric(ctx: Context, change: QuotaChange): Promise<QuotaMetric> {
  if (wrap(change.quota).isInitialized()) return change.quota.metric;
  return (await ctx.loaders.get(quotaById).load(change.quota.id))!.metric;
}

@Resolver(() => QuotaChange)
export class QuotaChangeResolver {
  /** As Quota.target: a count without decimals. The field is declared on QuotaChange. */
  @FieldResolver()
  async oldTarget(@Root() change: QuotaChange, @Ctx() ctx: Context): Promise<string | null> {
    return change.oldTarget === null ? null : storedTargetText(await changeMetric(ctx, change), change.oldTarget);
  }

  @FieldResolver()
  async newTarget(@Root() change: QuotaChange, @Ctx() ctx: Context): Promise<string> {
    return storedTargetText(await changeMetric(ctx, change), change.newTarget);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member who made the change; null for service accounts.' })
  async changedBy(@Root() change: QuotaChange, @Ctx() ctx: Context): Promise<Member | null> {
    return change.changedBy ? ((await ctx.loaders.get(memberById).load(change.changedBy.id)) ?? null) : null;
  }
}
