import { html, nothing, svg, css, type TemplateResult } from 'lit';
import memberQuery from '../../schema/operations/QuotaGaugeMember.graphql?raw';
import teamQuery from '../../schema/operations/QuotaGaugeTeam.graphql?raw';
import { formatMetricValue, quotaMetric, toneOf, withAttainmentFields, type Attainment, type QuotaMetric } from './attainment.js';
import { runQuery } from './client.js';
import { formatPercent } from './format.js';
import { messages } from './i18n.js';
import { resolvePeriodId } from './periods.js';
import { ATTAINMENT_EVENTS, scopedFilter, type LiveFilter } from './live.js';
import { SalesElement, type Settings } from './sales-element.js';
import { define } from './define.js';

interface GaugeData {
  owner: string;
  attainment: Attainment;
  /** The metric the attainment was asked in. */
  metric: QuotaMetric;
}

const SWEEP = 240;
const RADIUS = 80;

/** A point on the gauge arc at `fraction` (0–1) of the sweep, starting bottom-left. */
function point(fraction: number): [number, number] {
  const angle = ((150 + SWEEP * Math.min(Math.max(fraction, 0), 1)) * Math.PI) / 180;
  return [100 + RADIUS * Math.cos(angle), 100 + RADIUS * Math.sin(angle)];
}

