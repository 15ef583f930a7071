import { Arg, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { OwnerKind } from '../goals/enums.js';
import { periodById } from '../goals/loaders.js';
import { OwnerUnion } from '../goals/owner.js';
import { Period } from '../goals/period.entity.js';
import type { Context } from '../graphql/context.js';
import { parseOptionalId } from '../ids.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { assertCanReadMemberAt } from './access.js';
import { milestonesOfOwner } from './loaders.js';
import { Milestone } from './milestone.entity.js';

const PERIOD_FILTER = { nullable: true, description: 'Only milestones of this period.' };

async function milestones(ctx: Context, key: string, periodId: string | undefined): Promise<Milestone[]> {
  const period = parseOptionalId(periodId, 'periodId');
  const rows = await ctx.loaders.get(milestonesOfOwner).load(key);
  return period ? rows.filter((m) => m.period.id === period) : rows;
}

@Resolver(() => Milestone)
export class MilestoneResolver {
  @FieldResolver(() => OwnerUnion, { description: 'The member or team that crossed the threshold.' })
  async owner(@Root() milestone: Milestone, @Ctx() ctx: Context): Promise<Member | Team> {
    return milestone.member
      ? (await ctx.loaders.get(memberById).load(milestone.member.id))!
      : (await ctx.loaders.get(teamById).load(milestone.team!.id))!;
  }

  @FieldResolver(() => OwnerKind, { description: 'Whether a member or a team crossed it.' })
  ownerKind(@Root() milestone: Milestone): OwnerKind {
    return milestone.member ? OwnerKind.MEMBER : OwnerKind.TEAM;
  }

  @FieldResolver(() => Period, { description: 'The period of the quota.' })
  async period(@Root() milestone: Milestone, @Ctx() ctx: Context): Promise<Period> {
    return (await ctx.loaders.get(periodById).load(milestone.period.id))!;
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description:
      'Id of the deal whose win crossed the threshold (read it with Query.deal, which checks deal access); null if it was deleted.',
  })
  dealId(@Root() milestone: Milestone): string | null {
    return milestone.deal ? String(milestone.deal.id) : null;
  }
}

@Resolver(() => Member)
export class MemberMilestonesResolver {
  @FieldResolver(() => [Milestone], { description: 'Quota milestones the member reached, newest first (public on the team card).' })
  async milestones(
    @Root() member: Member,
    @Arg('periodId', () => ID, PERIOD_FILTER) periodId: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Milestone[]> {
    await assertCanReadMemberAt(ctx, member, 'card', 'milestones');
    return milestones(ctx, `MEMBER:${member.id}`, periodId);
  }
}

@Resolver(() => Team)
export class TeamMilestonesResolver {
  @FieldResolver(() => [Milestone], {
    description: 'Quota milestones the team reached (on its own quota, rolled up over its subtree), newest first.',
  })
  async milestones(
    @Root() team: Team,
    @Arg('periodId', () => ID, PERIOD_FILTER) periodId: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Milestone[]> {
    await ctx.access.assertCanReadTeam(team, 'card');
    return milestones(ctx, `TEAM:${team.id}`, periodId);
  }
}
