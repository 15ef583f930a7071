import type { EntityManager } from '@mikro-orm/postgresql';
import { Period } from '../goals/period.entity.js';
import { MemberRole } from '../org/enums.js';
import { LeaderboardMetric } from './enums.js';

/**
 * The value each member scores in a period (`ps`: id, start_date, end_date) as an SQL expression over
 * member `m`; null means "not on the board" (ATTAINMENT without a positive REVENUE quota). Revenue and
 * deals count like attainment (goals/measures.ts): deals the member owns, won with a close date in the period,
 * a split deal by the member's share (SPLIT_WON corrects the owner's full amount; overlay shares count)
 * and once for each member it credits.
 */
const IN_PERIOD = `d.status = 'WON' and d.close_date between ps.start_date and ps.end_date`;
const WON = `from deal d where d.owner_id = m.id and ${IN_PERIOD}`;
const SPLIT_WON = `from deal_credit c join deal d on d.id = c.deal_id
  where c.member_id = m.id and c.deal_close_date between ps.start_date and ps.end_date and d.status = 'WON'`;
/** Won revenue, exact (shares unrounded): the owned deals, plus each share less the full amount of an owned split deal. */
const REVENUE = `((select coalesce(sum(d.amount), 0) ${WON})
      + (select coalesce(sum(d.amount * c.percent / 100 - case when d.owner_id = m.id then d.amount else 0 end), 0) ${SPLIT_WON}))`;
const VALUE: Record<LeaderboardMetric, string> = {
  [LeaderboardMetric.REVENUE]: `round(${REVENUE}, 2)`,
  [LeaderboardMetric.DEALS_WON]: `((select count(*) ${WON}) + (select count(*) ${SPLIT_WON} and d.owner_id <> m.id))`,
  [LeaderboardMetric.ACTIVITIES]: `(select count(*) from interaction i where i.member_id = m.id
      and i.occurred_at >= ps.start_date::timestamp at time zone 'UTC' and i.occurred_at < (ps.end_date + 1)::timestamp at time zone 'UTC')`,
  [LeaderboardMetric.ATTAINMENT]: `(select round(${REVENUE} / q.target, 4)
      from quota q where q.member_id = m.id and q.period_id = ps.id and q.metric = 'REVENUE' and q.target > 0)`,
};

/** Who is ranked unless the caller names roles: reps, whose job the metrics measure. */
export const LEADERBOARD_DEFAULT_ROLES: readonly MemberRole[] = [MemberRole.REP];

export interface LeaderboardRow {
  memberId: number;
  value: string;
  /** Null for a member without a result (value 0): listed after the ranked members, not ranked. */
  rank: number | null;
  previousRank: number | null;
}

export interface LeaderboardResult {
  previousPeriod: Period | null;
  rows: LeaderboardRow[];
  /** Members on the board (ranked or without a result), beyond the rows returned. */
  totalCount: number;
  /** Members with a result (a rank), beyond the rows returned. */
  rankedCount: number;
}

/** The period of the same kind that ended last before `period` started. */
export function previousPeriodOf(em: EntityManager, period: Period): Promise<Period | null> {
  return em.findOne(Period, { kind: period.kind, endDate: { $lt: period.startDate } }, { orderBy: { endDate: 'desc' } });
}

/**
 * Ranks the active members of a team subtree who hold one of `roles` by `metric` in a period and in the
 * previous period of the same kind, in one SQL statement. Only a positive value is a result: members
 * with a positive value get standard competition ranks ("1224": equal values share a rank, the next rank
 * skips), listed by rank, then name, then id; members with 0 are listed after them by name, without a
 * rank — a board where nobody has a result ranks nobody. A member's previous rank is among the same
 * members by the same rule; null when they had no result then (or there is no previous period).
 */
export async function leaderboard(
  em: EntityManager,
  teamPath: string,
  period: Period,
  metric: LeaderboardMetric,
  roles: readonly MemberRole[],
  first: number,
): Promise<LeaderboardResult> {
  const previousPeriod = await previousPeriodOf(em, period);
  const rows = await em.execute<
    { member_id: number; value: string; rank: string | null; previous_rank: string | null; total: string; ranked: string }[]
  >(
    `with ps as (
       select id, start_date, end_date, id = ? as is_current from period where id in (?, ?)
     ),
     -- materialized: each value is computed once, not again for every place that ranks, filters or orders by it
     scored as materialized (
       select ps.is_current, m.id as member_id, m.full_name, ${VALUE[metric]} as value
         from ps cross join member m join team t on t.id = m.team_id
        where t.path like ? and m.archived_at is null and m.role in (?)
     ),
     ranked as (
       select s.*, case when s.value > 0 then rank() over (partition by s.is_current, s.value > 0 order by s.value desc) end as rank
         from scored s where s.value is not null
     )
     select c.member_id, c.value::text as value, c.rank, p.rank as previous_rank,
            count(*) over () as total, count(c.rank) over () as ranked
       from ranked c left join ranked p on p.member_id = c.member_id and not p.is_current
      where c.is_current
      order by c.rank nulls last, c.full_name, c.member_id
      limit ?`,
    [period.id, period.id, previousPeriod?.id ?? period.id, `${teamPath}%`, [...roles], first],
  );
  return {
    previousPeriod,
    totalCount: rows.length ? Number(rows[0].total) : 0,
    rankedCount: rows.length ? Number(rows[0].ranked) : 0,
    rows: rows.map((r) => ({
      memberId: Number(r.member_id),
      value: r.value,
      rank: r.rank === null ? null : Number(r.rank),
      previousRank: r.previous_rank === null ? null : Number(r.previous_rank),
    })),
  };
}
