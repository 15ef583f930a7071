import { css, html, type TemplateResult } from 'lit';
import leaderboardQuery from '../../schema/operations/Leaderboard.graphql?raw';
import { runQuery } from './client.js';
import { define } from './define.js';
import { formatCount, formatMoney, formatPercent } from './format.js';
import { messages, type Lang } from './i18n.js';
import { resolvePeriodId } from './periods.js';
import { SalesElement, type Settings } from './sales-element.js';

type Metric = 'ATTAINMENT' | 'REVENUE' | 'DEALS_WON' | 'ACTIVITIES';
const METRICS: readonly Metric[] = ['ATTAINMENT', 'REVENUE', 'DEALS_WON', 'ACTIVITIES'];

interface Entry {
  rank: number;
  value: string;
  previousRank: number | null;
  rankChange: number | null;
  member: { id: string; fullName: string };
}

interface Board {
  metric: Metric;
  totalCount: number;
  team: { id: string; name: string };
  period: { id: string; name: string };
  entries: Entry[];
}

/**
 * `<sales-leaderboard team-id="3" metric="ATTAINMENT" period="current-month" limit="10">`: the members
 * of a team's subtree ranked by attainment, revenue, deals won or activities, with their move since the
 * previous period (an arrow plus a text for screen readers). `period-id` may replace `period`.
 */
export class SalesLeaderboard extends SalesElement<Board> {
  static override properties = {
    ...SalesElement.properties,
    teamId: { type: String, attribute: 'team-id' },
    periodId: { type: String, attribute: 'period-id' },
    metric: { type: String },
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
  declare limit?: number;

  private get chosenMetric(): Metric {
    const value = (this.metric ?? '').toUpperCase() as Metric;
    return METRICS.includes(value) ? value : 'ATTAINMENT';
  }

  protected label(settings: Settings): string {
    const text = messages(settings.lang);
    return this.data ? `${text.leaderboard}: ${this.data.team.name}` : text.leaderboard;
  }

  protected override emptyText(settings: Settings): string {
    const text = messages(settings.lang);
    return this.teamId ? text.noRanking : text.configureTeam;
  }

  protected async fetchData(settings: Settings): Promise<Board | null> {
    if (!this.teamId) return null;
    const periodId = this.periodId || (await resolvePeriodId(settings, this.period));
    const first = Math.min(Math.max(Math.trunc(this.limit ?? 10) || 10, 1), 100);
    const { leaderboard } = await runQuery<{ leaderboard: Board }>(settings, leaderboardQuery, {
      teamId: this.teamId,
      periodId,
      metric: this.chosenMetric,
      first,
    });
    return leaderboard.entries.length ? leaderboard : null;
  }

  private formatValue(board: Board, value: string, settings: Settings): string {
    if (board.metric === 'ATTAINMENT') return formatPercent(value, settings.lang);
    if (board.metric === 'REVENUE') return formatMoney(value, settings.lang, settings.currency, true);
    return formatCount(Number(value), settings.lang);
  }

  private renderMove(entry: Entry, lang: Lang): TemplateResult {
    const text = messages(lang);
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
      <table part="table">
        <thead>
          <tr><th scope="col">${text.rank}</th><th scope="col">${text.member}</th><th scope="col" class="value">${text.metric[board.metric]}</th><th scope="col" class="move">${text.change}</th></tr>
        </thead>
        <tbody>
          ${board.entries.map(
            (entry) => html`<tr part="row" data-member=${entry.member.id} data-rank=${entry.rank} @click=${() => this.select(entry)}>
              <td class="rank" part="rank">${entry.rank}</td>
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
