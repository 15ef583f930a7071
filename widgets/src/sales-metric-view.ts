import { css, html, nothing, svg, type TemplateResult } from 'lit';
import metricViewQuery from '../../schema/operations/MetricView.graphql?raw';
import { runQuery } from './client.js';
import { define } from './define.js';
import { formatCount, formatDecimal, formatMoney, formatPercent } from './format.js';
import { messages, type Lang } from './i18n.js';
import { PIPELINE_EVENTS, type LiveFilter } from './live.js';
import { SalesElement, type Settings } from './sales-element.js';

interface Column {
  key: string;
  label: string;
  kind: 'DIMENSION' | 'MEASURE';
  type: 'STRING' | 'ID' | 'DATE' | 'INTEGER' | 'DECIMAL' | 'PERCENT' | 'MONEY';
  currency: string | null;
  format: string | null;
}

interface Cell {
  value: string | null;
  label: string | null;
}

interface SavedView {
  id: string;
  name: string;
  description: string | null;
  chartKind: 'TABLE' | 'BAR' | 'LINE' | 'PIE' | 'NUMBER';
  result: { columns: Column[]; rows: { cells: Cell[] }[]; totalRows: number; truncated: boolean };
}

/** Slice colours of pie charts; themable as --sales-chart-1 … --sales-chart-6. */
const PALETTE = ['#1f5fbf', '#1b7f3b', '#a35a00', '#7b3fb3', '#b3261e', '#00838f'].map((c, i) => `var(--sales-chart-${i + 1}, ${c})`);

/** A cell as text, by its column's type: labels for dimensions, numbers in the widget's locale. */
function show(column: Column, cell: Cell, lang: Lang, currency: string): string {
  if (column.kind === 'DIMENSION') return cell.label ?? cell.value ?? '—';
  if (cell.value === null) return '—';
  const digits = Number(column.format?.split(':')[1] ?? 0);
  switch (column.type) {
    case 'MONEY':
      return formatMoney(cell.value, lang, column.currency ?? currency);
    case 'PERCENT':
      return formatPercent(cell.value, lang, digits);
    case 'INTEGER':
      return formatCount(Number(cell.value), lang);
    default:
      return formatDecimal(cell.value, lang, digits);
  }
}

/**
 * `<sales-metric-view view-id="12">`: a saved metrics view (Query.savedView) drawn as its chart kind —
 * a table, horizontal bars, a line, a pie or one number — with the data table under every chart for
 * screen readers and copying. The result is the caller's: an embed token's scope, or the signed-in
 * viewer's. Charts draw the first measure by the first dimension.
 */
export class SalesMetricView extends SalesElement<SavedView> {
  static override properties = {
    ...SalesElement.properties,
    viewId: { type: String, attribute: 'view-id' },
  };

  static override styles = [
    ...SalesElement.styles,
    css`
      .description { margin: 0 0 12px; color: var(--_muted); }
      .scroll { overflow-x: auto; max-width: 100%; }
      .scroll:focus-visible { outline: 2px solid var(--_focus); }
      table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
      /* The caption names the table for screen readers; the title above already shows it. */
      caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      th, td { padding: 4px 8px; border-bottom: 1px solid var(--_border); text-align: left; }
      td.number, th.number { text-align: right; white-space: nowrap; }
      .bars { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      .bars li { display: grid; grid-template-columns: minmax(90px, 12em) 1fr auto; gap: 8px; align-items: center; }
      .track { height: 20px; background: var(--_track); border-radius: 4px; overflow: hidden; }
      .fill { display: block; height: 100%; background: var(--_accent); min-width: 2px; }
      .figure { font-weight: 600; font-variant-numeric: tabular-nums; text-align: right; }
      svg.line { width: 100%; height: 160px; overflow: visible; }
      svg.line polyline { fill: none; stroke: var(--_accent); stroke-width: 2; vector-effect: non-scaling-stroke; }
      svg.line circle { fill: var(--_accent); }
      .axis { display: flex; justify-content: space-between; color: var(--_muted); font-size: 0.85em; }
      .pie { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
      .disc { width: 140px; height: 140px; border-radius: 50%; flex: none; }
      .legend { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
      .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
      .big { font-size: 2.2em; font-weight: 700; font-variant-numeric: tabular-nums; }
      details { margin-top: 12px; }
      summary { cursor: pointer; color: var(--_muted); }
      .note { color: var(--_muted); font-size: 0.85em; margin-top: 8px; }
    `,
  ];

  declare viewId?: string;
  /** Labels come from the server in one language: a change of the page language reloads them. */
  private loadedLang?: Lang;

  protected override updated(): void {
    if (this.loadedLang && this.loadedLang !== this.settings.lang) void this.load();
  }

  protected label(settings: Settings): string {
    return this.data?.name ?? messages(settings.lang).metricView;
  }

  protected override emptyText(settings: Settings): string {
    return this.viewId ? messages(settings.lang).noData : messages(settings.lang).configureView;
  }

  protected override liveFilter(): LiveFilter | null {
    return this.viewId ? { types: [...PIPELINE_EVENTS, 'LEAD_QUALIFIED'] } : null;
  }

  protected async fetchData(settings: Settings): Promise<SavedView | null> {
    if (!this.viewId) return null;
    this.loadedLang = settings.lang;
    const { savedView } = await runQuery<{ savedView: SavedView }>(settings, metricViewQuery, {
      id: this.viewId,
      language: settings.lang.toUpperCase(),
    });
    return savedView.result.rows.length === 0 ? null : savedView;
  }

