import { AccessRole } from './access/viewer.js';
import { forbidden } from './errors.js';
import type { Context } from './graphql/context.js';
import type { Team } from './org/team.entity.js';

/**
 * Access to member-owned records (deals, leads, follow-ups, interactions), built on the policy's
 * `recordScope()`: ADMIN and ANALYST read all of them, a MANAGER those credited to the subtrees they
 * lead plus their own, a REP their own. Writing is for the owner themselves, the managers above the
 * record's team and admins; analysts never write.
 */
export type RecordScope = { all: true } | { all: false; teamPaths: string[]; memberId: number | null };

/** Who a record belongs to: the teams it is credited to and the members who own it (owner, author, …). */
export interface RecordOwnership {
  teamPaths: string[];
  memberIds: (number | null | undefined)[];
}

export function canReadRecord(scope: RecordScope, record: RecordOwnership): boolean {
  if (scope.all) return true;
  if (scope.memberId !== null && record.memberIds.includes(scope.memberId)) return true;
  return scope.teamPaths.some((prefix) => record.teamPaths.some((path) => path.startsWith(prefix)));
}

export async function assertCanReadRecord(ctx: Context, record: RecordOwnership, what: string): Promise<void> {
  if (!canReadRecord(await ctx.access.recordScope(), record)) throw forbidden(`you may not read ${what}`);
}

/**
 * A SQL condition restricting rows to the viewer's records. `teamPaths` are SQL expressions giving the
 * paths of the teams the row is credited to, `memberIds` SQL expressions of the members owning it.
 * Returns `true` for viewers who read everything.
 */
export function recordScopeSql(scope: RecordScope, teamPaths: string[], memberIds: string[]): { sql: string; params: unknown[] } {
  if (scope.all) return { sql: 'true', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const prefix of scope.teamPaths) {
    for (const column of teamPaths) {
      parts.push(`${column} like ?`);
      params.push(`${prefix}%`);
    }
  }
  if (scope.memberId !== null) {
    for (const column of memberIds) {
      parts.push(`${column} = ?`);
      params.push(scope.memberId);
    }
  }
  return parts.length ? { sql: `(${parts.join(' or ')})`, params } : { sql: 'false', params: [] };
}

/** Refuses analysts (who never write) and anyone who is neither the owner nor a manager of `team`. */
export async function assertCanWriteRecord(ctx: Context, ownerId: number, team: Pick<Team, 'id' | 'path'>, action: string): Promise<void> {
  assertNotAnalyst(ctx, action);
  if (ctx.viewer.memberId !== null && ctx.viewer.memberId === ownerId) return;
  await ctx.access.assertCanManageTeam(team, action);
}

/** Analysts read everything and write nothing. */
export function assertNotAnalyst(ctx: Context, action: string): void {
  if (ctx.viewer.role === AccessRole.ANALYST) throw forbidden(`an ANALYST may not ${action}`);
}


/**
 * The same restriction as a MikroORM filter: `teamPaths` are relation paths to a Team (e.g. 'team',
 * 'owner.team'), `memberIds` relation or column names holding a member id.
 */
export function recordScopeFilter(scope: RecordScope, teamPaths: string[], memberIds: string[]): object {
  if (scope.all) return {};
  const nest = (path: string, value: unknown): object =>
    path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as object;
  const alternatives: object[] = [];
  for (const prefix of scope.teamPaths) for (const relation of teamPaths) alternatives.push(nest(`${relation}.path`, { $like: `${prefix}%` }));
  if (scope.memberId !== null) for (const column of memberIds) alternatives.push(nest(column, scope.memberId));
  return alternatives.length ? { $or: alternatives } : { id: { $in: [] } };
}
