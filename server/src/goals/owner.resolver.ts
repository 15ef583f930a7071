import { Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { memberById, teamById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { OwnerKind } from './enums.js';
import { OwnerUnion, type OwnedRow, type Owner } from './owner.js';

/** The row's owner, through the request's loaders. */
export async function loadOwner(ctx: Context, row: OwnedRow): Promise<Owner> {
  return row.member
    ? { kind: OwnerKind.MEMBER, member: (await ctx.loaders.get(memberById).load(row.member.id))! }
    : { kind: OwnerKind.TEAM, team: (await ctx.loaders.get(teamById).load(row.team!.id))! };
}

/**
 * The owner fields that quotas and goals share (`owner`, `ownerKind`, `member`, `team`), for their
 * resolvers to extend; a new base class per call, because TypeGraphQL moves a base's fields to one subclass.
 */
export function OwnerFieldsResolver<T extends OwnedRow>(type: ClassType<T>, noun: string) {
  @Resolver(() => type)
  abstract class OwnerFields {
    @FieldResolver(() => OwnerUnion, { description: `The member or team the ${noun} belongs to.` })
    async owner(@Root() row: T, @Ctx() ctx: Context): Promise<Member | Team> {
      const owner = await loadOwner(ctx, row);
      return owner.kind === OwnerKind.MEMBER ? owner.member : owner.team;
    }

    @FieldResolver(() => OwnerKind, { description: `Whether the ${noun} belongs to a member or a team.` })
    ownerKind(@Root() row: T): OwnerKind {
      return row.member ? OwnerKind.MEMBER : OwnerKind.TEAM;
    }

    @FieldResolver(() => Member, { nullable: true, description: `The member, for a member's ${noun}.` })
    async member(@Root() row: T, @Ctx() ctx: Context): Promise<Member | null> {
      return row.member ? ((await ctx.loaders.get(memberById).load(row.member.id)) ?? null) : null;
    }

    @FieldResolver(() => Team, { nullable: true, description: `The team, for a team's ${noun}.` })
    async team(@Root() row: T, @Ctx() ctx: Context): Promise<Team | null> {
      return row.team ? ((await ctx.loaders.get(teamById).load(row.team.id)) ?? null) : null;
    }
  }
  return OwnerFields;
}
