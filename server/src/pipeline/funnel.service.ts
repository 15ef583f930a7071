import type { EntityManager } from '@mikro-orm/postgresql';
import { formatMoney, toKopecks } from '../money.js';
import { createdWithin, dealSelectionSql, type DealSelection } from './deal-selection.js';
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
 * was entered, so no window function is needed, and their deal's team and creation time (staysSql).
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

/**
 * Whether the stays can be read by team. Each stage change carries its deal's team and creation time,
 * so when the selection is a team subtree (or the whole organisation) and a creation period, the stays
 * come from one index range per team without the deals, and the deals and the stays are aggregated
 * independently (PostgreSQL may run the two in parallel): a team's funnel costs what its own deals
 * cost, however large the rest of the organisation. Other selections (an owner, a channel, a product,
 * a scope that adds the caller's own deals elsewhere) select the deals first and read their stays by deal.
 */
function staysByTeam(selection: DealSelection): boolean {
  const { scope, teamPath } = selection;
  const scopeCoversTeam = scope.all || (!!teamPath && scope.teamPaths.some((prefix) => teamPath.startsWith(prefix)));
  return scopeCoversTeam && !selection.memberId && !selection.channelId && !selection.productId;
}

/**
 * The stays of the selected teams' deals created in the period, stage by stage: each stage reads its own
 * index range per team (deal_stage_change_team_stay_index), and its median sorts only its own stays.
 */
function teamStaysSql(selection: DealSelection): { sql: string; params: unknown[] } {
  const parts = ['c.from_stage_id = s.id'];
  const params: unknown[] = [];
  if (selection.teamPath) {
    parts.push('t.path like ?');
    params.push(`${selection.teamPath}%`);
  }
  createdWithin('c.deal_created_at', selection, parts, params);
  const sql = `select 'stay', null, null, m.deals, null, m.median_days, s.id, ${NONE}
       from sales_stage s cross join lateral (
         select count(*)::int as deals, ${MEDIAN_DAYS} as median_days
           from team t join deal_stage_change c on c.team_id = t.id where ${parts.join(' and ')}
       ) m`;
  return { sql, params };
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

/** Columns of the stages, read in the funnel's statement and hydrated as SalesStage entities. */
const STAGE_COLUMNS = ['code', 'name_en', 'name_ru', 'probability', 'outcome', 'created_at', 'archived_at'] as const;
const NONE = STAGE_COLUMNS.map((c) => `null as ${c}`).join(', ');
const MEDIAN_DAYS = 'round((percentile_cont(0.5) within group (order by c.stay_seconds) / 86400)::numeric, 1)::text';

/**
 * One statement: every stage (archived ones too: a deal's furthest stage may have been archived since),
 * the selected deals counted per status and furthest stage, and the median stay per stage.
 */
function funnelSql(selection: DealSelection): { sql: string; params: unknown[] } {
  const where = dealSelectionSql(selection);
  const stagesSql = `select 'stage' as kind, null as status, s.position, null::int as deals, null::text as amount, null::text as median_days,
            s.id as stage_id, ${STAGE_COLUMNS.map((c) => `s.${c}`).join(', ')}
       from sales_stage s`;
  if (staysByTeam(selection)) {
    const stays = teamStaysSql(selection);
    return {
      sql: `${stagesSql}
     union all
     select 'reach', d.status, null, count(*)::int, sum(d.amount)::text, null, d.furthest_stage_id, ${NONE}
       from deal d join team t on t.id = d.team_id where ${where.sql} group by d.status, d.furthest_stage_id
     union all
     ${stays.sql}`,
      params: [...where.params, ...stays.params],
    };
  }
  // The deals' creation window again on their stage changes: only the months it spans are read.
  const stays = ['c.from_stage_id is not null'];
  const stayParams: unknown[] = [];
  createdWithin('c.deal_created_at', selection, stays, stayParams);
  return {
    sql: `with selected as materialized (
       select d.id, d.amount, d.status, d.furthest_stage_id from deal d join team t on t.id = d.team_id where ${where.sql}
     )
     ${stagesSql}
     union all
     select 'reach', status, null, count(*)::int, sum(amount)::text, null, furthest_stage_id, ${NONE}
       from selected group by status, furthest_stage_id
     union all
     select 'stay', null, null, count(*)::int, null, ${MEDIAN_DAYS}, c.from_stage_id, ${NONE}
       from selected s join deal_stage_change c on c.deal_id = s.id where ${stays.join(' and ')} group by c.from_stage_id`,
    params: [...where.params, ...stayParams],
  };
}

export async function computeFunnel(em: EntityManager, selection: DealSelection): Promise<FunnelResult> {
  const statement = funnelSql(selection);
  const rows = await em.execute<AggregateRow[]>(statement.sql, statement.params);
  const allStages = rows
    .filter((r) => r.kind === 'stage')
    .map((r) =>
      em.map(SalesStage, { id: r.stage_id, position: r.position, ...Object.fromEntries(STAGE_COLUMNS.map((c) => [c, r[c]])) } as never),
    );
  const positions = new Map(allStages.map((stage) => [stage.id, stage.position]));
  const stages = allStages.filter((stage) => stage.archivedAt === null).sort((a, b) => a.position - b.position || a.id - b.id);
  // A deal reached the position of its furthest open stage.
  for (const row of rows) if (row.kind === 'reach') row.position = positions.get(Number(row.stage_id)) ?? null;
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
