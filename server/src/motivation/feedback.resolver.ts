import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { forbidden } from '../errors.js';
import type { Goal } from '../goals/goal.entity.js';
import type { Context } from '../graphql/context.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { requireMember } from '../org/member.service.js';
import { assertCanManageMember, canReadFeedbackOf } from './access.js';
import { Feedback } from './feedback.entity.js';
import { GiveFeedbackInput } from './inputs.js';
import { feedbackOfMember } from './loaders.js';
import { acknowledgeFeedback, giveFeedback, requireFeedback } from './motivation.service.js';

@Resolver(() => Feedback)
export class FeedbackResolver {
  @Mutation(() => Feedback, { description: 'Gives a member feedback (managers above the member and admins; not to yourself).' })
  async giveFeedback(@Arg('input', () => GiveFeedbackInput) input: GiveFeedbackInput, @Ctx() ctx: Context): Promise<Feedback> {
    const member = await requireMember(ctx.em, parseId(input.memberId, 'memberId'), 'memberId');
    await assertCanManageMember(ctx, member, 'give feedback');
    const draft = { ...input, goalId: parseOptionalId(input.goalId, 'goalId'), dealId: parseOptionalId(input.dealId, 'dealId') };
    return ctx.em.transactional((em) => giveFeedback(em, em.merge(member), draft, ctx.viewer.memberId));
  }

  @Mutation(() => Feedback, {
    description: 'Acknowledges feedback you received (only the member it is for; CONFLICT when already acknowledged).',
  })
  async acknowledgeFeedback(@Arg('id', () => ID, { description: 'Feedback id.' }) id: string, @Ctx() ctx: Context): Promise<Feedback> {
    await ctx.access.assertCanWrite('acknowledge feedback');
    const feedback = await requireFeedback(ctx.em, parseId(id, 'id'));
    if (feedback.member.id !== ctx.viewer.memberId) {
      if (!(await canReadFeedbackOf(ctx, feedback.member))) throw forbidden(`you may not read feedback ${feedback.id}`);
      throw forbidden(`only member ${feedback.member.id} acknowledges feedback ${feedback.id}`);
    }
    return ctx.em.transactional((em) => acknowledgeFeedback(em, em.merge(feedback)));
  }

  @FieldResolver(() => Member, { description: 'The member it is for.' })
  async member(@Root() feedback: Feedback, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(feedback.member.id))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'Who gave it; null for a service account.' })
  async author(@Root() feedback: Feedback, @Ctx() ctx: Context): Promise<Member | null> {
    return feedback.author ? ((await ctx.loaders.get(memberById).load(feedback.author.id)) ?? null) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Id of the goal it is about (a goal of the member).' })
  goalId(@Root() feedback: Feedback): string | null {
    return feedback.goal ? String((feedback.goal as Goal).id) : null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Id of the deal it is about (a deal the member owns).' })
  dealId(@Root() feedback: Feedback): string | null {
    return feedback.deal ? String(feedback.deal.id) : null;
  }
}

@Resolver(() => Member)
export class MemberFeedbackResolver {
  @FieldResolver(() => [Feedback], {
    description:
      'Feedback the member received, newest first: private to the member, the managers above them and admins (FORBIDDEN for others, analysts included).',
  })
  async feedback(@Root() member: Member, @Ctx() ctx: Context): Promise<Feedback[]> {
    if (!(await canReadFeedbackOf(ctx, member))) throw forbidden(`you may not read the feedback of member ${member.id}`);
    return ctx.loaders.get(feedbackOfMember).load(member.id);
  }
}
