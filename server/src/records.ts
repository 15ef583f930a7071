import type { RecordScope } from './access/policy.js';

/**
 * Member-owned records (deals, leads, follow-ups, interactions) in queries: the policy decides who reads
 * and changes them (`AccessPolicy.recordScope()`, `canReadRecord`, `assertCanWriteRecordsOf`); these
 * helpers turn a viewer's record scope into a condition on a domain's own tables, so that lists and
 * aggregates are filtered the same way single reads are checked.
 */
export type { RecordOwnership, RecordScope } from './access/policy.js';

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

/**
 * The same restriction as a MikroORM filter: `teamPaths` are relation paths to a Team (e.g. 'team',
 * 'owner.team'), `memberIds` relation or column names holding a member id.
 */
export function recordScopeFilter(scope: RecordScope, teamPaths: string[], memberIds: string[]): object {
  if (scope.all) return {};
  const nest = (path: string, value: unknown): object =>
    path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as object;
  const alternatives: object[] = [];
  for (const prefix of scope.teamPaths)
    for (const relation of teamPaths) alternatives.push(nest(`${relation}.path`, { $like: `${prefix}%` }));
  if (scope.memberId !== null) for (const column of memberIds) alternatives.push(nest(column, scope.memberId));
  return alternatives.length ? { $or: alternatives } : { id: { $in: [] } };
}
