import type { EntityManager } from '@mikro-orm/postgresql';
import { EventSubjectKind } from '../events/domain-event.entity.js';
import { EventType } from '../events/event-type.js';
import { recordEvent } from '../events/record.js';
import { QuotaMetric } from '../goals/enums.js';

/** Percentages of the REVENUE quota whose crossing is recorded as a milestone. */
export const MILESTONE_THRESHOLDS = [50, 90, 100, 120] as const;

/**
 * Split deals (docs/pipeline.md, "Credit splits") as corrections to the rows of insertCrossings, which count a split
 * deal in full for its owner and its team: a member's lines add amount × percent / 100 (overlay too) less
 * the amount of a deal they own; a team's regular shares in its subtree add up, less the amount if the
 * deal's team is in it. A correction has its deal's id and close date, so the running total (whose peers
 * are summed together) never shows the full amount of a split deal.
 */
const SPLIT_SHARES = `select d.id, d.amount * c.percent / 100 - case when d.owner_id = o.member_id then d.amount else 0 end, d.close_date
    from deal_credit c join deal d on d.id = c.deal_id
   where c.member_id = o.member_id and c.deal_close_date between o.start_date and o.end_date and d.status = 'WON'
  union all
  select d.id, sum(d.amount * c.percent / 100) - case when dt.path like o.path || '%' then d.amount else 0 end, d.close_date
    from team ct join deal_credit c on c.team_id = ct.id and not c.overlay
    join deal d on d.id = c.deal_id join team dt on dt.id = d.team_id
   where ct.path like o.path || '%' and c.deal_close_date between o.start_date and o.end_date and d.status = 'WON'
   group by d.id, dt.id`;

/** A milestone row just recorded, with the path of the team it is credited to (the member's team for a member's). */
interface Crossing {
  id: number;
  member_id: number | null;
  team_id: number | null;
  period_id: number;
  threshold: number;
  deal_id: number;
  team_path: string;
}

/**
 * Records, in one INSERT, every threshold crossed by the owners and periods that `keys` (an SQL query
 * returning member_id, team_id, period_id) names and that have a positive REVENUE quota. The won deals
 * of an owner in a period are taken in close-date order (then id); the deal whose amount takes the
 * running total to threshold × quota is the one that crossed it. Owners are counted like attainment
 * (goals/measures.ts): a member by `deal.owner_id`, a team by the deals credited to its subtree, and a
 * split deal by its shares (SPLIT_SHARES).
 * The unique constraints (owner, period, threshold) with `on conflict do nothing` record each crossing
 * once, however many deals are won at once and whichever transaction gets there first.
 */
async function insertCrossings(em: EntityManager, keys: string, params: unknown[]): Promise<Crossing[]> {
  return em.execute<Crossing[]>(
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
           union all
           ${SPLIT_SHARES}
         ) d
     ),
     inserted as (
       insert into milestone (member_id, team_id, period_id, threshold, deal_id, reached_on, quota, achieved)
       select distinct on (r.member_id, r.team_id, r.period_id, th.threshold)
              r.member_id, r.team_id, r.period_id, th.threshold, r.deal_id, r.close_date, r.target, r.achieved
         from running r
         join unnest(array[?]::int[]) as th(threshold) on r.achieved * 100 >= r.target * th.threshold
        order by r.member_id, r.team_id, r.period_id, th.threshold, r.close_date, r.deal_id
       on conflict do nothing
       returning id, member_id, team_id, period_id, threshold, deal_id
     )
     select i.*, coalesce(t.path, mt.path) as team_path
       from inserted i
       left join team t on t.id = i.team_id
       left join member m on m.id = i.member_id
       left join team mt on mt.id = m.team_id`,
    [...params, [...MILESTONE_THRESHOLDS]],
  );
}

export interface WonDeal {
  id: number;
  ownerId: number;
  /** Path of the team the deal is credited to, e.g. "/1/4/9/". */
  teamPath: string;
  closeDate: string;
}

/**
 * After a deal is won (or an admin splits a won deal), inside the same transaction: the milestones its
 * owner, the members its split credits, and every team above the credited teams (the deal's, and those of
 * its regular shares) reach in each period (month, quarter, year) containing its close date. The member and
 * team rows are locked first (always in the same order), so that concurrent wins for the same owners run
 * one after the other and each sees the deals the other committed; otherwise two deals won at once could
 * each see only its own amount and leave a crossing unrecorded. Reopening or losing a deal later keeps
 * the milestones it recorded: a milestone says the threshold was crossed, not that it still holds.
 */
export async function recordMilestonesOfDeal(em: EntityManager, deal: WonDeal, actorId: number | null): Promise<number> {
  const lines = await em.execute<{ member_id: number; path: string; overlay: boolean }[]>(
    'select c.member_id, t.path, c.overlay from deal_credit c join team t on t.id = c.team_id where c.deal_id = ?',
    [deal.id],
  );
  const credited = [deal.ownerId, ...lines.map((line) => Number(line.member_id))];
  const paths = [deal.teamPath, ...lines.filter((line) => !line.overlay).map((line) => line.path)];
  const ids = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  const creditedIds = ids(credited);
  const teamIds = ids(paths.flatMap((path) => path.split('/').filter(Boolean).map(Number)));
  await em.execute('select 1 from member where id = any(array[?]::int[]) order by id for no key update', [creditedIds]);
  await em.execute('select 1 from team where id = any(array[?]::int[]) order by id for no key update', [teamIds]);
  const memberIds = [...creditedIds, ...teamIds.map(() => null)];
  const keyTeams = [...creditedIds.map(() => null), ...teamIds];
  const crossings = await insertCrossings(
    em,
    `select k.member_id, k.team_id, p.id as period_id
       from unnest(array[?]::int[], array[?]::int[]) as k(member_id, team_id)
       join period p on ?::date between p.start_date and p.end_date`,
    [memberIds, keyTeams, deal.closeDate],
  );
  for (const crossing of crossings) recordMilestoneEvent(em, crossing, actorId);
  if (crossings.length > 0) await em.flush();
  return crossings.length;
}

/** MILESTONE_REACHED for one milestone row: seen by its member, or by the managers above its team. */
function recordMilestoneEvent(em: EntityManager, crossing: Crossing, actorId: number | null): void {
  const memberId = crossing.member_id === null ? null : Number(crossing.member_id);
  recordEvent(em, {
    type: EventType.MILESTONE_REACHED,
    actorMemberId: actorId,
    subjects: [
      [EventSubjectKind.MILESTONE, crossing.id],
      memberId === null ? [EventSubjectKind.TEAM, crossing.team_id!] : [EventSubjectKind.MEMBER, memberId],
      [EventSubjectKind.DEAL, crossing.deal_id],
    ],
    teamPaths: [crossing.team_path],
    memberIds: memberId === null ? [] : [memberId],
    payload: { threshold: Number(crossing.threshold), periodId: String(crossing.period_id), metric: QuotaMetric.REVENUE },
  });
}

/**
 * Every milestone the won deals reach against every REVENUE quota, in one statement (demo data, imports);
 * it records no events, as the records an import writes emit none.
 */
export async function recordAllMilestones(em: EntityManager): Promise<number> {
  const crossings = await insertCrossings(em, `select q.member_id, q.team_id, q.period_id from quota q where q.metric = 'REVENUE'`, []);
  return crossings.length;
}
