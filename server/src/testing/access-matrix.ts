/**
 * The authorization matrix (access/authorization-matrix.test.ts): every Query and Mutation field × every
 * kind of caller × the target's relation to the caller. Each domain folder exports its rows from
 * `<domain>/access.matrix.ts` as `export const rows: MatrixRow[]`; the test finds those files itself,
 * and fails when a field of the schema has no row.
 *
 * The fixture the rows run against (built by the test through the API, as an admin):
 *
 *   R (manager mR)
 *   ├── A (manager mA)                 MANAGER = mA; EMBED_TEAM = a token for A's subtree
 *   │   └── A1 (manager mA1; reps rA1, rA1b)   REP = rA1; EMBED_MEMBER = a token for rA1
 *   │       └── A1a (manager mA1a; rep rA1a)
 *   └── B (manager mB; rep rB)
 *
 * Targets, per caller (a team and a member of that team):
 * - own:     MANAGER → A, mA · REP and EMBED_MEMBER → A1, rA1 · EMBED_TEAM, ADMIN, ANALYST → A, mA
 * - subtree: a team below the caller's own team → MANAGER, EMBED_TEAM, ADMIN, ANALYST → A1, rA1 ·
 *            REP, EMBED_MEMBER → A1a, rA1a
 * - other:   another team, outside the caller's subtree → B, rB
 */

export type Actor = 'ADMIN' | 'ANALYST' | 'MANAGER' | 'REP' | 'EMBED_TEAM' | 'EMBED_MEMBER';
export type Relation = 'own' | 'subtree' | 'other';

export const ACTORS: Actor[] = ['ADMIN', 'ANALYST', 'MANAGER', 'REP', 'EMBED_TEAM', 'EMBED_MEMBER'];
export const RELATIONS: Relation[] = ['own', 'subtree', 'other'];

export interface MatrixTarget {
  relation: Relation;
  /** The target team. */
  teamId: string;
  /** A member of the target team (its manager for `own` of a manager, a rep otherwise). */
  memberId: string;
}

export interface MatrixFixture {
  teams: Record<'R' | 'A' | 'A1' | 'A1a' | 'B', string>;
  members: Record<'mR' | 'mA' | 'mA1' | 'mA1a' | 'mB' | 'rA1' | 'rA1b' | 'rA1a' | 'rB', string>;
  /** Team id → the id of its manager. */
  managerOf: Record<string, string>;
  territoryId: string;
}

export interface MatrixHelpers {
  fixture: MatrixFixture;
  /** Runs a request as ADMIN (to prepare what a case needs) and returns its data; fails on errors. */
  admin<T = Record<string, any>>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** A name no other case uses. */
  unique(prefix?: string): string;
}

export interface MatrixRow {
  /** The Query or Mutation field the row covers (several rows may cover one field). */
  operation: string;
  /** What the row reads or changes: a team, a member (run for own / subtree / other), or nothing (run once). */
  target: 'team' | 'member' | 'none';
  /** The GraphQL document; for lists, narrow it to the target (e.g. filter by team) so that it fits a page. */
  document: string;
  /** Its variables for one target; may prepare records through `helpers.admin`. */
  variables?(target: MatrixTarget, helpers: MatrixHelpers): Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * For lists, which are filtered rather than refused: the ids the answer shows. An allowed case must show
   * the target (its team or member id, or `listedId`), a refused one must not (or be refused FORBIDDEN).
   */
  listed?(data: any): string[];
  listedId?(target: MatrixTarget, fixture: MatrixFixture): string;
  /** Who may: every target (true) or some relations. Every other caller is refused with FORBIDDEN. */
  allowed: Partial<Record<Actor, true | Relation[]>>;
}

/** Shorthands for `allowed`. */
export const EVERYONE: MatrixRow['allowed'] = {
  ADMIN: true,
  ANALYST: true,
  MANAGER: true,
  REP: true,
  EMBED_TEAM: true,
  EMBED_MEMBER: true,
};
export const STAFF: MatrixRow['allowed'] = { ADMIN: true, ANALYST: true, MANAGER: true, REP: true };
export const ADMIN_ONLY: MatrixRow['allowed'] = { ADMIN: true };
/** Reading a team's card or a member's card (docs/security.md#who-looks-at-what). */
export const CARD_READERS: MatrixRow['allowed'] = {
  ADMIN: true,
  ANALYST: true,
  MANAGER: ['own', 'subtree'],
  REP: ['own'],
  EMBED_TEAM: ['own', 'subtree'],
  EMBED_MEMBER: ['own'],
};
/** Reading a member's records (deals, quota, feedback; target 'member'): reps and member tokens only their own. */
export const MEMBER_RECORD_READERS: MatrixRow['allowed'] = CARD_READERS;
/** Reading a team's records (funnel, team quota; target 'team'): not reps, who see their team's card only. */
export const TEAM_RECORD_READERS: MatrixRow['allowed'] = {
  ADMIN: true,
  ANALYST: true,
  MANAGER: ['own', 'subtree'],
  EMBED_TEAM: ['own', 'subtree'],
};
/** Managing a team subtree (quotas, allocation, feedback): its managers and admins. */
export const TEAM_MANAGERS: MatrixRow['allowed'] = { ADMIN: true, MANAGER: ['own', 'subtree'] };
/** Changing a member's records (deals, leads, accounts, interactions, follow-ups; target 'member'): the owner, the managers above and admins. */
export const MEMBER_RECORD_WRITERS: MatrixRow['allowed'] = { ADMIN: true, MANAGER: ['own', 'subtree'], REP: ['own'] };

/** The same callers without embed tokens: for fields that no widget's operation (schema/operations) selects. */
export function notEmbedded(allowed: MatrixRow['allowed']): MatrixRow['allowed'] {
  const { EMBED_TEAM: _team, EMBED_MEMBER: _member, ...rest } = allowed;
  return rest;
}
