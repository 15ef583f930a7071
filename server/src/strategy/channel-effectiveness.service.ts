import type { EntityManager } from '@mikro-orm/postgresql';
import { formatMoney, toKopecks } from '../money.js';
import { dayAfter } from '../pipeline/deal-selection.js';
import { ratio } from '../decimal.js';
import { recordScopeSql, type RecordScope } from '../records.js';

/**
 * Channel effectiveness (эффективность каналов, docs/domain.md §4), per channel, over a period of UTC
 * calendar days (both bounds inclusive, each optional):
 *
 * - `leads`: leads that arrived through the channel in the period (by creation time);
 *   `qualifiedLeads`: those of them that were qualified (now QUALIFIED or CONVERTED);
 *   `leadConversion` = qualifiedLeads / leads.
 * - `dealsWon` / `dealsLost`: deals of the channel closed in the period (by close date);
 *   `revenue`: the amounts of the deals won; `winRate` = won / (won + lost).
 * - `averageCycleDays`: mean number of days from creation (UTC date) to close date of the deals won,
 *   one decimal.
 *
 * A team filter keeps leads and deals credited to the team's subtree (lead: its current team or the
 * team that generated it; deal: its team); the viewer's record scope applies as for lists.
 * Ratios have four decimals and are null when the denominator is 0. One SQL statement.
 */

export interface ChannelEffectivenessRow {
  channelId: number;
  leads: number;
  qualifiedLeads: number;
  leadConversion: string | null;
  dealsWon: number;
  dealsLost: number;
  revenue: string;
  winRate: string | null;
  averageCycleDays: string | null;
}

export interface ChannelSelection {
  scope: RecordScope;
  teamPath?: string | null;
  from?: string | null;
  to?: string | null;
}

interface Row {
  channel_id: number;
  leads: number;
  qualified: number;
  won: number;
  lost: number;
  revenue: string | null;
  cycle: string | null;
}

export async function computeChannelEffectiveness(em: EntityManager, selection: ChannelSelection): Promise<ChannelEffectivenessRow[]> {
  const leadScope = recordScopeSql(selection.scope, ['lt.path', 'ls.path'], ['l.owner_id', 'l.generated_by_id']);
  const dealScope = recordScopeSql(selection.scope, ['t.path'], ['d.owner_id']);
  const leadWhere = [leadScope.sql];
  const leadParams: unknown[] = [...leadScope.params];
  const dealWhere = [dealScope.sql, `d.status in ('WON', 'LOST')`];
  const dealParams: unknown[] = [...dealScope.params];
  if (selection.teamPath) {
    leadWhere.push('(lt.path like ? or ls.path like ?)');
    leadParams.push(`${selection.teamPath}%`, `${selection.teamPath}%`);
    dealWhere.push('t.path like ?');
    dealParams.push(`${selection.teamPath}%`);
  }
  if (selection.from) {
    leadWhere.push('l.created_at >= ?');
    leadParams.push(`${selection.from}T00:00:00.000Z`);
    dealWhere.push('d.close_date >= ?');
    dealParams.push(selection.from);
  }
  if (selection.to) {
    leadWhere.push('l.created_at < ?');
    leadParams.push(dayAfter(selection.to));
    dealWhere.push('d.close_date <= ?');
    dealParams.push(selection.to);
  }
  const rows = await em.execute<Row[]>(
    `with leads as (
       select l.channel_id, count(*)::int as leads,
              count(*) filter (where l.status in ('QUALIFIED', 'CONVERTED'))::int as qualified
         from lead l join team lt on lt.id = l.team_id join team ls on ls.id = l.source_team_id
        where ${leadWhere.join(' and ')}
        group by l.channel_id
     ), deals as (
       select d.channel_id,
              count(*) filter (where d.status = 'WON')::int as won,
              count(*) filter (where d.status = 'LOST')::int as lost,
              sum(d.amount) filter (where d.status = 'WON')::text as revenue,
              round(avg(d.close_date - (d.created_at at time zone 'UTC')::date) filter (where d.status = 'WON'), 1)::text as cycle
         from deal d join team t on t.id = d.team_id
        where ${dealWhere.join(' and ')}
        group by d.channel_id
     )
     select c.id as channel_id, coalesce(l.leads, 0) as leads, coalesce(l.qualified, 0) as qualified,
            coalesce(d.won, 0) as won, coalesce(d.lost, 0) as lost, d.revenue, d.cycle
       from channel c
       left join leads l on l.channel_id = c.id
       left join deals d on d.channel_id = c.id
      where c.archived_at is null or l.channel_id is not null or d.channel_id is not null
      order by c.name_ru, c.id`,
    [...leadParams, ...dealParams],
  );
  return rows.map((r) => ({
    channelId: Number(r.channel_id),
    leads: r.leads,
    qualifiedLeads: r.qualified,
    leadConversion: ratio(r.qualified, r.leads),
    dealsWon: r.won,
    dealsLost: r.lost,
    revenue: formatMoney(toKopecks(r.revenue ?? '0')),
    winRate: ratio(r.won, r.won + r.lost),
    averageCycleDays: r.cycle,
  }));
}
