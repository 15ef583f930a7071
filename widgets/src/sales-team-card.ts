import { css, html, type TemplateResult } from 'lit';
import teamCardQuery from '../../schema/operations/TeamCard.graphql?raw';
import teamRecognitionsQuery from '../../schema/operations/TeamRecognitions.graphql?raw';
import { formatMetricValue, quotaMetric, toneOf, withAttainmentFields, type Attainment, type QuotaMetric } from './attainment.js';
import { runQuery } from './client.js';
import { formatPercent } from './format.js';
import { messages } from './i18n.js';
import { resolvePeriodId } from './periods.js';
import { ATTAINMENT_EVENTS, scopedFilter, type LiveFilter } from './live.js';
import { SalesElement, type Settings } from './sales-element.js';
import { define } from './define.js';

interface MemberRow {
  id: string;
  fullName: string;
  role: string;
  attainment: Pick<Attainment, 'quota' | 'achieved' | 'ratio'>;
}

interface RecognitionRow {
  id: string;
  reason: string;
  reward: string | null;
  givenAt: string;
  member: { fullName: string };
}

interface TeamCard {
  id: string;
  name: string;
  kind: string;
  manager: { id: string; fullName: string } | null;
  attainment: Attainment;
  members: MemberRow[];
  recentRecognitions: RecognitionRow[];
  /** The metric the attainments were asked in. */
  metric: QuotaMetric;
}

/** Highest attainment first; members without a quota last, by name. */
function byAttainment(a: MemberRow, b: MemberRow): number {
  const ra = a.attainment.ratio === null ? -1 : Number(a.attainment.ratio);
  const rb = b.attainment.ratio === null ? -1 : Number(b.attainment.ratio);
  return rb - ra || a.fullName.localeCompare(b.fullName);
}

/**
 * `<sales-team-card team-id="3" period="current-quarter" metric="DEALS_WON">`: the team's name, kind and
 * manager, each member with their role and an attainment bar (highest first), the team's total and the
 * latest recognitions. `metric` picks the quota metric (default REVENUE); counts show without currency.
 */
export class SalesTeamCard extends SalesElement<TeamCard> {
  static override properties = {
    ...SalesElement.properties,
    teamId: { type: String, attribute: 'team-id' },
    metric: { type: String },
    thresholds: { type: String },
    thresholdBasis: { type: String, attribute: 'threshold-basis' },
  };

  static override styles = [
    ...SalesElement.styles,
    css`
      header { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 12px; }
      header h2 { margin: 0; }
      .meta { font-size: 0.9em; color: var(--_muted); }
      .total { text-align: right; }
      .total strong { display: block; font-size: 1.4em; font-variant-numeric: tabular-nums; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
      .member { display: grid; grid-template-columns: minmax(120px, 1.4fr) 2fr auto; gap: 4px 12px; align-items: center; width: 100%;
        border: 0; background: transparent; padding: 6px 4px; border-radius: 6px; text-align: left; cursor: pointer; }
      .member:hover { background: var(--_track); }
      .who { display: grid; min-width: 0; }
      .who span:first-child { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .role { font-size: 0.85em; color: var(--_muted); }
      .bar { display: block; height: 10px; background: var(--_track); border-radius: 5px; overflow: hidden; }
      .fill { display: block; height: 100%; background: var(--_accent); border-radius: 5px; }
      .fill.good { background: var(--_good); }
      .fill.warning { background: var(--_warning); }
      .fill.bad { background: var(--_bad); }
      .pct { font-variant-numeric: tabular-nums; font-weight: 600; min-width: 4ch; text-align: right; }
      .recognitions { margin-top: 12px; }
      .recognitions h3 { font-size: 0.95em; margin: 0 0 4px; }
      .recognitions li { font-size: 0.9em; padding: 2px 0; }
      .reward { color: var(--_good); }
    `,
  ];

  declare teamId?: string;
  declare metric?: string;
  declare thresholds?: string;
  declare thresholdBasis?: string;

  protected label(settings: Settings): string {
    const text = messages(settings.lang);
    return this.data ? `${text.team}: ${this.data.name}` : text.team;
  }

  protected override emptyText(settings: Settings): string {
    return messages(settings.lang).configure;
  }

  protected override liveFilter(): LiveFilter | null {
    return scopedFilter([...ATTAINMENT_EVENTS, 'RECOGNITION_GIVEN'], { teamId: this.teamId });
  }

