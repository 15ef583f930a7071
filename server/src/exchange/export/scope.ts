import type { RecordScope } from '../../access/policy.js';
import { RecordKind } from '../kinds.js';

/** A piece of SQL with its `?` parameters. */
export interface Fragment {
  sql: string;
  params: unknown[];
}

const NOTHING: Fragment = { sql: 'false', params: [] };

function anyOf(parts: Fragment[]): Fragment {
  const kept = parts.filter((part) => part !== NOTHING);
  if (kept.length === 0) return NOTHING;
  return { sql: `(${kept.map((part) => part.sql).join(' or ')})`, params: kept.flatMap((part) => part.params) };
}

/** The team whose id `teamId` (an SQL expression) names lies in one of the subtrees the viewer reads in full. */
function teamInSubtrees(teamId: string, paths: string[]): Fragment {
  if (paths.length === 0) return NOTHING;
  return {
    sql: `exists (select 1 from team st where st.id = ${teamId} and (${paths.map(() => 'st.path like ?').join(' or ')}))`,
    params: paths.map((path) => `${path}%`),
  };
}

/** The member `memberId` names belongs to a team of those subtrees. */
function memberInSubtrees(memberId: string, paths: string[]): Fragment {
  if (paths.length === 0) return NOTHING;
  return {
    sql: `exists (select 1 from member sm join team st on st.id = sm.team_id where sm.id = ${memberId} and (${paths.map(() => 'st.path like ?').join(' or ')}))`,
    params: paths.map((path) => `${path}%`),
  };
}

function isViewer(memberId: string, viewer: number | null): Fragment {
  return viewer === null ? NOTHING : { sql: `${memberId} = ?`, params: [viewer] };
}

/** The viewer's own team, whose public card (its goals among it) they read. */
function isViewersTeam(teamId: string, viewer: number | null): Fragment {
  return viewer === null ? NOTHING : { sql: `${teamId} = (select vm.team_id from member vm where vm.id = ?)`, params: [viewer] };
}

/** A member's own records, or those of a member of a subtree read in full (access/object-policies.ts `ofMember(…, 'full')`). */
function ofMember(memberId: string, scope: { teamPaths: string[]; memberId: number | null }): Fragment {
  return anyOf([isViewer(memberId, scope.memberId), memberInSubtrees(memberId, scope.teamPaths)]);
}

/**
 * Which rows of a kind's table (aliased `t`) the viewer reads in full, as an SQL condition: the rules of
 * access/object-policies.ts in SQL. Customers, contacts and territories are shared by the whole sales
 * organisation; teams and members are read in full within the subtrees a viewer manages (and a member
 * reads themselves); member-owned records by the members they belong to and the managers above them.
 * `null`: every row.
 */
export function scopeCondition(kind: RecordKind, scope: RecordScope): Fragment | null {
  if (scope.all) return null;
  const { teamPaths, memberId } = scope;
  switch (kind) {
    case RecordKind.TERRITORIES:
    case RecordKind.CUSTOMERS:
    case RecordKind.CONTACTS:
      return null;
    case RecordKind.TEAMS:
      return teamInSubtrees('t.id', teamPaths);
    case RecordKind.MEMBERS:
      return anyOf([isViewer('t.id', memberId), teamInSubtrees('t.team_id', teamPaths)]);
    case RecordKind.DEALS:
      return anyOf([isViewer('t.owner_id', memberId), teamInSubtrees('t.team_id', teamPaths)]);
    case RecordKind.LEADS:
      return anyOf([
        isViewer('t.owner_id', memberId),
        isViewer('t.generated_by_id', memberId),
        teamInSubtrees('t.team_id', teamPaths),
        teamInSubtrees('t.source_team_id', teamPaths),
      ]);
    case RecordKind.INTERACTIONS:
      return ofMember('t.member_id', scope);
    case RecordKind.FOLLOW_UPS:
      return ofMember('t.assignee_id', scope);
    case RecordKind.QUOTAS:
      return anyOf([ofMember('t.member_id', scope), teamInSubtrees('t.team_id', teamPaths)]);
    case RecordKind.GOALS:
      return anyOf([ofMember('t.member_id', scope), teamInSubtrees('t.team_id', teamPaths), isViewersTeam('t.team_id', memberId)]);
  }
}
