import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAuditChange } from '../audit/recorder.js';
import { AuditChangeKind } from '../audit/audit-entry.entity.js';
import { badInput, conflict } from '../errors.js';
import type { Period } from '../goals/period.entity.js';
import { normaliseMoney } from '../money.js';
import type { Team } from '../org/team.entity.js';
import { CATEGORY_SQL } from './category.js';
import { FIGURES_SQL, toFigures, type FigureColumns } from './figures.js';
import { ForecastSnapshot } from './snapshot.entity.js';
import { CloseDateSlippage, PipelineSnapshot } from './types.js';

/**
 * Weekly snapshots of the open pipeline, written in SQL (`insert … select` from the deal table, never
 * by loading deals). One snapshot per ISO week: the week's Monday is unique, and a transaction-scoped
 * advisory lock keeps two processes (or the weekly job and an admin) from writing the same week at once.
 */

/** Any constant key: the lock only has to be the same for every process of a deployment. */
export const SNAPSHOT_LOCK = 42_061_201;

/** Monday (UTC) of the ISO week of an instant, as YYYY-MM-DD. */
export function isoWeekMonday(instant: Date): string {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/**
 * Takes this week's snapshot, or refreshes it (`refresh`, takeForecastSnapshot) when it exists; the
 * weekly job (`refresh: false`) leaves an existing one alone and returns null. Runs inside the caller's
 * transaction: five statements whatever the number of deals.
 */
export async function takeSnapshot(em: EntityManager, options: { refresh: boolean; now?: Date }): Promise<ForecastSnapshot | null> {
  const now = options.now ?? new Date();
  const week = isoWeekMonday(now);
  const [{ locked }] = await em.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [SNAPSHOT_LOCK]);
  if (!locked) {
    if (!options.refresh) return null;
    throw conflict('snapshot-in-progress', `the snapshot of the week of ${week} is being taken by another process`);
  }
  const [row] = await em.execute<{ id: number; inserted: boolean }[]>(
    `insert into forecast_snapshot (week, taken_at, deals) values (?, ?, 0)
     on conflict (week) do update set taken_at = excluded.taken_at where ?
     returning id, xmax = 0 as inserted`,
    [week, now, options.refresh],
  );
  if (!row) return null;
  await em.execute('delete from forecast_snapshot_line where snapshot_id = ?', [row.id], 'run');
  const written = await em.execute<{ affectedRows: number }>(
    `insert into forecast_snapshot_line (snapshot_id, deal_id, team_id, owner_id, stage_id, category, amount, expected_close_date)
     select ?, d.id, d.team_id, d.owner_id, d.stage_id, ${CATEGORY_SQL}, d.amount, d.expected_close_date
       from deal d join sales_stage s on s.id = d.stage_id
      where d.status = 'OPEN'`,
    [row.id],
    'run',
  );
  const [saved] = await em.execute<Record<string, unknown>[]>(
    'update forecast_snapshot set deals = ? where id = ? returning id, week, taken_at, deals',
    [written.affectedRows, row.id],
  );
  // Written in SQL, so the audit's ORM subscriber does not see it: the entry records it explicitly.
  recordAuditChange({
    entity: 'ForecastSnapshot',
    entityId: String(row.id),
    kind: row.inserted ? AuditChangeKind.CREATE : AuditChangeKind.UPDATE,
    before: null,
    after: { week, takenAt: now.toISOString(), deals: written.affectedRows },
  });
  return em.map(ForecastSnapshot, saved as never);
}

interface SnapshotFiguresRow extends FigureColumns {
  id: number;
  week: string;
  taken_at: Date;
  deals: number;
  open_deals: string;
}

/**
 * The subtree's pipeline for the period as the latest snapshot taken on or before `asOf` recorded it,
 * with the deals won in the period up to that snapshot's day; null when no snapshot is that old. One statement.
 */
export async function pipelineSnapshot(em: EntityManager, team: Team, period: Period, asOf: string): Promise<PipelineSnapshot | null> {
  const [row] = await em.execute<SnapshotFiguresRow[]>(
    `with snap as (select * from forecast_snapshot where taken_at < ?::date + 1 order by taken_at desc, id desc limit 1),
     root as (select path from team where id = ?),
     p as (select start_date, end_date from period where id = ?),
     x as (
       select l.amount, l.category, false as won,
              l.expected_close_date between p.start_date and p.end_date as open_in,
              snap.taken_at::date between p.start_date and p.end_date and l.expected_close_date < p.start_date as slipped
         from snap cross join p join forecast_snapshot_line l on l.snapshot_id = snap.id
         join team t on t.id = l.team_id join root on t.path like root.path || '%'
       union all
       select d.amount, null, true, false, false
         from snap cross join p cross join root join team t on t.path like root.path || '%' join deal d on d.team_id = t.id
        where d.status = 'WON' and d.close_date between p.start_date and least(p.end_date, snap.taken_at::date))
     select snap.id, snap.week, snap.taken_at, snap.deals, f.*
       from snap cross join (select ${FIGURES_SQL}, count(*) filter (where open_in) as open_deals from x) f`,
    [asOf, team.id, period.id],
  );
  if (!row) return null;
  const snapshot = em.map(ForecastSnapshot, { id: row.id, week: row.week, taken_at: row.taken_at, deals: row.deals } as never);
  return Object.assign(new PipelineSnapshot(), { snapshot, figures: toFigures(row), openDeals: Number(row.open_deals) });
}

/**
 * Compares the deals of the subtree expected in the period in the first snapshot taken on or after
 * `since` with the deals as they are now (their expected close date, or their close date once closed).
 * One statement.
 */
export async function closeDateSlippage(em: EntityManager, team: Team, period: Period, since: string): Promise<CloseDateSlippage> {
  const [row] = await em.execute<
    { snapshots: string; slipped_out: string; slipped_out_amount: string | null; pushed: string; average_days: string | null }[]
  >(
    `with snap as (select id from forecast_snapshot where taken_at >= ?::date order by taken_at, id limit 1),
     root as (select path from team where id = ?),
     p as (select start_date, end_date from period where id = ?),
     x as (
       select l.amount, l.expected_close_date as was,
              case when d.status = 'OPEN' then d.expected_close_date else d.close_date end as now_date
         from snap join forecast_snapshot_line l on l.snapshot_id = snap.id
         join team t on t.id = l.team_id join root on t.path like root.path || '%'
         cross join p join deal d on d.id = l.deal_id
        where l.expected_close_date between p.start_date and p.end_date)
     select (select count(*) from snap) as snapshots,
            count(*) filter (where x.now_date > p.end_date) as slipped_out,
            sum(x.amount) filter (where x.now_date > p.end_date) as slipped_out_amount,
            count(*) filter (where x.now_date > x.was) as pushed,
            round(avg(x.now_date - x.was) filter (where x.now_date > x.was), 2) as average_days
       from p left join x on true`,
    [since, team.id, period.id],
  );
  if (Number(row.snapshots) === 0) throw badInput('since', 'no-snapshot', `no forecast snapshot was taken on or after ${since}`);
  return Object.assign(new CloseDateSlippage(), {
    period,
    since,
    slippedOut: Number(row.slipped_out),
    slippedOutAmount: normaliseMoney(row.slipped_out_amount),
    pushedDeals: Number(row.pushed),
    averageDaysPushed: row.average_days === null ? null : String(row.average_days),
  });
}