  protected renderData(view: SavedView, settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    const { result } = view;
    const table = this.renderTable(view, settings);
    const chart = view.chartKind === 'TABLE' ? table : this.renderChart(view, settings);
    return html`<h2 part="title">${view.name}</h2>
      ${view.description ? html`<p class="description" part="description">${view.description}</p>` : nothing}
      ${chart}
      ${view.chartKind === 'TABLE' ? nothing : html`<details part="data"><summary>${text.data}</summary>${table}</details>`}
      ${result.truncated ? html`<div class="note" part="note">${text.shownRows(result.rows.length, result.totalRows)}</div>` : nothing}`;
  }

  private renderTable(view: SavedView, settings: Settings): TemplateResult {
    const { columns, rows } = view.result;
    const numeric = (c: Column) => (c.kind === 'MEASURE' ? 'number' : '');
    // A wide result scrolls inside the card; the scroller is focusable so that keyboards can scroll it.
    return html`<div class="scroll" tabindex="0" role="group" aria-label=${view.name}><table part="table">
      <caption>${view.name}</caption>
      <thead><tr>${columns.map((c) => html`<th scope="col" class=${numeric(c)}>${c.label}</th>`)}</tr></thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr part="row">${row.cells.map((cell, i) =>
              columns[i].kind === 'DIMENSION'
                ? html`<th scope="row">${show(columns[i], cell, settings.lang, settings.currency)}</th>`
                : html`<td class="number">${show(columns[i], cell, settings.lang, settings.currency)}</td>`,
            )}</tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  /** The first measure by the first dimension (rows without a dimension are one point). */
  private series(view: SavedView, settings: Settings) {
    const { columns, rows } = view.result;
    const m = Math.max(
      columns.findIndex((c) => c.kind === 'MEASURE'),
      0,
    );
    const d = columns.findIndex((c) => c.kind === 'DIMENSION');
    return {
      measure: columns[m],
      points: rows.map((row) => ({
        name: d >= 0 ? show(columns[d], row.cells[d], settings.lang, settings.currency) : columns[m].label,
        value: Number(row.cells[m].value ?? 0),
        shown: show(columns[m], row.cells[m], settings.lang, settings.currency),
      })),
    };
  }

  private renderChart(view: SavedView, settings: Settings): TemplateResult {
    const { measure, points } = this.series(view, settings);
    const summary = `${measure.label}: ${points.map((p) => `${p.name} ${p.shown}`).join(', ')}`;
    if (view.chartKind === 'NUMBER') {
      return html`<div part="number"><div class="big" part="value">${points[0].shown}</div><div class="muted">${measure.label}</div></div>`;
    }
    if (view.chartKind === 'LINE') return this.renderLine(points, summary);
    if (view.chartKind === 'PIE') return this.renderPie(points, summary);
    const max = Math.max(...points.map((p) => Math.abs(p.value)), 1);
    return html`<ul class="bars" part="chart bars" role="img" aria-label=${summary}>
      ${points.map(
        (p) => html`<li part="bar" aria-hidden="true"><span>${p.name}</span>
          <span class="track"><span class="fill" part="bar-fill" style="width:${((Math.abs(p.value) / max) * 100).toFixed(1)}%"></span></span>
          <span class="figure" part="bar-value">${p.shown}</span></li>`,
      )}
    </ul>`;
  }

  private renderLine(points: { name: string; value: number }[], summary: string): TemplateResult {
    const values = points.map((p) => p.value);
    const [low, high] = [Math.min(0, ...values), Math.max(...values, 1)];
    const x = (i: number) => (points.length === 1 ? 50 : (i / (points.length - 1)) * 100);
    const y = (v: number) => 100 - ((v - low) / (high - low)) * 100;
    const coordinates = points.map((p, i) => `${x(i).toFixed(2)},${y(p.value).toFixed(2)}`).join(' ');
    return html`<div part="chart line">
      <svg class="line" viewBox="0 0 100 100" preserveAspectRatio="none" role="img" aria-label=${summary}>
        ${svg`<polyline part="line" points=${coordinates}></polyline>`}
      </svg>
      <div class="axis" aria-hidden="true"><span>${points[0].name}</span><span>${points[points.length - 1].name}</span></div>
    </div>`;
  }

  private renderPie(points: { name: string; value: number; shown: string }[], summary: string): TemplateResult {
    const total = points.reduce((sum, p) => sum + Math.max(p.value, 0), 0) || 1;
    let start = 0;
    const stops = points.map((p, i) => {
      const end = start + (Math.max(p.value, 0) / total) * 100;
      const stop = `${PALETTE[i % PALETTE.length]} ${start.toFixed(2)}% ${end.toFixed(2)}%`;
      start = end;
      return stop;
    });
    return html`<div class="pie" part="chart pie">
      <div class="disc" part="disc" role="img" aria-label=${summary} style="background: conic-gradient(${stops.join(', ')})"></div>
      <ul class="legend" part="legend" aria-hidden="true">
        ${points.map((p, i) => html`<li><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${p.name}: ${p.shown} (${((Math.max(p.value, 0) / total) * 100).toFixed(1)} %)</li>`)}
      </ul>
    </div>`;
  }
}

define('sales-metric-view', SalesMetricView);
