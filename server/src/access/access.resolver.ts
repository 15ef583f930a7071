import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { parseOptionalId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { revokeEmbedTokens } from './embed-tokens.js';
import { AccessRole, WidgetKind, type EmbedGrant } from './viewer.js';

@ObjectType({ description: 'What an embed token grants: one team subtree or one member, for some widget kinds, read-only.' })
export class EmbedScope {
  @Field(() => ID, { nullable: true, description: 'The team whose subtree the token reads (null when scoped to a member).' })
  teamId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The member whose records the token reads (null when scoped to a team).' })
  memberId!: string | null;

  @Field(() => [WidgetKind], { description: 'Widget kinds the token may serve.' })
  widgets!: WidgetKind[];

  @Field(() => String, { nullable: true, description: 'The only page origin the token may be used from, when bound to one.' })
  origin!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the token expires.' })
  expiresAt!: Date;

  static of(grant: EmbedGrant): EmbedScope {
    return {
      teamId: grant.teamId === null ? null : String(grant.teamId),
      memberId: grant.memberId === null ? null : String(grant.memberId),
      widgets: grant.widgets,
      origin: grant.origin,
      expiresAt: grant.expiresAt,
    };
  }
}

@ObjectType({ description: 'A signed, short-lived, read-only token for a widget on an intranet page.' })
export class EmbedToken {
  @Field(() => ID, { description: 'Token id (its `jti`): revoke it with `revokeEmbedTokens(input: { tokenId })`.' })
  id!: string;

  @Field(() => String, { description: 'The token: the widget sends it as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => DateTimeScalar, { description: 'When it expires; mint a new one before then.' })
  expiresAt!: Date;

  @Field(() => EmbedScope, { description: 'What it grants.' })
  scope!: EmbedScope;
}

@InputType({ description: 'An embed token to create: exactly one of teamId and memberId, and the widget kinds.' })
export class CreateEmbedTokenInput {
  @Field(() => ID, { nullable: true, description: 'Scope the token to this team and every team below it.' })
  teamId?: string | null;

  @Field(() => ID, { nullable: true, description: "Scope the token to this member: their own records and their team's card." })
  memberId?: string | null;

  @Field(() => [WidgetKind], { description: 'Widget kinds the token may serve.' })
  widgets!: WidgetKind[];

  @Field(() => String, {
    nullable: true,
    description: 'Bind the token to this page origin (scheme://host[:port]); other origins are refused.',
  })
  origin?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Lifetime in seconds, at least 30 and at most the configured EMBED_TOKEN_TTL_SECONDS (its default).',
  })
  ttlSeconds?: number | null;
}

@InputType({ description: 'Embed tokens to revoke: exactly one of tokenId, teamId and issuer.' })
export class RevokeEmbedTokensInput {
  @Field(() => ID, { nullable: true, description: 'One token, by the id createEmbedToken returned.' })
  tokenId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Every live token of this team's subtree: team tokens below it and member tokens of its members.",
  })
  teamId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Every live token this issuer (the `sub` of its identity token) created; only an ADMIN names someone else.',
  })
  issuer?: string | null;
}

@ObjectType({ description: 'The outcome of a revocation: revoked tokens are refused from the next request on.' })
export class EmbedTokenRevocationResult {
  @Field(() => Int, { description: 'How many live tokens were revoked (0 when none was live).' })
  revokedCount!: number;
}

@ObjectType('Viewer', { description: 'Who is calling, as the server sees it.' })
export class ViewerInfo {
  @Field(() => AccessRole, { description: 'Access role of the caller.' })
  role!: AccessRole;

  @Field(() => ID, { nullable: true, description: 'Member id of the caller (for an embed token scoped to a member: that member).' })
  memberId!: string | null;

  @Field(() => Boolean, { description: 'True when the caller may run no mutation (ANALYST, EMBED).' })
  readOnly!: boolean;

  @Field(() => EmbedScope, { nullable: true, description: 'What the embed token grants, for EMBED callers.' })
  embed!: EmbedScope | null;
}

@Resolver(() => ViewerInfo)
export class AccessResolver {
  @Query(() => ViewerInfo, { description: 'Who is calling: role, member and, for a widget, what its embed token grants.' })
  async viewer(@Ctx() ctx: Context): Promise<ViewerInfo> {
    const scope = await ctx.access.scope();
    return {
      role: ctx.viewer.role,
      memberId: ctx.viewer.memberId === null ? null : String(ctx.viewer.memberId),
      readOnly: scope.readOnly,
      embed: ctx.viewer.embed ? EmbedScope.of(ctx.viewer.embed) : null,
    };
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member record of the caller, when the caller is a member.' })
  async member(@Root() viewer: ViewerInfo, @Ctx() ctx: Context): Promise<Member | null> {
    if (viewer.memberId === null) return null;
    return (await ctx.loaders.get(memberById).load(Number(viewer.memberId))) ?? null;
  }

  @Mutation(() => EmbedToken, {
    description:
      'Creates a read-only embed token for one team subtree or one member (a MANAGER for the teams they lead, an ADMIN for any).',
  })
  async createEmbedToken(
    @Arg('input', () => CreateEmbedTokenInput) input: CreateEmbedTokenInput,
    @Ctx() ctx: Context,
  ): Promise<EmbedToken> {
    const { token, grant } = await ctx.embedTokens.issue(ctx.em, ctx.access, {
      teamId: parseOptionalId(input.teamId, 'teamId'),
      memberId: parseOptionalId(input.memberId, 'memberId'),
      widgets: input.widgets,
      origin: input.origin,
      ttlSeconds: input.ttlSeconds,
    });
    return { id: grant.tokenId, token, expiresAt: grant.expiresAt, scope: EmbedScope.of(grant) };
  }

  @Mutation(() => EmbedTokenRevocationResult, {
    description:
      "Revokes embed tokens at once: one by id, those of a team subtree (a MANAGER for the teams they lead, an ADMIN for any), or all of one issuer (your own, or anyone's as an ADMIN).",
  })
  async revokeEmbedTokens(
    @Arg('input', () => RevokeEmbedTokensInput) input: RevokeEmbedTokensInput,
    @Ctx() ctx: Context,
  ): Promise<EmbedTokenRevocationResult> {
    const request = { tokenId: input.tokenId, teamId: parseOptionalId(input.teamId, 'teamId'), issuer: input.issuer };
    return { revokedCount: await ctx.em.transactional((em) => revokeEmbedTokens(em, ctx.access, request)) };
  }
}
