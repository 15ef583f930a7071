import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { forbidden, unauthenticated } from '../errors.js';
import type { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import type { Visibility } from './object-policies.js';
import { tokenRefused } from './tokens.js';
import { AccessRole, type EmbedGrant, type Viewer } from './viewer.js';

/**
 * What one viewer may read and change, resolved once per request. Every resolver and list goes through
 * this class: single reads call an `assert…` method, lists add the matching `…Filter()` to their query.
 */
export interface AccessScope {
  readAll: boolean;
  /** Subtrees (team path prefixes) whose records the viewer reads in full. */
  subtreePaths: string[];
  /** The viewer's own member id: they read all their own records. */
  ownMemberId: number | null;
  /** Teams whose public card (the team, its members' names, roles and attainment) the viewer reads. */
  cardTeamIds: number[];
  manageOrganisation: boolean;
  /** Subtrees whose quotas, goals and feedback the viewer manages. */
  managePaths: string[];
  /** ANALYST and EMBED viewers: every mutation is refused before it runs (see access/guard.ts). */
  readOnly: boolean;
  /** What the embed token grants, for EMBED viewers. */
  embed: EmbedGrant | null;
  /** Ids of the teams in `subtreePaths` (archived ones too): object checks compare ids without SQL. */
  subtreeTeamIds: ReadonlySet<number>;
}

/** How much of a member or team is being read. */
export type ReadLevel = 'card' | 'records';

/**
 * Which member-owned records (deals, leads, follow-ups, interactions, …) a viewer reads: all of them, or
 * those credited to the subtrees in `teamPaths` plus the viewer's own (`memberId`).
 */
export type RecordScope = { all: true } | { all: false; teamPaths: string[]; memberId: number | null };

/** Who a member-owned record belongs to: the teams it is credited to and the members who own it (owner, author, …). */
export interface RecordOwnership {
  teamPaths: string[];
  memberIds: (number | null | undefined)[];
}

interface EmbedTokenRow {
  team_id: number;
  path: string;
  team_archived_at: Date | null;
  member_archived_at: Date | null;
  revoked_at: Date | null;
  issuer_valid: boolean;
  subtree_ids: (number | string)[] | null;
}

interface MemberScopeRow {
  team_id: number;
  managed: string[] | null;
  archived_at: Date | null;
  subtree_ids: (number | string)[] | null;
}

export class AccessPolicy {
  private scopePromise?: Promise<AccessScope>;
  private resolvedScope?: AccessScope;
  /** What this viewer sees of each object returned so far in the request (access/object-guard.ts). */
  readonly admitted = new WeakMap<object, Visibility>();

  constructor(
    private readonly em: EntityManager,
    readonly viewer: Viewer,
  ) {}

  scope(): Promise<AccessScope> {
    this.scopePromise ??= this.resolveScope().then((scope) => (this.resolvedScope = scope));
    return this.scopePromise;
  }

  /**
   * The scope once resolved (the access guard resolves it before any resolver runs), for the checks that
   * run on every object and field and must not wait (access/object-guard.ts).
   */
  get resolved(): AccessScope {
    if (!this.resolvedScope) throw new Error('the access scope is read before it was resolved');
    return this.resolvedScope;
  }

  private async resolveScope(): Promise<AccessScope> {
    const { role, memberId } = this.viewer;
    const everything = role === AccessRole.ADMIN || role === AccessRole.ANALYST;
    const base: AccessScope = {
      readAll: everything,
      subtreePaths: [],
      ownMemberId: memberId,
      cardTeamIds: [],
      manageOrganisation: role === AccessRole.ADMIN,
      managePaths: role === AccessRole.ADMIN ? ['/'] : [],
      readOnly: role === AccessRole.ANALYST || role === AccessRole.EMBED,
      embed: null,
      subtreeTeamIds: new Set(),
    };
    if (role === AccessRole.EMBED) return this.resolveEmbedScope(base);
    if (memberId === null) return base;
    const [row] = await this.em.getConnection().execute<MemberScopeRow[]>(
      `select m.team_id, m.archived_at,
              (select array_agg(t.path) from team t where t.manager_id = m.id and t.archived_at is null) as managed,
              (select array_agg(distinct d.id) from team t join team d on d.path like t.path || '%'
                where ? and t.manager_id = m.id and t.archived_at is null) as subtree_ids
         from member m where m.id = ?`,
      [role === AccessRole.MANAGER, memberId],
    );
    if (!row || row.archived_at) throw unauthenticated(`member ${memberId} is not an active member`);
    const managed = role === AccessRole.MANAGER ? (row.managed ?? []) : [];
    return {
      ...base,
      subtreePaths: managed,
      cardTeamIds: [row.team_id],
      managePaths: everything ? base.managePaths : managed,
      subtreeTeamIds: new Set((row.subtree_ids ?? []).map(Number)),
    };
  }

  /**
   * An embed token reads one team subtree (like the manager of that team would, without managing it) or
   * one member (like that member would as a REP: their own records and their team's card). Never more.
   */
  private async resolveEmbedScope(base: AccessScope): Promise<AccessScope> {
    const grant = this.viewer.embed;
    if (!grant) throw unauthenticated('an EMBED viewer needs an embed token');
    const scope: AccessScope = {
      ...base,
      readAll: false,
      ownMemberId: null,
      manageOrganisation: false,
      managePaths: [],
      readOnly: true,
      embed: grant,
    };
    const row = await this.readEmbedToken(grant);
    if (!row) throw tokenRefused('token-unknown', 'this embed token was not issued by this server');
    if (row.revoked_at) throw tokenRefused('token-revoked', 'this embed token was revoked');
    if (!row.issuer_valid) throw tokenRefused('token-issuer-gone', 'whoever issued this embed token may no longer issue it');
    if (row.team_archived_at) throw tokenRefused('token-team-archived', `the embed token's team ${row.team_id} is archived`);
    if (grant.teamId !== null) {
      return { ...scope, subtreePaths: [row.path], subtreeTeamIds: new Set((row.subtree_ids ?? []).map(Number)) };
    }
    if (row.member_archived_at) throw tokenRefused('token-member-archived', `the embed token's member ${grant.memberId} is archived`);
    return { ...scope, ownMemberId: grant.memberId, cardTeamIds: [row.team_id] };
  }

  /**
   * The token's registry row with what decides whether it still works, in one statement: revoked, its
   * issuer still active (a manager still leading a team above the token's team), its team not archived.
   */
  private async readEmbedToken(grant: EmbedGrant): Promise<EmbedTokenRow | undefined> {
    const [row] = await this.em.getConnection().execute<EmbedTokenRow[]>(
      `select t.id as team_id, t.path, t.archived_at as team_archived_at, m.archived_at as member_archived_at, tok.revoked_at,
              (tok.issuer_member_id is null or exists (
                 select 1 from member im where im.id = tok.issuer_member_id and im.archived_at is null
                    and (tok.issuer_role <> 'MANAGER' or exists (
                          select 1 from team mt where mt.manager_id = im.id and mt.archived_at is null and t.path like mt.path || '%')))) as issuer_valid,
              case when tok.team_id is null then null else array(select d.id from team d where d.path like t.path || '%') end as subtree_ids
         from embed_token tok
         left join member m on m.id = tok.member_id
         join team t on t.id = coalesce(tok.team_id, m.team_id)
        where tok.id = ? and tok.team_id is not distinct from ? and tok.member_id is not distinct from ?`,
      [grant.tokenId, grant.teamId, grant.memberId],
    );
    return row;
  }

  private static within(path: string, prefixes: string[]): boolean {
    return prefixes.some((prefix) => path.startsWith(prefix));
  }

  async canReadTeam(team: Pick<Team, 'id' | 'path'>, level: ReadLevel = 'card'): Promise<boolean> {
    const scope = await this.scope();
    return scope.readAll || AccessPolicy.within(team.path, scope.subtreePaths) || (level === 'card' && scope.cardTeamIds.includes(team.id));
  }

  async assertCanReadTeam(team: Pick<Team, 'id' | 'path'>, level: ReadLevel = 'card'): Promise<void> {
    if (!(await this.canReadTeam(team, level))) throw forbidden(`you may not read team ${team.id}`);
  }

  /** `teamPath` is the path of the member's team. */
  async canReadMember(memberId: number, teamId: number, teamPath: string, level: ReadLevel = 'card'): Promise<boolean> {
    const scope = await this.scope();
    if (scope.readAll || memberId === scope.ownMemberId) return true;
    if (AccessPolicy.within(teamPath, scope.subtreePaths)) return true;
    return level === 'card' && scope.cardTeamIds.includes(teamId);
  }

  async assertCanReadMember(member: Member, level: ReadLevel = 'card'): Promise<void> {
    const team = await this.em.findOneOrFail(Team, member.team.id);
    if (!(await this.canReadMember(member.id, team.id, team.path, level))) {
      throw forbidden(`you may not read ${level === 'card' ? '' : 'the records of '}member ${member.id}`);
    }
  }

  /** Restricts a team list to what the viewer may see. */
  async teamFilter(): Promise<FilterQuery<Team>> {
    const scope = await this.scope();
    if (scope.readAll) return {};
    return { $or: [...scope.subtreePaths.map((p) => ({ path: { $like: `${p}%` } })), { id: { $in: scope.cardTeamIds } }] };
  }

  /** Restricts a member list to what the viewer may see. */
  async memberFilter(): Promise<FilterQuery<Member>> {
    const scope = await this.scope();
    if (scope.readAll) return {};
    return {
      $or: [
        ...scope.subtreePaths.map((p) => ({ team: { path: { $like: `${p}%` } } })),
        { team: { $in: scope.cardTeamIds } },
        ...(scope.ownMemberId ? [{ id: scope.ownMemberId }] : []),
      ],
    };
  }

  /**
   * Which member-owned records (deals, quotas, follow-ups, …) the viewer reads: all, or those of the
   * subtrees in `teamPaths` plus their own. Domains turn this into a filter on their own tables.
   */
  async recordScope(): Promise<RecordScope> {
    const scope = await this.scope();
    return scope.readAll ? { all: true } : { all: false, teamPaths: scope.subtreePaths, memberId: scope.ownMemberId };
  }

  /** Whether a record scope covers a member-owned record: one of its members is the viewer, or one of its teams is in a subtree. */
  static coversRecord(scope: RecordScope, record: RecordOwnership): boolean {
    if (scope.all) return true;
    if (scope.memberId !== null && record.memberIds.includes(scope.memberId)) return true;
    return scope.teamPaths.some((prefix) => record.teamPaths.some((path) => path.startsWith(prefix)));
  }

  /** Member-owned records are read by ADMIN and ANALYST, the managers of the subtrees they are credited to, and their own members. */
  async canReadRecord(record: RecordOwnership): Promise<boolean> {
    return AccessPolicy.coversRecord(await this.recordScope(), record);
  }

  async assertCanReadRecord(record: RecordOwnership, what: string): Promise<void> {
    if (!(await this.canReadRecord(record))) throw forbidden(`you may not read ${what}`);
  }

  /**
   * Member-owned records (deals, leads, customer accounts, interactions, follow-ups) are changed by the
   * member who owns them, the managers above the record's `team` and admins; read-only viewers (ANALYST,
   * EMBED) never. Creating one for a member is checked the same way, with that member's team.
   */
  async assertCanWriteRecordsOf(ownerId: number, team: Pick<Team, 'id' | 'path'>, action: string): Promise<void> {
    await this.assertCanWrite(action);
    const scope = await this.scope();
    if (scope.ownMemberId !== null && scope.ownMemberId === ownerId) return;
    await this.assertCanManageTeam(team, action);
  }

  /** Refuses any change for read-only viewers (ANALYST, EMBED); the GraphQL guard calls it for every mutation. */
  async assertCanWrite(action: string): Promise<void> {
    const scope = await this.scope();
    if (scope.readOnly) throw forbidden(`a ${this.viewer.role} caller is read-only and may not ${action}`);
  }

  /** Metrics and their CSV export are for people (ADMIN, ANALYST, MANAGER, REP), each within their record scope; widgets open saved views. */
  async assertCanReadMetrics(): Promise<void> {
    if (this.viewer.role === AccessRole.EMBED)
      throw forbidden('an embed token may not run metrics queries; a METRIC_VIEW widget opens a saved view');
  }

  /**
   * Saved views are the one thing an ANALYST writes: ADMIN, ANALYST and MANAGER callers create them and
   * change their own (the GraphQL guard lets analysts through only for mutations marked
   * `@OwnViewsMutation`). Reps and embed tokens do not save views.
   */
  async assertCanSaveViews(action: string): Promise<void> {
    const { role } = this.viewer;
    if (role !== AccessRole.ADMIN && role !== AccessRole.ANALYST && role !== AccessRole.MANAGER)
      throw forbidden(`a ${role} caller may not ${action}`);
  }

  /** Changes to the organisation itself (teams, members, territories) are for admins. */
  async assertCanManageOrganisation(action: string): Promise<void> {
    const scope = await this.scope();
    if (!scope.manageOrganisation) throw forbidden(`only an ADMIN may ${action}`);
  }

  /** Quotas, goals and feedback of a team's subtree are managed by the managers above it and admins. */
  async assertCanManageTeam(team: Pick<Team, 'id' | 'path'>, action: string): Promise<void> {
    const scope = await this.scope();
    if (!AccessPolicy.within(team.path, scope.managePaths)) throw forbidden(`you may not ${action} for team ${team.id}`);
  }
}
