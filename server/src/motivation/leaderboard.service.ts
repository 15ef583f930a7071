import type { EntityManager } from '@mikro-orm/postgresql';
import { Period } from '../goals/period.entity.js';
import { LeaderboardMetric } from './enums.js';

/**
 * The value each member scores in a period (`ps`: id, start_date, end_date) as an SQL expression over
 * member `m`; null means "not ranked" (ATTAINMENT without a positive REVENUE quota). Revenue and deals
 * count like attainment (goals/measures.ts): deals the member owns, won with a close date in the period.
 */
const WON = `from deal d where d.owner_id = m.id and d.status = 'WON' and d.close_date between ps.start_date and ps.end_date`;
const VALUE: Record<LeaderboardMetric, string> = {
  [LeaderboardMetric.REVENUE]: `(select coalesce(sum(d.amount), 0.00) ${WON})`,
  [LeaderboardMetric.DEALS_WON]: `(select count(*) ${WON})`,
  [LeaderboardMetric.ACTIVITIES]: `(select count(*) from interaction i where i.member_id = m.id
      and i.occurred_at >= ps.start_date::timestamp at time zone 'UTC' and i.occurred_at < (ps.end_date + 1)::timestamp at time zone 'UTC')`,
  [LeaderboardMetric.ATTAINMENT]: `(select round((select coalesce(sum(d.amount), 0) ${WON}) / q.target, 4)
      from quota q where q.member_id = m.id and q.period_id = ps.id and q.metric = 'REVENUE' and q.target > 0)`,
};

export interface LeaderboardRow {
  memberId: number;
  value: string;
  rank: number;
  previousRank: number | null;
}

export interface LeaderboardResult {
  previousPeriod: Period | null;
  rows: LeaderboardRow[];
  /** Members ranked in the period, beyond the rows returned. */
  totalCount: number;
}

/** The period of the same kind that ended last before `period` started. */
export function previousPeriodOf(em: EntityManager, period: Period): Promise<Period | null> {
  return em.findOne(Period, { kind: period.kind, endDate: { $lt: period.startDate } }, { orderBy: { endDate: 'desc' } });
}

/**
 * Ranks the active members of a team subtree by `metric` in a period and in the previous period of the
 * same kind, in one SQL statement. Ranks are standard competition ranks ("1224"): equal values share a
 * rank and the next rank skips; equal values are listed by name, then id. A member's previous rank is
 * among the same members; null when they were not ranked then (or there is no previous period).
 */
export async function leaderboard(
  em: EntityManager,
  teamPath: string,
  period: Period,
  metric: LeaderboardMetric,
  first: number,
): Promise<LeaderboardResult> {
  const previousPeriod = await previousPeriodOf(em, period);
  const rows = await em.execute<{ member_id: number; value: string; rank: string; previous_rank: string | null; total: string }[]>(
    `with ps as (
       select id, start_date, end_date, id = ? as is_current from period where id in (?, ?)
     ),
     scored as (
       select ps.is_current, m.id as member_id, m.full_name, ${VALUE[metric]} as value
         from ps cross join member m join team t on t.id = m.team_id
        where t.path like ? and m.archived_at is null
     ),
     ranked as (
       select s.*, rank() over (partition by s.is_current order by s.value desc) as rank from scored s where s.value is not null
     )
     select c.member_id, c.value::text as value, c.rank, p.rank as previous_rank, count(*) over () as total
       from ranked c left join ranked p on p.member_id = c.member_id and not p.is_current
      where c.is_current
      order by c.rank, c.full_name, c.member_id
      limit ?`,
    [period.id, period.id, previousPeriod?.id ?? period.id, `${teamPath}%`, first],
  );
  return {
    previousPeriod,
    totalCount: rows.length ? Number(rows[0].total) : 0,
    rows: rows.map((r) => ({
      memberId: Number(r.member_id),
      value: r.value,
      rank: Number(r.rank),
      previousRank: r.previous_rank === null ? null : Number(r.previous_rank),
    })),
  };
}
