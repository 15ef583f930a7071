import type { RecordScope } from '../records.js';
import { recordScopeSql } from '../records.js';

/**
 * Which deals an analysis looks at. `teamPath` selects deals credited to the team's whole subtree
 * (`deal.team_id`), `memberId` deals owned by the member, `createdFrom`/`createdTo` deals created in
 * the period (UTC calendar days, both inclusive), plus channel and product; `scope` keeps only the
 * viewer's records.
 */
export interface DealSelection {
  scope: RecordScope;
  teamPath?: string | null;
  memberId?: number | null;
  channelId?: number | null;
  productId?: number | null;
  createdFrom?: string | null;
  createdTo?: string | null;
}

/** First instant of the UTC day after `date` (YYYY-MM-DD). */
export function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString();
}

/** SQL conditions on `deal d` joined to its credited `team t`. */
export function dealSelectionSql(selection: DealSelection): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const scope = recordScopeSql(selection.scope, ['t.path'], ['d.owner_id']);
  parts.push(scope.sql);
  params.push(...scope.params);
  if (selection.teamPath) {
    parts.push('t.path like ?');
    params.push(`${selection.teamPath}%`);
  }
  if (selection.memberId) {
    parts.push('d.owner_id = ?');
    params.push(selection.memberId);
  }
  if (selection.channelId) {
    parts.push('d.channel_id = ?');
    params.push(selection.channelId);
  }
  if (selection.productId) {
    parts.push('d.product_id = ?');
    params.push(selection.productId);
  }
  createdWithin('d.created_at', selection, parts, params);
  return { sql: parts.join(' and '), params };
}

/** Adds the conditions of the selection's creation period on `column` (a deal's creation time). */
export function createdWithin(column: string, selection: DealSelection, parts: string[], params: unknown[]): void {
  if (selection.createdFrom) {
    parts.push(`${column} >= ?`);
    params.push(`${selection.createdFrom}T00:00:00.000Z`);
  }
  if (selection.createdTo) {
    parts.push(`${column} < ?`);
    params.push(dayAfter(selection.createdTo));
  }
}
