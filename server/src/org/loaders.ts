import DataLoader from 'dataloader';
import { byIdLoader, defineLoader, groupByKey } from '../graphql/loaders.js';
import { Member } from './member.entity.js';
import { MemberTransfer } from './member-transfer.entity.js';
import { Team } from './team.entity.js';
import { Territory } from './territory.entity.js';

export const teamById = byIdLoader(Team);
export const memberById = byIdLoader(Member);
export const territoryById = byIdLoader(Territory);

function membersOfTeams(includeArchived: boolean) {
  return defineLoader(
    (em) =>
      new DataLoader<number, Member[]>(async (teamIds) => {
        const rows = await em.find(
          Member,
          { team: { $in: [...teamIds] }, ...(includeArchived ? {} : { archivedAt: null }) },
          { orderBy: { fullName: 'asc', id: 'asc' } },
        );
        return groupByKey(teamIds, rows, (m) => m.team.id);
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
