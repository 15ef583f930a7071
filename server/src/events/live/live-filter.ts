import type { AccessScope } from '../../access/policy.js';
import { badInput, forbidden } from '../../errors.js';
import type { Context } from '../../graphql/context.js';
import { parseId } from '../../ids.js';
import { Member } from '../../org/member.entity.js';
import type { DomainEvent } from '../domain-event.entity.js';
import type { EventFilter } from '../event.resolver.js';
import { eventVisible } from '../scope.js';

type LiveEvent = Pick<DomainEvent, 'type' | 'teamIds' | 'memberIds'>;

/**
 * An embed token names its team or member in the filter only within its own scope: a widget asking for
 * another subtree is refused rather than left waiting for events that never come.
 */
async function assertWithinEmbed(ctx: Context, scope: AccessScope, teamId: number | null, memberId: number | null): Promise<void> {
  if (teamId !== null && !scope.subtreeTeamIds.has(teamId)) throw forbidden(`an embed token may not follow the events of team ${teamId}`);
  if (memberId === null || memberId === scope.ownMemberId) return;
  const member = scope.subtreeTeamIds.size > 0 ? await ctx.em.findOne(Member, memberId, { fields: ['team'] }) : null;
  if (!member || !scope.subtreeTeamIds.has(member.team.id))
    throw forbidden(`an embed token may not follow the events of member ${memberId}`);
}

/**
 * Which committed events a live subscription receives: those the viewer may see (scope.ts, as the
 * `events` query) that match the filter. A live stream starts now, so `since` is refused.
 */
export async function liveAdmission(ctx: Context, filter: EventFilter | undefined): Promise<(event: LiveEvent) => boolean> {
  const scope = await ctx.access.scope();
  if (filter?.since) {
    throw badInput('filter.since', 'live-since', 'a live subscription starts now; read earlier events with the events query');
  }
  const teamId = filter?.teamId ? parseId(filter.teamId, 'filter.teamId') : null;
  const memberId = filter?.memberId ? parseId(filter.memberId, 'filter.memberId') : null;
  if (scope.embed) await assertWithinEmbed(ctx, scope, teamId, memberId);
  const types = filter?.types?.length ? new Set(filter.types) : null;
  return (event) =>
    eventVisible(scope, event) &&
    (types === null || types.has(event.type)) &&
    (teamId === null || event.teamIds.includes(teamId)) &&
    (memberId === null || event.memberIds.includes(memberId));
}
