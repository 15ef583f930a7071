import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ownedRowsFilter } from '../goals/access.js';
import { OwnerKind } from '../goals/enums.js';
import { periodById } from '../goals/loaders.js';
import { requireOwner } from '../goals/owner.js';
import { Period } from '../goals/period.entity.js';
import { requirePeriod } from '../goals/period.service.js';
import { Connection, PageArgs, Page, readCursor, signCursor, toPageRequest } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { DateScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { requireDate, todayIso } from '../validate.js';
import { forecastAccuracy } from './accuracy.service.js';
import { assertCanReadForecastOf, assertCanReadTeamForecast, assertCanSubmitFor } from './access.js';
import { forecastRollup } from './rollup.service.js';
import { ForecastSnapshot } from './snapshot.entity.js';
import { closeDateSlippage, pipelineSnapshot, takeSnapshot } from './snapshot.service.js';
import { ForecastSubmission } from './submission.entity.js';
import { submitForecast } from './submission.service.js';
import { CloseDateSlippage, ForecastAccuracy, ForecastRollup, PipelineSnapshot, SubmitForecastInput } from './types.js';

@ObjectType({ description: 'A page of forecast submissions, newest first.' })
export class ForecastSubmissionConnection extends Connection(ForecastSubmission, 'ForecastSubmission', 'forecast submission') {}

/** Submissions page newest first: the cursor carries the submission time and id. */
const LIST = 'ForecastSubmission.submittedAt.desc';

async function readableTeam(ctx: Context, teamId: string): Promise<Team> {
  const team = await requireTeam(ctx.em, parseId(teamId, 'teamId'), 'teamId');
  await assertCanReadTeamForecast(ctx, team);
  return team;
}

async function teamAndPeriod(ctx: Context, teamId: string, periodId: string): Promise<{ team: Team; period: Period }> {
  const team = await readableTeam(ctx, teamId);
  return { team, period: await requirePeriod(ctx.em, parseId(periodId, 'periodId')) };
}

const ownerArgs = (memberId: string | null | undefined, teamId: string | null | undefined) =>
  [parseOptionalId(memberId, 'memberId'), parseOptionalId(teamId, 'teamId')] as const;

@Resolver()
export class ForecastResolver {
  @Query(() => ForecastRollup, {
    description:
      "The forecast call of a team for a period: each member directly in it and each child team with their system figures, latest submission and call, rolled up, beside the team's own submission. The team's records: its managers above, analysts, admins, forecast widgets of the subtree.",
  })
  async forecastRollup(
    @Arg('teamId', () => ID, { description: 'The team rolled up.' }) teamId: string,
    @Arg('periodId', () => ID, { description: 'The period forecast.' }) periodId: string,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description:
        'The day the roll-up stands for (default today): submissions made after it are left out; slipped deals count only when it lies in the period.',
    })
    asOf: string | null,
    @Ctx() ctx: Context,
  ): Promise<ForecastRollup> {
    // Two statements for the widget: the team (to check access), then the whole roll-up with the period.
    const team = await readableTeam(ctx, teamId);
    return forecastRollup(ctx.em, team, parseId(periodId, 'periodId'), asOf ? requireDate(asOf, 'asOf') : todayIso());
  }

  @Query(() => ForecastSubmissionConnection, {
    description:
      'Forecast submissions of a period, newest first: of one member (their records), of one team (its records), or every one the caller may read.',
  })
  async forecastSubmissions(
    @Arg('periodId', () => ID, { description: 'The period.' }) periodId: string,
    @Arg('memberId', () => ID, { nullable: true, description: "Only this member's calls." }) memberId: string | null,
    @Arg('teamId', () => ID, { nullable: true, description: "Only this team's calls (not its members')." }) teamId: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<ForecastSubmission>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const period = parseId(periodId, 'periodId');
    const [member, team] = ownerArgs(memberId, teamId);
    const where: FilterQuery<ForecastSubmission>[] = [{ period }];
    if (member != null || team != null) {
      const owner = await requireOwner(ctx.em, member, team);
      await assertCanReadForecastOf(ctx, owner);
      where.push(owner.kind === OwnerKind.MEMBER ? { member: owner.member.id } : { team: owner.team.id });
    } else {
      where.push(await ownedRowsFilter<ForecastSubmission>(ctx, 'records'));
    }
    const conditions = [...where];
    if (request.after) {
      const [at, id] = readCursor(LIST, request.after) as [string, number];
      const time = new Date(at);
      conditions.push({ $or: [{ submittedAt: { $lt: time } }, { submittedAt: time, id: { $lt: id } }] });
    }
    const rows =
      request.first === 0
        ? []
        : await ctx.em.find(
            ForecastSubmission,
            { $and: conditions },
            { orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }], limit: request.first + 1 },
          );
    const edges = rows
      .slice(0, request.first)
      .map((node) => ({ cursor: signCursor(LIST, [node.submittedAt.toISOString(), node.id]), node }));
    const pageInfo = {
      hasNextPage: rows.length > request.first,
      hasPreviousPage: Boolean(request.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
    return new Page(edges, pageInfo, () => ctx.em.count(ForecastSubmission, { $and: where }));
  }

  @Query(() => ForecastAccuracy, {
    description:
      "How the last call of a member or a team made by the period's end compares with what was won in the period (the owner's records).",
  })
  async forecastAccuracy(
    @Arg('periodId', () => ID, { description: 'The period.' }) periodId: string,
    @Arg('memberId', () => ID, { nullable: true, description: 'The member; exactly one of memberId and teamId.' }) memberId: string | null,
    @Arg('teamId', () => ID, { nullable: true, description: 'The team (its whole subtree won); exactly one of memberId and teamId.' })
    teamId: string | null,
    @Ctx() ctx: Context,
  ): Promise<ForecastAccuracy> {
    const owner = await requireOwner(ctx.em, ...ownerArgs(memberId, teamId));
    await assertCanReadForecastOf(ctx, owner);
    const period = await requirePeriod(ctx.em, parseId(periodId, 'periodId'));
    return forecastAccuracy(ctx.em, owner, period, todayIso());
  }

  @Query(() => PipelineSnapshot, {
    nullable: true,
    description:
      "The team subtree's pipeline for the period as the latest weekly snapshot taken on or before asOf recorded it; null when none is that old.",
  })
  async pipelineSnapshot(
    @Arg('teamId', () => ID, { description: 'The team (its whole subtree).' }) teamId: string,
    @Arg('periodId', () => ID, { description: 'The period.' }) periodId: string,
    @Arg('asOf', () => DateScalar, { description: 'Read the latest snapshot taken on or before this day.' }) asOf: string,
    @Ctx() ctx: Context,
  ): Promise<PipelineSnapshot | null> {
    const { team, period } = await teamAndPeriod(ctx, teamId, periodId);
    return pipelineSnapshot(ctx.em, team, period, requireDate(asOf, 'asOf'));
  }

  @Query(() => CloseDateSlippage, {
    description:
      'How the close dates of the deals a team subtree expected in the period moved since the first weekly snapshot taken on or after `since`.',
  })
  async closeDateSlippage(
    @Arg('teamId', () => ID, { description: 'The team (its whole subtree).' }) teamId: string,
    @Arg('periodId', () => ID, { description: 'The period.' }) periodId: string,
    @Arg('since', () => DateScalar, { description: 'Compare with the first snapshot taken on or after this day.' }) since: string,
    @Ctx() ctx: Context,
  ): Promise<CloseDateSlippage> {
    const { team, period } = await teamAndPeriod(ctx, teamId, periodId);
    return closeDateSlippage(ctx.em, team, period, requireDate(since, 'since'));
  }

  @Mutation(() => ForecastSubmission, {
    description:
      'Submits a forecast call, kept as a new row beside the earlier ones: a member for themselves (commit, bestCase), or a team by the managers above it or an admin (the roll-up now plus adjustment, with a note when it is not 0).',
  })
  async submitForecast(
    @Arg('input', () => SubmitForecastInput, { description: 'The call.' }) input: SubmitForecastInput,
    @Ctx() ctx: Context,
  ): Promise<ForecastSubmission> {
    const owner = await requireOwner(ctx.em, ...ownerArgs(input.memberId, input.teamId));
    await assertCanSubmitFor(ctx, owner);
    const period = await requirePeriod(ctx.em, parseId(input.periodId, 'periodId'));
    return ctx.em.transactional((em) => submitForecast(em, { ...input, owner, period }, ctx.viewer.memberId));
  }

  @Mutation(() => ForecastSnapshot, {
    description:
      "Takes this ISO week's snapshot of every open deal, or refreshes it when it was already taken (admins); the server also takes one weekly by itself.",
  })
  async takeForecastSnapshot(@Ctx() ctx: Context): Promise<ForecastSnapshot> {
    await ctx.access.assertCanManageOrganisation('take forecast snapshots');
    return ctx.em.transactional(async (em) => (await takeSnapshot(em, { refresh: true }))!);
  }
}

