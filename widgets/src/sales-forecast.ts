import { css, html, type TemplateResult } from 'lit';
import forecastQuery from '../../schema/operations/Forecast.graphql?raw';
import { addAmounts, isPositive } from './amounts.js';
import { runQuery } from './client.js';
import { define } from './define.js';
import { formatMoney } from './format.js';
import { messages } from './i18n.js';
import { resolvePeriodId } from './periods.js';
import { PIPELINE_EVENTS, scopedFilter, type LiveFilter } from './live.js';
import { SalesElement, type Settings } from './sales-element.js';

interface Line {
  ownerKind: 'MEMBER' | 'TEAM';
  member: { id: string; fullName: string } | null;
  team: { id: string; name: string } | null;
  system: { closed: string; commit: string };
  submission: { id: string; commit: string; bestCase: string } | null;
  gapToQuota: string | null;
}

/** An amount as the other widgets show it: whole in the header (as the gauge), compact in tables; a dash for none. */
function show(value: string | null, { lang, currency }: Settings, compact = true): string {
  return value === null ? '—' : formatMoney(value, lang, currency, compact);
}

interface Rollup {
  team: { id: string; name: string };
  period: { id: string; name: string };
  quota: string | null;
  call: string;
  gapToQuota: string | null;
  asOf: string;
  /** The team's latest call: the roll-up as it stood then, the manager's adjustment to it and why. */
  submission: { id: string; rolledUpCommit: string | null; adjustment: string | null; note: string | null } | null;
  lines: Line[];
}

/**
 * `<sales-forecast team-id="3" period="current-quarter">`: a team's forecast roll-up for a period: the
 * team's call, quota and gap to quota, the manager's adjustment and its note, and a table with one row
 * per member or child team (system closed + commit, submitted commit and best case, gap to quota).
 * `period-id` may replace `period`.
 */
export class SalesForecast extends SalesElement<Rollup> {
  static override properties = {
    ...SalesElement.properties,
    teamId: { type: String, attribute: 'team-id' },
    periodId: { type: String, attribute: 'period-id' },
  };

  static override styles = [
    ...SalesElement.styles,
    css`
      header { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
      header h2 { margin: 0; }
      .meta { font-size: 0.9em; color: var(--_muted); }
      dl { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 8px; }
      dt { font-size: 0.85em; color: var(--_muted); }
      dd { margin: 0; font-size: 1.2em; font-weight: 600; font-variant-numeric: tabular-nums; }
      .adjustment { margin: 0 0 12px; font-size: 0.9em; }
      .scroll { overflow-x: auto; max-width: 100%; }
      .scroll:focus-visible { outline: 2px solid var(--_focus); }
      table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
      caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      th { text-align: left; font-weight: 600; font-size: 0.85em; color: var(--_muted); padding: 4px; }
      tbody th { font-size: 1em; color: inherit; }
      td, tbody th { padding: 6px 4px; border-top: 1px solid var(--_track); }
      .amount { text-align: right; white-space: nowrap; }
      tbody th { min-width: 12ch; }
      .missing { color: var(--_muted); text-align: center; }
    `,
  ];

  declare teamId?: string;
  declare periodId?: string;

  protected label(settings: Settings): string {
    const text = messages(settings.lang);
    return this.data ? `${text.forecast}: ${this.data.team.name}` : text.forecast;
  }

  protected override emptyText(settings: Settings): string {
    return messages(settings.lang).configureTeam;
  }

  protected override liveFilter(): LiveFilter | null {
    return scopedFilter([...PIPELINE_EVENTS, 'QUOTA_CHANGED', 'ALLOCATION_APPLIED', 'FORECAST_SUBMITTED'], { teamId: this.teamId });
  }

  protected async fetchData(settings: Settings): Promise<Rollup | null> {
    if (!this.teamId) return null;
    const periodId = this.periodId || (await resolvePeriodId(settings, this.period));
    const { forecastRollup } = await runQuery<{ forecastRollup: Rollup }>(settings, forecastQuery, { teamId: this.teamId, periodId });
    return forecastRollup;
  }