  protected async fetchData(settings: Settings): Promise<TeamCard | null> {
    if (!this.teamId) return null;
    const periodId = await resolvePeriodId(settings, this.period);
    const metric = quotaMetric(this.metric);
    // Two requests in parallel, so that each stays within three SQL statements (docs/performance.md).
    const [{ team }, recognitions] = await Promise.all([
      runQuery<{ team: Omit<TeamCard, 'recentRecognitions' | 'metric'> }>(settings, withAttainmentFields(teamCardQuery), {
        teamId: this.teamId,
        periodId,
        metric,
      }),
      runQuery<{ team: Pick<TeamCard, 'recentRecognitions'> }>(settings, teamRecognitionsQuery, { teamId: this.teamId }),
    ]);
    const members = [...team.members].sort(byAttainment);
    return { ...team, members, recentRecognitions: recognitions.team.recentRecognitions, metric };
  }

  private select(member: MemberRow): void {
    this.dispatchEvent(
      new CustomEvent('sales-member-click', { detail: { memberId: member.id, fullName: member.fullName }, bubbles: true, composed: true }),
    );
  }

  protected renderData(team: TeamCard, settings: Settings): TemplateResult {
    const { lang, currency } = settings;
    const text = messages(lang);
    const { metric } = team;
    const figure = (value: string | null) => formatMetricValue(value, metric, lang, currency, true);
    // REVENUE is what a team card shows unless told otherwise; another metric is named.
    const metricName = metric === 'REVENUE' ? '' : ` · ${text.quotaMetric[metric]}`;
    return html`<header part="header">
        <div>
          <h2 part="title">${team.name}</h2>
          <div class="meta" part="meta">${text.kind[team.kind] ?? team.kind}${team.manager ? html` · ${text.manager}: <span part="manager">${team.manager.fullName}</span>` : ''}</div>
        </div>
        <div class="total" part="total">
          <span class="meta">${text.total}${metricName} · ${team.attainment.period.name}</span>
          <strong part="total-percent">${formatPercent(team.attainment.ratio, lang)}</strong>
          <span class="meta" part="total-figures">${figure(team.attainment.achieved)} / ${figure(team.attainment.quota)}</span>
        </div>
      </header>
      ${
        team.members.length === 0
          ? html`<div class="state" part="empty">${text.noMembers}</div>`
          : html`<ul part="members" aria-label=${text.members}>
            ${team.members.map((member) => {
              const ratio = member.attainment.ratio === null ? 0 : Number(member.attainment.ratio);
              const tone = toneOf({ ratio: member.attainment.ratio, paceRatio: null }, this.thresholds, 'quota');
              return html`<li part="member" data-member=${member.id}>
                <button class="member" @click=${() => this.select(member)}>
                  <span class="who"><span part="member-name">${member.fullName}</span><span class="role" part="member-role">${text.role[member.role] ?? member.role}</span></span>
                  <span class="bar" part="bar" title="${figure(member.attainment.achieved)} / ${figure(member.attainment.quota)}">
                    <span class="fill ${tone ?? ''}" part="bar-fill" style="width:${Math.min(ratio * 100, 100).toFixed(1)}%"></span>
                  </span>
                  <span class="pct" part="member-percent">${formatPercent(member.attainment.ratio, lang)}</span><span class="visually-hidden">${text.ofQuota}</span>
                </button>
              </li>`;
            })}
          </ul>`
      }
      ${this.renderRecognitions(team.recentRecognitions, settings)}`;
  }

  private renderRecognitions(recognitions: RecognitionRow[], settings: Settings): TemplateResult | string {
    if (recognitions.length === 0) return '';
    const text = messages(settings.lang);
    const day = new Intl.DateTimeFormat(settings.lang === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'short' });
    return html`<section class="recognitions" part="recognitions" aria-label=${text.recognitions}>
      <h3>${text.recognitions}</h3>
      <ul>
        ${recognitions.map(
          (r) => html`<li part="recognition" data-recognition=${r.id}>
            <strong>${r.member.fullName}</strong> — ${r.reason}${r.reward ? html` · <span class="reward" part="reward">${r.reward}</span>` : ''}
            <span class="meta">· ${day.format(new Date(r.givenAt))}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }
}

define('sales-team-card', SalesTeamCard);
