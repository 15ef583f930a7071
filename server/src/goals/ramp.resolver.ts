import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { parseId } from '../ids.js';
import { CreateRampProfileInput, UpdateRampProfileInput } from './inputs.js';
import { RampProfile } from './ramp-profile.entity.js';
import { archiveRampProfile, createRampProfile, listRampProfiles, requireRampProfile, updateRampProfile } from './ramp.service.js';

/** Ramp profiles are organisation settings: every person reads them (managers choose one when allocating), admins change them. */
@Resolver(() => RampProfile)
export class RampProfileResolver {
  @Query(() => [RampProfile], { description: 'The ramp profiles by name; a short list of organisation settings, not paged.' })
  async rampProfiles(
    @Arg('includeArchived', () => Boolean, { defaultValue: false, description: 'Also list archived profiles (after the active ones).' })
    includeArchived: boolean,
    @Ctx() ctx: Context,
  ): Promise<RampProfile[]> {
    return listRampProfiles(ctx.em, includeArchived);
  }

  @Query(() => RampProfile, { description: 'One ramp profile by id (archived ones included).' })
  async rampProfile(@Arg('id', () => ID, { description: 'Ramp profile id.' }) id: string, @Ctx() ctx: Context): Promise<RampProfile> {
    return requireRampProfile(ctx.em, parseId(id, 'id'));
  }

  @Mutation(() => RampProfile, { description: 'Creates a ramp profile, optionally the organisation default (ADMIN).' })
  async createRampProfile(
    @Arg('input', () => CreateRampProfileInput) input: CreateRampProfileInput,
    @Ctx() ctx: Context,
  ): Promise<RampProfile> {
    await ctx.access.assertCanManageOrganisation('manage ramp profiles');
    return ctx.em.transactional((em) => createRampProfile(em, input));
  }

  @Mutation(() => RampProfile, {
    description: 'Renames a ramp profile, changes its steps or its default status (ADMIN); quotas already written keep their amounts.',
  })
  async updateRampProfile(
    @Arg('id', () => ID, { description: 'Ramp profile id.' }) id: string,
    @Arg('input', () => UpdateRampProfileInput) input: UpdateRampProfileInput,
    @Ctx() ctx: Context,
  ): Promise<RampProfile> {
    await ctx.access.assertCanManageOrganisation('manage ramp profiles');
    return ctx.em.transactional((em) => updateRampProfile(em, parseId(id, 'id'), input));
  }

  @Mutation(() => RampProfile, {
    description: 'Archives a ramp profile (ADMIN): allocations can no longer use it, and the default stops being the default.',
  })
  async archiveRampProfile(
    @Arg('id', () => ID, { description: 'Ramp profile id.' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<RampProfile> {
    await ctx.access.assertCanManageOrganisation('manage ramp profiles');
    return ctx.em.transactional((em) => archiveRampProfile(em, parseId(id, 'id')));
  }
}
