import type { EntityManager } from '@mikro-orm/postgresql';
import { formatMoney, toKopecks } from '../money.js';
import { dealSelectionSql, type DealSelection } from './deal-selection.js';
import { DealStatus } from './enums.js';
import { ratio } from '../decimal.js';
import { SalesStage } from './stage.entity.js';

/**
 * The sales funnel (воронка продаж) of a selection of deals (see DealSelection: by default the deals
 * *created* in the period).
 *
 * - A deal REACHED an open stage when the furthest open stage in its history sits at that position
 *   or beyond (by the stages' current positions), or when it was won: won deals reached every open
 *   stage. Lost deals reached the stages up to where they were lost. A deal created directly in a
 *   later stage counts for the earlier stages too, so the funnel never widens.
 * - `deals` / `amount`: how many selected deals reached the stage and their current amounts.
 * - `conversionFromPrevious`: deals(stage) / deals(previous open stage); null for the first stage.
 *   `conversionFromFirst`: deals(stage) / deals(first open stage). Four decimals, null when dividing by 0.
 * - `medianDaysInStage`: median length, in days with one decimal, of the completed stays of the
 *   selected deals in the stage (a stay ends when the deal moves on, back, or is closed; stays still
 *   going on are not counted; a deal that came back to a stage counts each stay). Null without any.
 * - `won` / `lost`: selected deals now WON / LOST; `winRate` = won / (won + lost).
 *
 * Cost: one SQL statement whatever the number of deals (the active stages, and aggregates over the
 * deals and their stage changes); deals are never loaded. Reach comes from the deals alone (their furthest
 * open stage is kept on the row); stays from the stage changes, which carry when the stage they leave
 * was entered, so no window function is needed. Without any filter the stays are read without a join.
 */

export interface FunnelStageRow {
  stage: SalesStage;
  deals: number;
  amount: string;
  conversionFromPrevious: string | null;
  conversionFromFirst: string | null;
  medianDaysInStage: string | null;
}

export interface FunnelOutcomeRow {
  deals: number;
  amount: string;
}

export interface FunnelResult {
  stages: FunnelStageRow[];
  deals: number;
  open: FunnelOutcomeRow;
  won: FunnelOutcomeRow;
  lost: FunnelOutcomeRow;
  winRate: string | null;
}

interface AggregateRow extends Partial<Record<(typeof STAGE_COLUMNS)[number], unknown>> {
  kind: 'stage' | 'reach' | 'stay';
  status: DealStatus | null;
  position: number | null;
  deals: number;
  amount: string | null;
  median_days: string | null;
  stage_id: number | null;
}

/** Columns of the active stages, read in the funnel's statement and hydrated as SalesStage entities. */
const STAGE_COLUMNS = ['code', 'name_en', 'name_ru', 'probability', 'outcome', 'created_at', 'archived_at'] as const;

export async function computeFunnel(em: EntityManager, selection: DealSelection): Promise<FunnelResult> {
  const where = dealSelectionSql(selection);
  const none = STAGE_COLUMNS.map((c) => `null as ${c}`).join(', ');
  const rows = await em.execute<AggregateRow[]>(
    `with selected as materialized (
       select d.id, d.amount, d.status, fs.position as reached
         from deal d
         join team t on t.id = d.team_id
         join sales_stage fs on fs.id = d.furthest_stage_id
        where ${where.sql}
     )
     select 'stage' as kind, null as status, s.position, null::int as deals, null::text as amount, null::text as median_days, s.id as stage_id,
            ${STAGE_COLUMNS.map((c) => `s.${c}`).join(', ')}
       from sales_stage s where s.archived_at is null
     union all
     select 'reach', status, reached, count(*)::int, sum(amount)::text, null, null, ${none}
       from selected group by status, reached
     union all
     select 'stay', null, null, count(*)::int, null,
            round(extract(epoch from percentile_cont(0.5) within group (order by c.changed_at - c.from_entered_at)) / 86400, 1)::text,
            c.from_stage_id, ${none}
       from deal_stage_change c ${where.sql === 'true' ? '' : 'join selected s on s.id = c.deal_id'}
      where c.from_stage_id is not null ${selection.createdFrom ? 'and c.changed_at >= ?' : ''}
      group by c.from_stage_id`,
    // A stay of a deal created in the period ended after the period began: only those changes are read.
    selection.createdFrom ? [...where.params, `${selection.createdFrom}T00:00:00.000Z`] : where.params,
  );
  const stages = rows
    .filter((r) => r.kind === 'stage')
    .map((r) =>
      em.map(SalesStage, { id: r.stage_id, position: r.position, ...Object.fromEntries(STAGE_COLUMNS.map((c) => [c, r[c]])) } as never),
    )
    .sort((a, b) => a.position - b.position || a.id - b.id);
  const reach = rows.filter((r) => r.kind === 'reach');
  const medians = new Map(rows.filter((r) => r.kind === 'stay').map((r) => [Number(r.stage_id), r.median_days]));
  const total = (predicate: (row: AggregateRow) => boolean): { count: bigint; kopecks: bigint } =>
    reach
      .filter(predicate)
      .reduce((acc, r) => ({ count: acc.count + BigInt(r.deals), kopecks: acc.kopecks + toKopecks(r.amount ?? '0') }), {
        count: 0n,
        kopecks: 0n,
      });
  const outcome = (status: DealStatus): FunnelOutcomeRow => {
    const t = total((r) => r.status === status);
    return { deals: Number(t.count), amount: formatMoney(t.kopecks) };
  };

  const open = stages.filter((s) => s.outcome === DealStatus.OPEN);
  const counts = open.map((stage) => total((r) => r.status === DealStatus.WON || Number(r.position) >= stage.position));
  const first = counts[0]?.count ?? 0n;
  const won = outcome(DealStatus.WON);
  const lost = outcome(DealStatus.LOST);
  return {
    stages: open.map((stage, index) => ({
      stage,
      deals: Number(counts[index].count),
      amount: formatMoney(counts[index].kopecks),
      conversionFromPrevious: index === 0 ? null : ratio(counts[index].count, counts[index - 1].count),
      conversionFromFirst: ratio(counts[index].count, first),
      medianDaysInStage: medians.get(stage.id) ?? null,
    })),
    deals: Number(total(() => true).count),
    open: outcome(DealStatus.OPEN),
    won,
    lost,
    winRate: ratio(won.deals, won.deals + lost.deals),
  };
}
