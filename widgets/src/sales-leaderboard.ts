import { css, html, type TemplateResult } from 'lit';
import leaderboardQuery from '../../schema/operations/Leaderboard.graphql?raw';
import { runQuery } from './client.js';
import { define } from './define.js';
import { formatCount, formatMoney, formatPercent } from './format.js';
import { messages, type Lang } from './i18n.js';
import { resolvePeriodId } from './periods.js';
import { ATTAINMENT_EVENTS, scopedFilter, type LiveFilter } from './live.js';
import { SalesElement, type Settings } from './sales-element.js';

type Metric = 'ATTAINMENT' | 'REVENUE' | 'DEALS_WON' | 'ACTIVITIES';
const METRICS: readonly Metric[] = ['ATTAINMENT', 'REVENUE', 'DEALS_WON', 'ACTIVITIES'];
const ROLES = ['REP', 'MANAGER', 'SUPPORT'] as const;
type Role = (typeof ROLES)[number];

interface Entry {
  /** Null for a member without a result yet: listed after the ranked ones. */
  rank: number | null;
  value: string;
  previousRank: number | null;
  rankChange: number | null;
  member: { id: string; fullName: string };
}

interface Board {
  metric: Metric;
  hasResults: boolean;
  totalCount: number;
  team: { id: string; name: string };
  period: { id: string; name: string };
  entries: Entry[];
}

/**
 * `<sales-leaderboard team-id="3" metric="ATTAINMENT" period="current-month" limit="10">`: the members
 * of a team's subtree ranked by attainment, revenue, deals won or activities, with their move since the
 * previous period (an arrow plus a text for screen readers). `period-id` may replace `period`.
 * `roles="REP MANAGER"` ranks those roles (default: the server's, reps only). Members without a result
 * are listed unranked after the others; when nobody has one the element says so instead of a table.
 */
export class SalesLeaderboard extends SalesElement<Board> {
  static override properties = {
    ...SalesElement.properties,
    teamId: { type: String, attribute: 'team-id' },
    periodId: { type: String, attribute: 'period-id' },
    metric: { type: String },
    roles: { type: String },
    limit: { type: Number },
  };

  static override styles = [
    ...SalesElement.styles,
    css`
      header { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
      header h2 { margin: 0; }
      .meta { font-size: 0.9em; color: var(--_muted); }
      table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
      th { text-align: left; font-weight: 600; font-size: 0.85em; color: var(--_muted); padding: 4px; }
      td { padding: 6px 4px; border-top: 1px solid var(--_track); }
      .rank { width: 3ch; font-weight: 700; }
      .value { text-align: right; }
      .move { width: 6ch; text-align: right; white-space: nowrap; }
      .up { color: var(--_good); }
      .down { color: var(--_bad); }
      .same, .new { color: var(--_muted); }
      .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    `,
  ];

  declare teamId?: string;
  declare periodId?: string;
  declare metric?: string;
  declare roles?: string;
  declare limit?: number;

  private get chosenMetric(): Metric {
    const value = (this.metric ?? '').toUpperCase() as Metric;
    return METRICS.includes(value) ? value : 'ATTAINMENT';
  }

  /** The known roles named by `roles` (spaces or commas between them); none means the server's default. */
  private get chosenRoles(): Role[] | undefined {
    const named = (this.roles ?? '').toUpperCase().split(/[\s,]+/);
    const roles = ROLES.filter((role) => named.includes(role));
    return roles.length ? roles : undefined;
  }

  protected label(settings: Settings): string {
    const text = messages(settings.lang);
    return this.data ? `${text.leaderboard}: ${this.data.team.name}` : text.leaderboard;
  }

  protected override emptyText(settings: Settings): string {
    const text = messages(settings.lang);
    return text.configureTeam;
  }

  protected override liveFilter(): LiveFilter | null {
    return scopedFilter(ATTAINMENT_EVENTS, { teamId: this.teamId });
  }

  protected async fetchData(settings: Settings): Promise<Board | null> {
    if (!this.teamId) return null;
    const periodId = this.periodId || (await resolvePeriodId(settings, this.period));
    const first = Math.min(Math.max(Math.trunc(this.limit ?? 10) || 10, 1), 100);
    const { leaderboard } = await runQuery<{ leaderboard: Board }>(settings, leaderboardQuery, {
      teamId: this.teamId,
      periodId,
      metric: this.chosenMetric,
      roles: this.chosenRoles,
      first,
    });
    return leaderboard;
  }

  private formatValue(board: Board, value: string, settings: Settings): string {
    if (board.metric === 'ATTAINMENT') return formatPercent(value, settings.lang);
    if (board.metric === 'REVENUE') return formatMoney(value, settings.lang, settings.currency, true);
    return formatCount(Number(value), settings.lang);
  }

  private renderMove(entry: Entry, lang: Lang): TemplateResult {
    const text = messages(lang);
    if (entry.rank === null) return html`<span class="sr">${text.noResult}</span>`;
    const change = entry.rankChange;
    if (change === null) return html`<span class="new" aria-hidden="true">•</span><span class="sr">${text.newInRanking}</span>`;
    if (change === 0) return html`<span class="same" aria-hidden="true">=</span><span class="sr">${text.sameRank}</span>`;
    const up = change > 0;
    return html`<span class=${up ? 'up' : 'down'} aria-hidden="true">${up ? '▲' : '▼'}${Math.abs(change)}</span><span class="sr"
        >${up ? text.movedUp(change) : text.movedDown(-change)}</span
      >`;
  }

  private select(entry: Entry): void {
    this.dispatchEvent(
      new CustomEvent('sales-member-click', {
        detail: { memberId: entry.member.id, fullName: entry.member.fullName },
        bubbles: true,
        composed: true,
      }),
    );
  }

  protected renderData(board: Board, settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    return html`<header part="header">
        <h2 part="title">${text.leaderboard}: ${board.team.name}</h2>
        <span class="meta" part="meta">${text.metric[board.metric]} · ${board.period.name}</span>
      </header>
      ${board.hasResults ? this.renderTable(board, settings) : html`<div class="state" part="empty">${text.noResultsYet}</div>`}`;
  }

  private renderTable(board: Board, settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    return html`<table part="table">
        <thead>
          <tr><th scope="col">${text.rank}</th><th scope="col">${text.member}</th><th scope="col" class="value">${text.metric[board.metric]}</th><th scope="col" class="move">${text.change}</th></tr>
        </thead>
        <tbody>
          ${board.entries.map(
            (entry) => html`<tr part="row" data-member=${entry.member.id} data-rank=${entry.rank ?? ''} @click=${() => this.select(entry)}>
              <td class="rank" part="rank">${entry.rank ?? html`<span aria-hidden="true">—</span>`}</td>
              <td part="member-name">${entry.member.fullName}</td>
              <td class="value" part="value">${this.formatValue(board, entry.value, settings)}</td>
              <td class="move" part="move">${this.renderMove(entry, settings.lang)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${board.totalCount > board.entries.length ? html`<div class="meta" part="more">${text.ofRanked(board.entries.length, board.totalCount)}</div>` : ''}`;
  }
}

define('sales-leaderboard', SalesLeaderboard);
