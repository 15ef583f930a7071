import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../errors.js';
import { Period } from '../goals/period.entity.js';
import { requirePeriod } from '../goals/period.service.js';
import type { Context } from '../graphql/context.js';
import { DecimalScalar } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { MemberRole } from '../org/enums.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { LeaderboardMetric } from './enums.js';
import { LEADERBOARD_DEFAULT_ROLES, leaderboard } from './leaderboard.service.js';

export const LEADERBOARD_DEFAULT_SIZE = 10;

@ObjectType({ description: 'One member on a leaderboard.' })
export class LeaderboardEntry {
  memberId!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Standard competition rank ("1224") among the members with a result (a value above 0): equal values share a rank, the next rank skips. Null for a member without a result, listed after the ranked ones.',
  })
  rank!: number | null;

  @Field(() => DecimalScalar, {
    description:
      'The value ranked: a ratio with 4 decimals for ATTAINMENT ("1.0520" = 105.2 %), an amount for REVENUE, a whole number otherwise.',
  })
  value!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Rank in the previous period of the same kind; null when the member had no result then.',
  })
  previousRank!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'previousRank − rank: positive when the member moved up; null when the member is not ranked now or was not then.',
  })
  rankChange!: number | null;
}

@ObjectType({
  description: 'A leaderboard (рейтинг): the active members of a team subtree ranked by a metric in a period, with rank changes.',
})
export class Leaderboard {
  team!: Team;
  period!: Period;

  @Field(() => LeaderboardMetric, { description: 'What members are ranked by.' })
  metric!: LeaderboardMetric;

  @Field(() => Period, {
    nullable: true,
    description: 'The previous period of the same kind rank changes are measured against; null if none exists.',
  })
  previousPeriod!: Period | null;

  @Field(() => [MemberRole], { description: 'The roles of the members on the board.' })
  roles!: MemberRole[];

  @Field(() => [LeaderboardEntry], {
    description:
      'The first entries: the ranked members by rank, equal values by name; then the members without a result (rank null) by name. Empty when nobody has a result.',
  })
  entries!: LeaderboardEntry[];

  @Field(() => Boolean, {
    description:
      'Whether anybody has a result yet (a value above 0); false at the start of a period or when nobody has a quota (ATTAINMENT): the board then lists nobody.',
  })
  hasResults!: boolean;

  @Field(() => Int, { description: 'How many members have a result and a rank.' })
  rankedCount!: number;

  @Field(() => Int, {
    description:
      'How many members are on the board in all, ranked or without a result (ATTAINMENT lists only members with a quota); 0 when nobody has a result.',
  })
  totalCount!: number;
}

@Resolver(() => Leaderboard)
export class LeaderboardResolver {
  @Query(() => Leaderboard, {
    description: "Ranks the active members of a team's subtree by a metric in a period (part of the team's card).",
  })
  async leaderboard(
    @Arg('teamId', () => ID, { description: 'The team (its whole subtree).' }) teamId: string,
    @Arg('periodId', () => ID, { description: 'The period.' }) periodId: string,
    @Arg('metric', () => LeaderboardMetric, {
      defaultValue: LeaderboardMetric.ATTAINMENT,
      description: 'What to rank by (default ATTAINMENT).',
    })
    metric: LeaderboardMetric,
    @Arg('roles', () => [MemberRole], {
      defaultValue: [...LEADERBOARD_DEFAULT_ROLES],
      description: 'Whose results are ranked: members holding one of these roles (default [REP]; managers and support only when named).',
    })
    roles: MemberRole[],
    @Arg('first', () => Int, {
      defaultValue: LEADERBOARD_DEFAULT_SIZE,
      description: `How many entries to return (default ${LEADERBOARD_DEFAULT_SIZE}, at most the server page limit).`,
    })
    first: number,
    @Ctx() ctx: Context,
  ): Promise<Leaderboard> {
    if (!Number.isInteger(first) || first < 1 || first > ctx.limits.maxPageSize) {
      throw badInput('first', 'range', `first must be between 1 and ${ctx.limits.maxPageSize}, got ${first}`);
    }
    if (!roles.length) throw badInput('roles', 'required', 'name at least one role to rank');
    const team = await requireTeam(ctx.em, parseId(teamId, 'teamId'), 'teamId');
    await ctx.access.assertCanReadTeam(team, 'card');
    const period = await requirePeriod(ctx.em, parseId(periodId, 'periodId'));
    const result = await leaderboard(ctx.em, team.path, period, metric, roles, first);
    const hasResults = result.rankedCount > 0;
    const entries = hasResults
      ? result.rows.map((row) =>
          Object.assign(new LeaderboardEntry(), {
            ...row,
            rankChange: row.previousRank === null || row.rank === null ? null : row.previousRank - row.rank,
          }),
        )
      : [];
    return Object.assign(new Leaderboard(), {
      team,
      period,
      metric,
      roles,
      previousPeriod: result.previousPeriod,
      entries,
      hasResults,
      rankedCount: result.rankedCount,
      totalCount: hasResults ? result.totalCount : 0,
    });
  }

  @FieldResolver(() => Team, { description: 'The team whose subtree is ranked.' })
  team(@Root() board: Leaderboard): Team {
    return board.team;
  }

  @FieldResolver(() => Period, { description: 'The period ranked.' })
  period(@Root() board: Leaderboard): Period {
    return board.period;
  }
}

@Resolver(() => LeaderboardEntry)
export class LeaderboardEntryResolver {
  @FieldResolver(() => Member, { description: 'The member.' })
  async member(@Root() entry: LeaderboardEntry, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(entry.memberId))!;
  }
}
