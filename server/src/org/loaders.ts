import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { byIdLoader, defineLoader, displayInstance, groupByKey } from '../graphql/loaders.js';
import type { MemberRole } from './enums.js';
import { Member } from './member.entity.js';
import { MemberTransfer } from './member-transfer.entity.js';
import { Team } from './team.entity.js';
import { Territory } from './territory.entity.js';

export const teamById = byIdLoader(Team);
export const memberById = byIdLoader(Member);
export const territoryById = byIdLoader(Territory);

interface MemberRow {
  id: number;
  full_name: string;
  email: string;
  role: MemberRole;
  team_id: number;
  territory_id: number | null;
  capability: string;
  hire_date: string;
  created_at: string;
  archived_at: string | null;
}

/**
 * A member read for display: an instance of the entity class with the row's fields as its own
 * properties (its team and territory are the request's references to them), unknown to the unit of
 * work. Lists of people are read on every widget refresh: hydrating each row into a managed entity cost
 * more than the statement. Never changed and flushed: services that change a member read it through the ORM.
 */
function memberOfRow(em: EntityManager, row: MemberRow): Member {
  return displayInstance(Member, {
    id: row.id,
    fullName: row.full_name,
    email: row.email,
    role: row.role,
    team: em.getReference(Team, row.team_id),
    territory: row.territory_id === null ? null : em.getReference(Territory, row.territory_id),
    capability: row.capability,
    hireDate: row.hire_date,
    createdAt: new Date(row.created_at),
    archivedAt: row.archived_at === null ? null : new Date(row.archived_at),
  });
}

/** Members by team, by name. */
function membersOfTeams(includeArchived: boolean) {
  return defineLoader(
    (em) =>
      new DataLoader<number, Member[]>(async (teamIds) => {
        const rows = await em.execute<MemberRow[]>(
          `select id, full_name, email, role, team_id, territory_id, capability, hire_date, to_json(created_at) as created_at,
                  to_json(archived_at) as archived_at
             from member where team_id in (?) ${includeArchived ? '' : 'and archived_at is null'} order by full_name, id`,
          [[...teamIds]],
        );
        return groupByKey(
          teamIds,
          rows.map((row) => memberOfRow(em, row)),
          (m) => m.team.id,
        );
      }),
  );
}
export const activeMembersOfTeam = membersOfTeams(false);
export const allMembersOfTeam = membersOfTeams(true);

export const activeChildrenOfTeam = defineLoader(
  (em) =>
    new DataLoader<number, Team[]>(async (teamIds) => {
      const rows = await em.find(Team, { parent: { $in: [...teamIds] }, archivedAt: null }, { orderBy: { name: 'asc', id: 'asc' } });
      return groupByKey(teamIds, rows, (t) => t.parent!.id);
    }),
);

/** Active descendants of a team (not the team itself), keyed by the team's path. */
export const activeDescendantsOfPath = defineLoader(
  (em) =>
    new DataLoader<string, Team[]>(async (paths) => {
      const rows = await em.find(
        Team,
        { $or: paths.map((p) => ({ path: { $like: `${p}%`, $ne: p } })), archivedAt: null },
        { orderBy: { path: 'asc' } },
      );
      return paths.map((p) => rows.filter((t) => t.path.startsWith(p) && t.path !== p));
    }),
);

export const activeTeamsManagedBy = defineLoader(
  (em) =>
    new DataLoader<number, Team[]>(async (memberIds) => {
      const rows = await em.find(Team, { manager: { $in: [...memberIds] }, archivedAt: null }, { orderBy: { name: 'asc' } });
      return groupByKey(memberIds, rows, (t) => t.manager!.id);
    }),
);

/** Active members in a team's whole subtree, keyed by the team's path. */
export const subtreeHeadcount = defineLoader(
  (em) =>
    new DataLoader<string, number>(async (paths) => {
      const rows = await em.getConnection().execute<{ prefix: string; headcount: string }[]>(
        `select p.prefix, count(m.id) as headcount
           from unnest(array[?]::text[]) as p(prefix)
           left join team t on t.path like p.prefix || '%'
           left join member m on m.team_id = t.id and m.archived_at is null
          group by p.prefix`,
        [[...paths]],
      );
      const byPath = new Map(rows.map((r) => [r.prefix, Number(r.headcount)]));
      return paths.map((p) => byPath.get(p) ?? 0);
    }),
);

export const transfersOfMember = defineLoader(
  (em) =>
    new DataLoader<number, MemberTransfer[]>(async (memberIds) => {
      const rows = await em.find(MemberTransfer, { member: { $in: [...memberIds] } }, { orderBy: { movedAt: 'asc', id: 'asc' } });
      return groupByKey(memberIds, rows, (t) => t.member.id);
    }),
);
