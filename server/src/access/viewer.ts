import type { IncomingMessage } from 'node:http';
import { registerEnumType } from 'type-graphql';
import { unauthenticated } from '../errors.js';

/** What a caller may do, independently of the team role (`MemberRole`) they hold. */
export enum AccessRole {
  ADMIN = 'ADMIN',
  MANAGER = 'MANAGER',
  REP = 'REP',
  ANALYST = 'ANALYST',
  EMBED = 'EMBED',
}
registerEnumType(AccessRole, {
  name: 'AccessRole',
  description: 'Access role of the caller.',
  valuesConfig: {
    ADMIN: { description: 'Manages the organisation; reads and writes everything.' },
    MANAGER: { description: 'Reads and manages the subtree of teams they lead.' },
    REP: { description: "Reads their own records and their team's public card." },
    ANALYST: { description: 'Reads everything; writes nothing but their own saved views.' },
    EMBED: { description: 'A widget holding an embed token: reads one team subtree or one member, writes nothing.' },
  },
});

/** The kinds of widget an embed token may serve (widgets/). */
export enum WidgetKind {
  QUOTA_GAUGE = 'QUOTA_GAUGE',
  FUNNEL = 'FUNNEL',
  TEAM_CARD = 'TEAM_CARD',
  LEADERBOARD = 'LEADERBOARD',
  METRIC_VIEW = 'METRIC_VIEW',
  FORECAST = 'FORECAST',
  ACTIVITY_FEED = 'ACTIVITY_FEED',
}
registerEnumType(WidgetKind, {
  name: 'WidgetKind',
  description: 'A kind of embeddable widget; an embed token names the kinds it may serve.',
  valuesConfig: {
    QUOTA_GAUGE: { description: 'Quota attainment gauge of a member or team.' },
    FUNNEL: { description: 'Sales funnel of a team.' },
    TEAM_CARD: { description: 'Public card of a team: its members and attainment.' },
    LEADERBOARD: { description: 'Leaderboard of members by attainment.' },
    METRIC_VIEW: { description: 'A saved metrics view shared with everyone, as a table or a chart.' },
    FORECAST: { description: "Forecast roll-up of a team: its members' and child teams' calls beside the system figures." },
    ACTIVITY_FEED: { description: "Recent events of a team's subtree or a member: wins, milestones crossed, recognitions." },
  },
});

/** What an embed token grants: read-only access to one team subtree or one member, for some widget kinds. */
export interface EmbedGrant {
  /** Exactly one of teamId and memberId is set. */
  teamId: number | null;
  memberId: number | null;
  widgets: WidgetKind[];
  /** The page origin the token is bound to, when it is. */
  origin: string | null;
  /** Token id (`jti`), for the audit log. */
  tokenId: string;
  expiresAt: Date;
}

/**
 * Who is calling. `memberId` is set for people (for an EMBED viewer scoped to a member: that member);
 * analysts and admins may be service accounts without one.
 */
export interface Viewer {
  role: AccessRole;
  memberId: number | null;
  /** Who the token names (`sub`), for the audit log; absent in demo mode. */
  subject?: string;
  /** Set for EMBED viewers only. */
  embed?: EmbedGrant;
}

/** The one place where a request becomes a viewer (see access/authenticate.ts). */
export type ViewerResolver = (request: IncomingMessage) => Promise<Viewer>;

/**
 * DEMO MODE ONLY, NOT SECURE: trusts the `X-Viewer` header ("ADMIN", "ANALYST", "MANAGER:12",
 * "REP:34") and treats a request without it as an admin, so that the demo works without sign-in.
 */
export const developmentHeaderViewer: ViewerResolver = async (request) => {
  const header = request.headers['x-viewer'];
  if (header === undefined) return { role: AccessRole.ADMIN, memberId: null, subject: 'demo:default-admin' };
  const match = /^(ADMIN|ANALYST|MANAGER|REP)(?::([1-9]\d{0,9}))?$/.exec(String(header).trim());
  if (!match) throw unauthenticated('X-Viewer must look like ADMIN, ANALYST, MANAGER:<memberId> or REP:<memberId>');
  const role = match[1] as AccessRole;
  const memberId = match[2] ? Number(match[2]) : null;
  if ((role === AccessRole.MANAGER || role === AccessRole.REP) && memberId === null) {
    throw unauthenticated(`X-Viewer: a ${role} must name their member id, e.g. ${role}:12`);
  }
  return { role, memberId, subject: `x-viewer:${header}` };
};
