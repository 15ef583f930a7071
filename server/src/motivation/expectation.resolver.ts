import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { parseId } from '../ids.js';
import { MemberRole } from '../org/enums.js';
import { teamById } from '../org/loaders.js';
import { Team } from '../org/team.entity.js';
import { requireTeam } from '../org/team.service.js';
import { Expectation } from './expectation.entity.js';
import { SetExpectationInput } from './inputs.js';
import { removeExpectation, requireExpectation, setExpectation } from './motivation.service.js';

/** The organisation defaults are the admins'; a team's overrides belong to the managers above that team. */
async function assertCanSetFor(ctx: Context, team: Team | null, action: string): Promise<void> {
  await ctx.access.assertCanWrite(action);
  if (team) await ctx.access.assertCanManageTeam(team, action);
  else await ctx.access.assertCanManageOrganisation(`${action} for the whole organisation`);
}

@Resolver(() => Expectation)
export class ExpectationResolver {
  @Query(() => [Expectation], {
    description: 'Expectations per role and KPI (organisation defaults and team overrides); every member may read them.',
  })
  async expectations(
    @Arg('role', () => MemberRole, { nullable: true, description: 'Only this role.' }) role: MemberRole | undefined,
    @Ctx() ctx: Context,
  ): Promise<Expectation[]> {
    return ctx.em.find(Expectation, role ? { role } : {}, { orderBy: { role: 'asc', kpi: 'asc', id: 'asc' } });
  }

  @Mutation(() => Expectation, {
    description:
      'Sets (creates or changes) what a role is expected to reach on a KPI, for the organisation (admins) or a team subtree (its managers).',
  })
  async setExpectation(@Arg('input', () => SetExpectationInput) input: SetExpectationInput, @Ctx() ctx: Context): Promise<Expectation> {
    const team = input.teamId ? await requireTeam(ctx.em, parseId(input.teamId, 'teamId'), 'teamId') : null;
    await assertCanSetFor(ctx, team, 'set an expectation');
    return ctx.em.transactional((em) => setExpectation(em, { ...input, team: team && em.merge(team) }, ctx.viewer.memberId));
  }

  @Mutation(() => ID, { description: 'Removes an expectation (same permissions as setting it); returns its id.' })
  async removeExpectation(@Arg('id', () => ID, { description: 'Expectation id.' }) id: string, @Ctx() ctx: Context): Promise<string> {
    const expectation = await requireExpectation(ctx.em, parseId(id, 'id'));
    await assertCanSetFor(ctx, expectation.team, 'remove an expectation');
    await ctx.em.transactional((em) => removeExpectation(em, em.merge(expectation)));
    return id;
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team whose subtree it applies to; null for the organisation default.' })
  async team(@Root() expectation: Expectation, @Ctx() ctx: Context): Promise<Team | null> {
    return expectation.team ? ((await ctx.loaders.get(teamById).load(expectation.team.id)) ?? null) : null;
  }
}
