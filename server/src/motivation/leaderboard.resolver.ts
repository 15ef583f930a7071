import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../errors.js';
import { Period } from '../goals/period.entity.js';
import { requirePeriod } from '../goals/period.service.js';
import type { Context } from '../graphql/context.js';
import { DecimalScalar } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { LeaderboardMetric } from './enums.js';
import { leaderboard } from './leaderboard.service.js';

export const LEADERBOARD_DEFAULT_SIZE = 10;

@ObjectType({ description: 'One member on a leaderboard.' })
export class LeaderboardEntry {
  memberId!: number;

  @Field(() => Int, { description: 'Standard competition rank ("1224"): members with equal values share a rank, the next rank skips.' })
  rank!: number;

  @Field(() => DecimalScalar, {
    description:
      'The value ranked: a ratio with 4 decimals for ATTAINMENT ("1.0520" = 105.2 %), an amount for REVENUE, a whole number otherwise.',
  })
  value!: string;

  @Field(() => Int, { nullable: true, description: 'Rank in the previous period of the same kind; null when not ranked then.' })
  previousRank!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'previousRank − rank: positive when the member moved up; null when not ranked in the previous period.',
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

  @Field(() => [LeaderboardEntry], { description: 'The top entries by rank; members with equal values by name.' })
  entries!: LeaderboardEntry[];

  @Field(() => Int, { description: 'How many members are ranked in all (ATTAINMENT ranks only members with a quota).' })
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
    const team = await requireTeam(ctx.em, parseId(teamId, 'teamId'), 'teamId');
    await ctx.access.assertCanReadTeam(team, 'card');
    const period = await requirePeriod(ctx.em, parseId(periodId, 'periodId'));
    const result = await leaderboard(ctx.em, team.path, period, metric, first);
    const entries = result.rows.map((row) =>
      Object.assign(new LeaderboardEntry(), { ...row, rankChange: row.previousRank === null ? null : row.previousRank - row.rank }),
    );
    return Object.assign(new Leaderboard(), {
      team,
      period,
      metric,
      previousPeriod: result.previousPeriod,
      entries,
      totalCount: result.totalCount,
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