function arc(from: number, to: number): string {
  const [x1, y1] = point(from);
  const [x2, y2] = point(to);
  const large = (Math.min(to, 1) - Math.max(from, 0)) * SWEEP > 180 ? 1 : 0;
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${RADIUS} ${RADIUS} 0 ${large} 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

/**
 * `<sales-quota-gauge member-id="12" period="current-quarter">`: a member's (or, with `team-id`, a
 * team's) attainment: a radial gauge of achieved vs quota with the pace marker, the percentage, the
 * amounts and the forecast. `thresholds="0.8 1"` and `threshold-basis="pace|quota"` set the colours.
 * `metric="DEALS_WON"` (or NEW_CUSTOMERS, ACTIVITIES; default REVENUE) measures another quota metric,
 * shown as numbers without currency; NEW_CUSTOMERS and ACTIVITIES have no forecast.
 */
export class SalesQuotaGauge extends SalesElement<GaugeData> {
  static override properties = {
    ...SalesElement.properties,
    memberId: { type: String, attribute: 'member-id' },
    teamId: { type: String, attribute: 'team-id' },
    metric: { type: String },
    thresholds: { type: String },
    thresholdBasis: { type: String, attribute: 'threshold-basis' },
  };

  static override styles = [
    ...SalesElement.styles,
    css`
      .gauge { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
      svg { width: 180px; height: 160px; flex: none; }
      .track { stroke: var(--_track); }
      .value { stroke: var(--_accent); transition: d 0.4s; }
      .value.good { stroke: var(--_good); }
      .value.warning { stroke: var(--_warning); }
      .value.bad { stroke: var(--_bad); }
      .forecast { stroke: var(--_accent); opacity: 0.3; }
      .pace { stroke: var(--_text); stroke-width: 3; }
      .percent { font-size: 30px; font-weight: 700; fill: var(--_text); }
      .caption { font-size: 12px; fill: var(--_muted); }
      dl { display: grid; grid-template-columns: auto auto; gap: 4px 12px; margin: 0; }
      dt { color: var(--_muted); }
      dd { margin: 0; font-variant-numeric: tabular-nums; text-align: right; font-weight: 600; }
    `,
  ];

  declare memberId?: string;
  declare teamId?: string;
  declare metric?: string;
  declare thresholds?: string;
  declare thresholdBasis?: string;

  protected label(settings: Settings): string {
    const text = messages(settings.lang);
    return this.data ? `${text.attainment}: ${this.data.owner}` : text.attainment;
  }

  protected override emptyText(settings: Settings): string {
    return messages(settings.lang).configure;
  }

  protected override liveFilter(): LiveFilter | null {
    return scopedFilter(ATTAINMENT_EVENTS, this);
  }

  protected async fetchData(settings: Settings): Promise<GaugeData | null> {
    if (!this.memberId && !this.teamId) return null;
    const periodId = await resolvePeriodId(settings, this.period);
    const metric = quotaMetric(this.metric);
    if (this.memberId) {
      const data = await runQuery<{ member: { fullName: string; attainment: Attainment } }>(settings, withAttainmentFields(memberQuery), {
        memberId: this.memberId,
        periodId,
        metric,
      });
      return { owner: data.member.fullName, attainment: data.member.attainment, metric };
    }
    const data = await runQuery<{ team: { name: string; attainment: Attainment } }>(settings, withAttainmentFields(teamQuery), {
      teamId: this.teamId,
      periodId,
      metric,
    });
    return { owner: data.team.name, attainment: data.team.attainment, metric };
  }

  protected renderData({ owner, attainment, metric }: GaugeData, settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    const figure = (value: string | null) => formatMetricValue(value, metric, settings.lang, settings.currency);
    const title = metric === 'REVENUE' ? owner : `${owner} · ${text.quotaMetric[metric]}`;
    if (attainment.quota === null) {
      return html`<h2 part="title">${title}</h2>
        <div class="state" part="empty">${text.noQuota}</div>
        <dl part="figures"><dt>${text.achieved}</dt><dd>${figure(attainment.achieved)}</dd></dl>`;
    }
    const ratio = Number(attainment.ratio ?? 0);
    const quota = Number(attainment.quota);
    const pace = quota > 0 && attainment.pace !== null ? Number(attainment.pace) / quota : undefined;
    const forecast = quota > 0 && attainment.forecast ? Number(attainment.forecast.expected) / quota : 0;
    const tone = toneOf(attainment, this.thresholds, this.thresholdBasis);
    const percent = formatPercent(attainment.ratio, settings.lang);
    const valueText = `${percent} ${text.ofQuota}: ${figure(attainment.achieved)} / ${figure(attainment.quota)}`;
    return html`<h2 part="title">${title} <span class="muted">· ${attainment.period.name}</span></h2>
      <div class="gauge">
        <svg viewBox="0 0 200 170" part="gauge" role="meter" aria-label=${text.attainment} aria-valuemin="0" aria-valuemax="100"
          aria-valuenow=${Math.round(ratio * 100)} aria-valuetext=${valueText}>
          <path class="track" d=${arc(0, 1)} fill="none" stroke-width="16" stroke-linecap="round" />
          ${forecast > ratio ? svg`<path class="forecast" part="forecast-arc" d=${arc(Math.min(ratio, 1), Math.min(forecast, 1))} fill="none" stroke-width="16" />` : nothing}
          ${ratio > 0 ? svg`<path class="value ${tone ?? ''}" part="value-arc" d=${arc(0, Math.min(ratio, 1))} fill="none" stroke-width="16" stroke-linecap="round" />` : nothing}
          ${pace !== undefined ? svg`<line class="pace" part="pace-marker" x1=${point(pace)[0]} y1=${point(pace)[1]} x2=${100 + (point(pace)[0] - 100) * 1.22} y2=${100 + (point(pace)[1] - 100) * 1.22}><title>${text.pace}: ${figure(attainment.pace)}</title></line>` : nothing}
          <text class="percent" part="percent" x="100" y="108" text-anchor="middle">${percent}</text>
          <text class="caption" x="100" y="130" text-anchor="middle">${text.ofQuota}</text>
        </svg>
        <dl part="figures">
          <dt>${text.achieved}</dt><dd part="achieved">${figure(attainment.achieved)}</dd>
          <dt>${text.quota}</dt><dd part="quota">${figure(attainment.quota)}</dd>
          <dt>${text.remaining}</dt><dd part="remaining">${figure(attainment.remaining)}</dd>
          <dt>${text.pace}</dt><dd part="pace">${figure(attainment.pace)}</dd>
          ${attainment.forecast ? html`<dt>${text.forecast}</dt><dd part="forecast">${figure(attainment.forecast.expected)}</dd>` : nothing}
        </dl>
      </div>`;
  }
}

define('sales-quota-gauge', SalesQuotaGauge);
