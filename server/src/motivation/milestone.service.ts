import type { EntityManager } from '@mikro-orm/postgresql';

/** Percentages of the REVENUE quota whose crossing is recorded as a milestone. */
export const MILESTONE_THRESHOLDS = [50, 90, 100, 120] as const;

/**
 * Records, in one INSERT, every threshold crossed by the owners and periods that `keys` (an SQL query
 * returning member_id, team_id, period_id) names and that have a positive REVENUE quota. The won deals
 * of an owner in a period are taken in close-date order (then id); the deal whose amount takes the
 * running total to threshold × quota is the one that crossed it. Owners are counted like attainment
 * (goals/measures.ts): a member by `deal.owner_id`, a team by the deals credited to its subtree.
 * The unique constraints (owner, period, threshold) with `on conflict do nothing` record each crossing
 * once, however many deals are won at once and whichever transaction gets there first.
 */
async function insertCrossings(em: EntityManager, keys: string, params: unknown[]): Promise<number> {
  const rows = await em.execute<{ id: number }[]>(
    `with keys as (${keys}),
     owners as (
       select k.member_id, k.team_id, k.period_id, p.start_date, p.end_date, q.target, t.path
         from keys k
         join period p on p.id = k.period_id
         join quota q on q.period_id = k.period_id and q.metric = 'REVENUE' and (q.member_id = k.member_id or q.team_id = k.team_id)
         left join team t on t.id = k.team_id
        where q.target > 0
     ),
     running as (
       select o.member_id, o.team_id, o.period_id, o.target, d.id as deal_id, d.close_date,
              sum(d.amount) over (partition by o.member_id, o.team_id, o.period_id order by d.close_date, d.id) as achieved
         from owners o
         cross join lateral (
           select d.id, d.amount, d.close_date from deal d
            where d.owner_id = o.member_id and d.status = 'WON' and d.close_date between o.start_date and o.end_date
           union all
           select d.id, d.amount, d.close_date from deal d join team dt on dt.id = d.team_id
            where dt.path like o.path || '%' and d.status = 'WON' and d.close_date between o.start_date and o.end_date
         ) d
     )
     insert into milestone (member_id, team_id, period_id, threshold, deal_id, reached_on, quota, achieved)
     select distinct on (r.member_id, r.team_id, r.period_id, th.threshold)
            r.member_id, r.team_id, r.period_id, th.threshold, r.deal_id, r.close_date, r.target, r.achieved
       from running r
       join unnest(array[?]::int[]) as th(threshold) on r.achieved * 100 >= r.target * th.threshold
      order by r.member_id, r.team_id, r.period_id, th.threshold, r.close_date, r.deal_id
     on conflict do nothing
     returning id`,
    [...params, [...MILESTONE_THRESHOLDS]],
  );
  return rows.length;
}

export interface WonDeal {
  ownerId: number;
  /** Path of the team the deal is credited to, e.g. "/1/4/9/". */
  teamPath: string;
  closeDate: string;
}

/**
 * After a deal is won, inside the same transaction: the milestones its owner and every team above the
 * credited team reach in each period (month, quarter, year) containing its close date. The member and
 * team rows are locked first (always in the same order), so that concurrent wins for the same owners run
 * one after the other and each sees the deals the other committed; otherwise two deals won at once could
 * each see only its own amount and leave a crossing unrecorded. Reopening or losing a deal later keeps
 * the milestones it recorded: a milestone says the threshold was crossed, not that it still holds.
 */
export async function recordMilestonesOfDeal(em: EntityManager, deal: WonDeal): Promise<number> {
  const teamIds = deal.teamPath.split('/').filter(Boolean).map(Number);
  await em.execute('select 1 from member where id = ? for no key update', [deal.ownerId]);
  await em.execute('select 1 from team where id = any(array[?]::int[]) order by id for no key update', [teamIds]);
  const memberIds = [deal.ownerId, ...teamIds.map(() => null)];
  const keyTeams = [null, ...teamIds];
  return insertCrossings(
    em,
    `select k.member_id, k.team_id, p.id as period_id
       from unnest(array[?]::int[], array[?]::int[]) as k(member_id, team_id)
       join period p on ?::date between p.start_date and p.end_date`,
    [memberIds, keyTeams, deal.closeDate],
  );
}

/** Every milestone the won deals reach against every REVENUE quota, in one statement (demo data, backfills). */
export function recordAllMilestones(em: EntityManager): Promise<number> {
  return insertCrossings(em, `select q.member_id, q.team_id, q.period_id from quota q where q.metric = 'REVENUE'`, []);
}
