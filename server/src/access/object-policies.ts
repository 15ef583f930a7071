import { wrap } from '@mikro-orm/core';
import type { Context } from '../graphql/context.js';
import { eventVisible } from '../events/scope.js';
import { memberById } from '../org/loaders.js';
import type { AccessScope } from './policy.js';
import { AccessRole } from './viewer.js';

/**
 * What a viewer sees of one object, whatever path returned it:
 * - `full`: every field (their own records, the subtrees they manage, ADMIN and ANALYST);
 * - `card`: the public card of their own team (teammates' names, roles, attainment, recognitions);
 * - `directory`: who a colleague is (name, role, team, the teams they lead), as a record's owner is
 *   shown in any CRM;
 * - `null`: nothing; a single object is refused FORBIDDEN, a list leaves it out.
 */
export type Visibility = 'full' | 'card' | 'directory';

type Ref = { id: number } | null | undefined;

/** The policy of one GraphQL object type: its visibility rule and the fields each level below `full` reads. */
export interface ObjectPolicy {
  card?: readonly string[];
  directory?: readonly string[];
  visibility(scope: AccessScope, object: any, ctx: Context): Visibility | null | Promise<Visibility | null>;
}

const MEMBER_DIRECTORY = ['id', 'fullName', 'role', 'active', 'team', 'managedTeams'] as const;
const MEMBER_CARD = [...MEMBER_DIRECTORY, 'archivedAt', 'attainment', 'recognitions', 'milestones'] as const;
const TEAM_DIRECTORY = ['id', 'name', 'kind', 'depth', 'archivedAt', 'parent', 'ancestors', 'children', 'manager'] as const;
const TEAM_CARD = [
  ...TEAM_DIRECTORY,
  'description',
  'members',
  'headcount',
  'attainment',
  'recentRecognitions',
  'milestones',
  'descendants',
] as const;

export function teamVisibility(scope: AccessScope, teamId: number): Visibility {
  if (scope.readAll || scope.subtreeTeamIds.has(teamId)) return 'full';
  return scope.cardTeamIds.includes(teamId) ? 'card' : 'directory';
}

export function memberVisibility(scope: AccessScope, memberId: number, teamId: number | undefined): Visibility {
  if (scope.readAll || memberId === scope.ownMemberId) return 'full';
  return teamId === undefined ? 'directory' : teamVisibility(scope, teamId);
}

/** Member-owned records: their own, or credited to a team of a subtree they read in full. */
function recordVisibility(scope: AccessScope, teams: Ref[], members: Ref[]): Visibility | null {
  if (scope.readAll) return 'full';
  if (scope.ownMemberId !== null && members.some((member) => member?.id === scope.ownMemberId)) return 'full';
  return teams.some((team) => team && scope.subtreeTeamIds.has(team.id)) ? 'full' : null;
}

/** The team of a member a record references: from the identity map when loaded, else through the request's loader. */
async function teamOfMember(ctx: Context, member: { id: number; team?: { id: number } }): Promise<number | undefined> {
  const entity = wrap(member) as { isInitialized?: () => boolean };
  if (member.team && (entity.isInitialized?.() ?? true)) return member.team.id;
  return (await ctx.loaders.get(memberById).load(member.id))?.team.id;
}

/** Records of one member (development, feedback, follow-ups): read at `level` of that member or above. */
function ofMember(pick: (object: any) => { id: number }, level: 'full' | 'card') {
  return (scope: AccessScope, object: any, ctx: Context): Visibility | null | Promise<Visibility | null> => {
    const member = pick(object);
    if (scope.readAll || member.id === scope.ownMemberId) return 'full';
    if (level === 'full' && scope.subtreeTeamIds.size === 0) return null;
    return teamOfMember(ctx, member).then((teamId) => {
      const seen = memberVisibility(scope, member.id, teamId);
      return seen === 'full' || (level === 'card' && seen === 'card') ? 'full' : null;
    });
  };
}

/** A quota, goal or milestone row: a member's or a team's, read at `teamLevel` for a team. */
function ofOwner(memberLevel: 'full' | 'card', teamLevel: 'full' | 'card') {
  const member = ofMember((row) => row.member, memberLevel);
  return (scope: AccessScope, row: any, ctx: Context) => {
    if (row.member) return member(scope, row, ctx);
    const seen = teamVisibility(scope, row.team.id);
    return seen === 'full' || (teamLevel === 'card' && seen === 'card') ? 'full' : null;
  };
}

const people = (scope: AccessScope): boolean => scope.embed === null;
const notForAnalysts =
  (rule: ObjectPolicy['visibility']): ObjectPolicy['visibility'] =>
  (scope, object, ctx) =>
    ctx.viewer.role === AccessRole.ANALYST || scope.embed ? null : rule(scope, object, ctx);

/**
 * One policy per type that names people or their records, applied to every field that returns it
 * (access/object-guard.ts). Types without a policy are plain facts (periods, stages, products) or
 * aggregates computed within the caller's scope by their resolvers.
 */
export const OBJECT_POLICIES: Record<string, ObjectPolicy> = {
  Member: {
    directory: MEMBER_DIRECTORY,
    card: MEMBER_CARD,
    visibility: (scope, member) => memberVisibility(scope, member.id, member.team?.id),
  },
  Team: { directory: TEAM_DIRECTORY, card: TEAM_CARD, visibility: (scope, team) => teamVisibility(scope, team.id) },
  Deal: { visibility: (scope, deal) => recordVisibility(scope, [deal.team], [deal.owner]) },
  // A credit line is part of its deal (`Deal.credits`): read as the deal it was read with, whoever it credits.
  DealCredit: { visibility: (scope, credit) => recordVisibility(scope, [credit.deal.team], [credit.deal.owner]) },
  Lead: { visibility: (scope, lead) => recordVisibility(scope, [lead.team, lead.sourceTeam], [lead.owner, lead.generatedBy]) },
  Customer: { visibility: (scope) => (people(scope) ? 'full' : null) },
  Interaction: { visibility: ofMember((interaction) => interaction.member, 'full') },
  FollowUp: { visibility: ofMember((followUp) => followUp.assignee, 'full') },
  Quota: { visibility: ofOwner('full', 'full') },
  Goal: { visibility: ofOwner('full', 'card') },
  Milestone: { visibility: ofOwner('card', 'card') },
  Recognition: { visibility: ofMember((recognition) => recognition.member, 'card') },
  Feedback: { visibility: notForAnalysts(ofMember((feedback) => feedback.member, 'full')) },
  SkillAssessment: { visibility: ofMember((assessment) => assessment.member, 'full') },
  Training: { visibility: ofMember((training) => training.member, 'full') },
  DevelopmentPlan: { visibility: ofMember((plan) => plan.member, 'full') },
  MemberTransfer: { visibility: ofMember((transfer) => transfer.member, 'full') },
  ForecastSubmission: { visibility: ofOwner('full', 'full') },
  DomainEvent: { visibility: (scope, event) => (eventVisible(scope, event) ? 'full' : null) },
  // Endpoints and their deliveries are organisation settings: admins only.
  Webhook: { visibility: (scope) => (scope.manageOrganisation ? 'full' : null) },
  WebhookDelivery: { visibility: (scope) => (scope.manageOrganisation ? 'full' : null) },
};
