import { AccessRole } from '../access/viewer.js';
import { forbidden } from '../errors.js';
import { canReadMemberAt, teamOfMember } from '../goals/access.js';
import type { Context } from '../graphql/context.js';
import type { Member } from '../org/member.entity.js';

/**
 * How the access policy applies to motivation and performance (docs/motivation.md):
 * - feedback is private: the member it is about, the managers above them and admins; not analysts
 *   (it is a conversation, not a sales figure), not teammates, not embed tokens;
 * - recognitions and milestones are public to the team: on the team card (teammates, card tokens);
 * - performance (KPIs, trend, flags) and development (skills, trainings, plans) are member records:
 *   the member, the managers above them, analysts and admins; not embed tokens (no widget shows them);
 * - feedback, development records and rewards are given by the managers above the member and admins,
 *   never to oneself; a recognition without a reward also by a peer who sees the member on their card;
 * - only the member acknowledges their feedback; the member or the managers above complete a training.
 */

export async function canReadFeedbackOf(ctx: Context, member: Member): Promise<boolean> {
  if (ctx.viewer.role === AccessRole.ANALYST || ctx.viewer.role === AccessRole.EMBED) return false;
  return canReadMemberAt(ctx, member, 'records');
}

/** Card-level reads (recognitions, milestones) are open to card tokens; member records here are not for widgets. */
export async function assertCanReadMemberAt(ctx: Context, member: Member, level: 'card' | 'records', what: string): Promise<void> {
  if (level === 'records' && ctx.viewer.role === AccessRole.EMBED) throw forbidden(`an embed token may not read the ${what} of a member`);
  if (!(await canReadMemberAt(ctx, member, level))) throw forbidden(`you may not read the ${what} of member ${member.id}`);
}

const isSelf = (ctx: Context, member: Member) => ctx.viewer.role !== AccessRole.ADMIN && ctx.viewer.memberId === member.id;

/** Feedback, development records and rewards: the managers above the member and admins, not for oneself. */
export async function assertCanManageMember(ctx: Context, member: Member, action: string): Promise<void> {
  await ctx.access.assertCanWrite(action);
  if (isSelf(ctx, member)) throw forbidden(`you may not ${action} for yourself; the manager above you does`);
  await ctx.access.assertCanManageTeam(await teamOfMember(ctx, member), `${action} for member ${member.id}`);
}

/** A recognition: anyone who sees the member's card (a peer, a manager) except the member; a reward only from those who manage them. */
export async function assertCanRecognise(ctx: Context, member: Member, withReward: boolean): Promise<void> {
  await ctx.access.assertCanWrite('give a recognition');
  if (isSelf(ctx, member)) throw forbidden('you may not recognise yourself');
  if (withReward) return assertCanManageMember(ctx, member, 'give a reward');
  if (!(await canReadMemberAt(ctx, member, 'card'))) throw forbidden(`you may not recognise member ${member.id}`);
}

/** The member themselves or the managers above them (and admins). */
export async function assertCanCompleteTraining(ctx: Context, member: Member): Promise<void> {
  await ctx.access.assertCanWrite('complete a training');
  if (ctx.viewer.memberId === member.id) return;
  await ctx.access.assertCanManageTeam(await teamOfMember(ctx, member), `complete a training of member ${member.id}`);
}
