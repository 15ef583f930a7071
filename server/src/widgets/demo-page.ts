import type { EntityManager } from '@mikro-orm/postgresql';

/** Which records the demo page shows: the top team, the largest field team and its best-staffed rep. */
export interface DemoPageIds {
  rootTeamId: number;
  teamId: number;
  memberId: number;
}

export async function demoPageIds(em: EntityManager): Promise<DemoPageIds | undefined> {
  const [row] = await em.getConnection().execute<{ root_team_id: number; team_id: number; member_id: number }[]>(
    `with root as (
       select id from team where parent_id is null and archived_at is null order by id limit 1
     ), largest as (
       select t.id from team t join member m on m.team_id = t.id and m.archived_at is null and m.role = 'REP'
        where t.archived_at is null and t.kind <> 'INSIDE_SALES'
        group by t.id order by count(*) desc, t.id limit 1
     )
     select (select id from root) as root_team_id, l.id as team_id,
            (select m.id from member m where m.team_id = l.id and m.role = 'REP' and m.archived_at is null order by m.id limit 1) as member_id
       from largest l`,
  );
  return row ? { rootTeamId: row.root_team_id, teamId: row.team_id, memberId: row.member_id } : undefined;
}
