import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { badInput } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { defineLoader } from '../graphql/loaders.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { requireMember } from '../org/member.service.js';
import { Team } from '../org/team.entity.js';
import { assertCanReadMemberAt, assertCanRecognise } from './access.js';
import { GiveRecognitionInput } from './inputs.js';
import { recognitionsOfMember } from './loaders.js';
import { giveRecognition } from './motivation.service.js';
import { Recognition } from './recognition.entity.js';

export const RECENT_RECOGNITIONS = 5;
const MAX_RECENT = 50;

/** The latest recognitions of the members of each team subtree (keys "path|limit"): one statement for any number of teams. */
const recentRecognitionsOfTeam = defineLoader(
  (em) =>
    new DataLoader<string, Recognition[]>(async (keys) => {
      const parsed = keys.map((key) => key.split('|'));
      const rows = await em.execute<({ idx: string } & Record<string, unknown>)[]>(
        `select k.idx, r.*
           from unnest(array[?]::text[], array[?]::int[]) with ordinality as k(path, lim, idx)
           cross join lateral (
             select r.* from recognition r join member m on m.id = r.member_id join team t on t.id = m.team_id
              where t.path like k.path || '%' order by r.given_at desc, r.id desc limit k.lim
           ) r
          order by k.idx, r.given_at desc, r.id desc`,
        [parsed.map(([path]) => path), parsed.map(([, limit]) => Number(limit))],
      );
      const recognitions = rows.map(({ idx, ...row }) => ({ idx: Number(idx), recognition: em.map(Recognition, row) }));
      return keys.map((_, i) => recognitions.filter((r) => r.idx === i + 1).map((r) => r.recognition));
    }),
);

@Resolver(() => Recognition)
export class RecognitionResolver {
  @Mutation(() => Recognition, {
    description:
      'Recognises a member for a result: a manager above them or a peer who sees them on their team card; a reward only from the managers above and admins. Not yourself.',
  })
  async giveRecognition(@Arg('input', () => GiveRecognitionInput) input: GiveRecognitionInput, @Ctx() ctx: Context): Promise<Recognition> {
    const member = await requireMember(ctx.em, parseId(input.memberId, 'memberId'), 'memberId');
    await assertCanRecognise(ctx, member, Boolean(input.reward?.trim()));
    const draft = { ...input, dealId: parseOptionalId(input.dealId, 'dealId') };
    return ctx.em.transactional((em) => giveRecognition(em, em.merge(member), draft, ctx.viewer.memberId));
  }

  @FieldResolver(() => Member, { description: 'The member recognised.' })
  async member(@Root() recognition: Recognition, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(recognition.member.id))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'Who gave it; null for a service account.' })
  async givenBy(@Root() recognition: Recognition, @Ctx() ctx: Context): Promise<Member | null> {
    return recognition.givenBy ? ((await ctx.loaders.get(memberById).load(recognition.givenBy.id)) ?? null) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Id of the deal it is for (read it with Query.deal, which checks deal access).' })
  dealId(@Root() recognition: Recognition): string | null {
    return recognition.deal ? String(recognition.deal.id) : null;
  }
}

@Resolver(() => Member)
export class MemberRecognitionsResolver {
  @FieldResolver(() => [Recognition], { description: 'Recognitions the member received, newest first (public on the team card).' })
  async recognitions(@Root() member: Member, @Ctx() ctx: Context): Promise<Recognition[]> {
    await assertCanReadMemberAt(ctx, member, 'card', 'recognitions');
    return ctx.loaders.get(recognitionsOfMember).load(member.id);
  }
}

@Resolver(() => Team)
export class TeamRecognitionsResolver {
  @FieldResolver(() => [Recognition], {
    description: 'The latest recognitions of the members of the team and its subtree, newest first (part of the team card).',
  })
  async recentRecognitions(
    @Root() team: Team,
    @Arg('first', () => Int, {
      defaultValue: RECENT_RECOGNITIONS,
      description: `How many (default ${RECENT_RECOGNITIONS}, at most ${MAX_RECENT}).`,
    })
    first: number,
    @Ctx() ctx: Context,
  ): Promise<Recognition[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_RECENT)
      throw badInput('first', 'range', `first must be between 1 and ${MAX_RECENT}, got ${first}`);
    await ctx.access.assertCanReadTeam(team, 'card');
    return ctx.loaders.get(recentRecognitionsOfTeam).load(`${team.path}|${first}`);
  }
}
