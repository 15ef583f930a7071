import DataLoader from 'dataloader';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { divideRounded, parseScaled } from '../decimal.js';
import type { Context } from '../graphql/context.js';
import { defineLoader, displayInstance, groupByKey } from '../graphql/loaders.js';
import { DecimalScalar } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { formatMoney, toKopecks } from '../money.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { DealCredit } from './deal-credit.entity.js';
import { setDealCredits } from './deal-credit.service.js';
import { requireDeal } from './deal.service.js';
import { Deal } from './deal.entity.js';

@InputType({ description: "One member's share in a deal's credit split." })
export class DealCreditInput {
  @Field(() => ID, { description: 'The member credited; an active member, named once per split.' })
  memberId!: string;

  @Field(() => DecimalScalar, { description: 'Percent of the deal amount, more than 0 and at most 100, two decimals.' })
  percent!: string;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'An overlay share (e.g. a product specialist): credited on top of the regular shares, which sum to 100.',
  })
  overlay!: boolean;
}

/** The stored lines of each deal, regular shares first, then the largest. */
const creditsOfDeal = defineLoader(
  (em) =>
    new DataLoader<number, DealCredit[]>(async (dealIds) => {
      const rows = await em.find(
        DealCredit,
        { deal: { $in: [...dealIds] } },
        { orderBy: { overlay: 'asc', percent: 'desc', member: { id: 'asc' } } },
      );
      return groupByKey(dealIds, rows, (line) => line.deal.id);
    }),
);

/** Lines for display, each holding the deal it was read with: the object guard reads a line as its deal (access/object-policies.ts). */
function displayLines(deal: Deal, rows: DealCredit[]): DealCredit[] {
  if (rows.length === 0) {
    return [
      displayInstance(DealCredit, {
        deal,
        member: deal.owner,
        team: deal.team,
        percent: '100.00',
        overlay: false,
        setAt: null,
        implicit: true,
      }),
    ];
  }
  return rows.map((row) =>
    displayInstance(DealCredit, {
      deal,
      member: row.member,
      team: row.team,
      percent: row.percent,
      overlay: row.overlay,
      setAt: row.setAt,
      implicit: false,
    }),
  );
}

@Resolver(() => Deal)
export class DealCreditsResolver {
  @FieldResolver(() => [DealCredit], {
    description:
      "Who is credited with the deal: its split, regular shares first (they sum to 100), then overlay shares; the owner's implicit 100 % when it is not split.",
  })
  async credits(@Root() deal: Deal, @Ctx() ctx: Context): Promise<DealCredit[]> {
    return displayLines(deal, await ctx.loaders.get(creditsOfDeal).load(deal.id));
  }

  @Mutation(() => Deal, {
    description:
      "Splits the credit for a deal among members (the owner's regular share included; regular shares sum to 100, overlay shares on top); an empty list returns it to its owner's 100 %. The managers above the deal's team and admins may, on an open deal; only admins on a won one.",
  })
  async setDealCredits(
    @Arg('dealId', () => ID, { description: 'Deal id.' }) dealId: string,
    @Arg('credits', () => [DealCreditInput], { description: 'The whole split; replaces the current one.' }) credits: DealCreditInput[],
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the deal is still at this version.' })
    expectedVersion: number | null,
    @Ctx() ctx: Context,
  ): Promise<Deal> {
    const deal = await requireDeal(ctx.em, parseId(dealId, 'dealId'), 'dealId');
    await ctx.access.assertCanManageTeam(deal.team, `split the credit of deal ${deal.id}`);
    const drafts = credits.map((line, i) => ({ ...line, memberId: parseId(line.memberId, `credits[${i}].memberId`) }));
    const { manageOrganisation } = await ctx.access.scope();
    const options = { actorId: ctx.viewer.memberId, mayChangeWon: manageOrganisation, expectedVersion };
    return ctx.em.transactional((em) => setDealCredits(em, deal.id, drafts, options));
  }
}

@Resolver(() => DealCredit)
export class DealCreditResolver {
  @FieldResolver(() => Member, { description: 'The member credited.' })
  async member(@Root() line: DealCredit, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(line.member.id))!;
  }

  @FieldResolver(() => Team, {
    description: "The team the share counts for: the member's team when the line was first set; for the owner, the deal's team.",
  })
  async team(@Root() line: DealCredit, @Ctx() ctx: Context): Promise<Team> {
    return (await ctx.loaders.get(teamById).load(line.team.id))!;
  }

  @FieldResolver(() => DecimalScalar, { description: 'The amount credited: deal amount × percent / 100, to the kopeck.' })
  amount(@Root() line: DealCredit): string {
    return formatMoney(divideRounded(toKopecks(line.deal.amount) * parseScaled(line.percent, 'percent', 2), 10_000n));
  }
}
