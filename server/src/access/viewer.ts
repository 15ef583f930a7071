import type { IncomingMessage } from 'node:http';
import { registerEnumType } from 'type-graphql';
import { unauthenticated } from '../errors.js';

/** What a caller may do, independently of the team role (`MemberRole`) they hold. */
export enum AccessRole {
  ADMIN = 'ADMIN',
  MANAGER = 'MANAGER',
  REP = 'REP',
  ANALYST = 'ANALYST',
}
registerEnumType(AccessRole, {
  name: 'AccessRole',
  description: 'Access role of the caller.',
  valuesConfig: {
    ADMIN: { description: 'Manages the organisation; reads and writes everything.' },
    MANAGER: { description: 'Reads and manages the subtree of teams they lead.' },
    REP: { description: "Reads their own records and their team's public card." },
    ANALYST: { description: 'Reads everything, writes nothing.' },
  },
});

/** Who is calling. `memberId` is set for people; analysts and admins may be service accounts without one. */
export interface Viewer {
  role: AccessRole;
  memberId: number | null;
}

/** The one place where a request becomes a viewer; swapped for token verification in production. */
export type ViewerResolver = (request: IncomingMessage) => Promise<Viewer>;

/**
 * DEVELOPMENT ONLY, NOT SECURE: trusts the `X-Viewer` header ("ADMIN", "ANALYST", "MANAGER:12",
 * "REP:34") and treats a request without it as an admin, so that the demo works without sign-in.
 */
export const developmentHeaderViewer: ViewerResolver = async (request) => {
  const header = request.headers['x-viewer'];
  if (header === undefined) return { role: AccessRole.ADMIN, memberId: null };
  const match = /^(ADMIN|ANALYST|MANAGER|REP)(?::([1-9]\d{0,9}))?$/.exec(String(header).trim());
  if (!match) throw unauthenticated('X-Viewer must look like ADMIN, ANALYST, MANAGER:<memberId> or REP:<memberId>');
  const role = match[1] as AccessRole;
  const memberId = match[2] ? Number(match[2]) : null;
  if ((role === AccessRole.MANAGER || role === AccessRole.REP) && memberId === null) {
    throw unauthenticated(`X-Viewer: a ${role} must name their member id, e.g. ${role}:12`);
  }
  return { role, memberId };
};