@Resolver(() => ForecastSubmission)
export class ForecastSubmissionResolver {
  @FieldResolver(() => OwnerKind, { description: 'MEMBER for a member’s own call, TEAM for a team’s.' })
  ownerKind(@Root() submission: ForecastSubmission): OwnerKind {
    return submission.member ? OwnerKind.MEMBER : OwnerKind.TEAM;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member calling for themselves; set when ownerKind = MEMBER.' })
  async member(@Root() submission: ForecastSubmission, @Ctx() ctx: Context): Promise<Member | null> {
    return submission.member ? ((await ctx.loaders.get(memberById).load(submission.member.id)) ?? null) : null;
  }

  @FieldResolver(() => Team, {
    nullable: true,
    description: 'The team called for; set when ownerKind = TEAM (by its manager or an admin).',
  })
  async team(@Root() submission: ForecastSubmission, @Ctx() ctx: Context): Promise<Team | null> {
    return submission.team ? ((await ctx.loaders.get(teamById).load(submission.team.id)) ?? null) : null;
  }

  @FieldResolver(() => Period, { description: 'The period called.' })
  async period(@Root() submission: ForecastSubmission, @Ctx() ctx: Context): Promise<Period> {
    return (await ctx.loaders.get(periodById).load(submission.period.id))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'Who submitted it; null for an admin without a member (a service account).' })
  async submittedBy(@Root() submission: ForecastSubmission, @Ctx() ctx: Context): Promise<Member | null> {
    return submission.submittedBy ? ((await ctx.loaders.get(memberById).load(submission.submittedBy.id)) ?? null) : null;
  }
}