  protected renderData(rollup: Rollup, settings: Settings): TemplateResult {
    const { lang } = settings;
    const text = messages(lang);
    const words = text.salesForecast;
    const money = (value: string | null) => show(value, settings, false);
    const day = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
    return html`<header part="header">
        <h2 part="title">${text.forecast}: ${rollup.team.name}</h2>
        <span class="meta" part="meta">${rollup.period.name} · ${words.asOf(day.format(new Date(rollup.asOf)))}</span>
      </header>
      <dl part="figures">
        <div><dt>${words.call}</dt><dd part="call">${money(rollup.call)}</dd></div>
        <div><dt>${text.quota}</dt><dd part="quota">${money(rollup.quota)}</dd></div>
        <div><dt>${words.gap}</dt><dd part="gap">${money(rollup.gapToQuota)}</dd></div>
      </dl>
      ${this.renderAdjustment(rollup, settings)}
      ${this.renderLines(rollup, settings)}`;
  }

  /** The lines as a table; a narrow card scrolls it, and the scroller is focusable so that keyboards can scroll it. */
  private renderLines(rollup: Rollup, settings: Settings): TemplateResult {
    const words = messages(settings.lang).salesForecast;
    if (rollup.lines.length === 0) return html`<div class="state" part="empty">${words.noLines}</div>`;
    return html`<div class="scroll" tabindex="0" role="group" aria-label=${words.lines}>
      <table part="table">
        <caption>${words.lines}</caption>
        <thead>
          <tr>
            <th scope="col">${words.name}</th>
            <th scope="col" class="amount">${words.system}</th>
            <th scope="col" class="amount">${words.commit}</th>
            <th scope="col" class="amount">${words.bestCase}</th>
            <th scope="col" class="amount">${words.gap}</th>
          </tr>
        </thead>
        <tbody>
          ${rollup.lines.map((line) => this.renderLine(line, settings))}
        </tbody>
      </table>
    </div>`;
  }

  /** The manager's change to the roll-up as it stood when they called, signed, with the note that explains it. */
  private renderAdjustment(rollup: Rollup, settings: Settings): TemplateResult | string {
    const submission = rollup.submission;
    if (!submission?.adjustment) return '';
    const words = messages(settings.lang).salesForecast;
    const money = (value: string | null) => show(value, settings, false);
    const signed = isPositive(submission.adjustment) ? `+${money(submission.adjustment)}` : money(submission.adjustment);
    return html`<p class="adjustment" part="adjustment">
      ${words.adjustment}: <strong part="adjustment-amount">${signed}</strong> ${words.toRollUp(money(submission.rolledUpCommit))}${
        submission.note ? html` · <q part="note">${submission.note}</q>` : ''
      }
    </p>`;
  }

  private renderLine(line: Line, settings: Settings): TemplateResult {
    const words = messages(settings.lang).salesForecast;
    const money = (value: string | null) => show(value, settings);
    const name = line.member?.fullName ?? line.team?.name ?? '';
    const submission = line.submission;
    return html`<tr part="row" data-owner-kind=${line.ownerKind} data-owner=${line.member?.id ?? line.team?.id ?? ''}>
      <th scope="row" part="line-name">${name}${line.ownerKind === 'TEAM' ? html` <span class="meta">(${words.childTeam})</span>` : ''}</th>
      <td class="amount" part="system">${money(addAmounts(line.system.closed, line.system.commit))}</td>
      ${
        submission
          ? html`<td class="amount" part="commit">${money(submission.commit)}</td><td class="amount" part="best-case">${money(submission.bestCase)}</td>`
          : html`<td class="missing" part="not-submitted" colspan="2">${words.notSubmitted}</td>`
      }
      <td class="amount" part="line-gap">${money(line.gapToQuota)}</td>
    </tr>`;
  }
}

define('sales-forecast', SalesForecast);
