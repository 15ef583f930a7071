import { css, html, type TemplateResult } from 'lit';
import funnelQuery from '../../schema/operations/Funnel.graphql?raw';
import { runQuery } from './client.js';
import { formatCount, formatDecimal, formatMoney, formatPercent } from './format.js';
import { messages } from './i18n.js';
import { resolvePeriodId } from './periods.js';
import { PIPELINE_EVENTS, scopedFilter, type LiveFilter } from './live.js';
import { SalesElement, type Settings } from './sales-element.js';
import { define } from './define.js';

/** A funnel of a team or member follows their deals and leads; one of a channel or product only, everyone's. */
const FUNNEL_EVENTS = [...PIPELINE_EVENTS, 'LEAD_QUALIFIED', 'LEAD_HANDED_OFF'];

interface FunnelStage {
  stage: { id: string; code: string; nameEn: string; nameRu: string; position: number };
  deals: number;
  amount: string;
  conversionFromPrevious: string | null;
  conversionFromFirst: string | null;
  medianDaysInStage: string | null;
}

interface Funnel {
  stages: FunnelStage[];
  won: { deals: number; amount: string };
  lost: { deals: number; amount: string };
  winRate: string | null;
}

/**
 * `<sales-funnel team-id="3" period="current-quarter">`: one bar per stage with the deals and amount
 * that reached it, the conversion from the previous stage, and the win rate. Filter with `team-id`
 * (whole subtree), `member-id`, `channel-id`, `product-id`; `measure="count|amount"` picks the bars.
 */
export class SalesFunnel extends SalesElement<Funnel> {
  static override properties = {
    ...SalesElement.properties,
    teamId: { type: String, attribute: 'team-id' },
    memberId: { type: String, attribute: 'member-id' },
    channelId: { type: String, attribute: 'channel-id' },
    productId: { type: String, attribute: 'product-id' },
    measure: { type: String, reflect: true },
  };

  static override styles = [
    ...SalesElement.styles,
    css`
      .switch { display: inline-flex; border: 1px solid var(--_border); border-radius: 6px; overflow: hidden; margin-bottom: 12px; }
      .switch button { border: 0; background: transparent; padding: 4px 12px; cursor: pointer; }
      .switch button[aria-pressed='true'] { background: var(--_accent); color: var(--_surface); }
      ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      .stage { display: grid; grid-template-columns: minmax(90px, 9em) 1fr; gap: 8px; align-items: center; width: 100%; border: 0; background: transparent; padding: 2px 0; text-align: left; cursor: pointer; }
      .bar { position: relative; height: 28px; background: var(--_track); border-radius: 4px; overflow: hidden; }
      .fill { display: block; height: 100%; background: var(--_accent); border-radius: 4px; min-width: 2px; }
      .figure { position: absolute; inset: 0 8px; display: flex; align-items: center; justify-content: space-between; font-variant-numeric: tabular-nums; font-weight: 600; }
      .conversion { grid-column: 2; font-size: 0.85em; color: var(--_muted); padding-left: 4px; }
      .totals { display: flex; gap: 16px; flex-wrap: wrap; margin-top: 12px; padding-top: 8px; border-top: 1px solid var(--_border); }
      .totals strong { font-variant-numeric: tabular-nums; }
    `,
  ];

  declare teamId?: string;
  declare memberId?: string;
  declare channelId?: string;
  declare productId?: string;
  declare measure: 'count' | 'amount';

  constructor() {
    super();
    this.measure = 'count';
  }

  protected label(settings: Settings): string {
    return messages(settings.lang).funnel;
  }

  protected override liveFilter(): LiveFilter | null {
    return { types: FUNNEL_EVENTS, ...scopedFilter(FUNNEL_EVENTS, this) };
  }

  protected async fetchData(settings: Settings): Promise<Funnel | null> {
    const periodId = await resolvePeriodId(settings, this.period);
    const filter = {
      periodId,
      teamId: this.teamId || undefined,
      memberId: this.memberId || undefined,
      channelId: this.channelId || undefined,
      productId: this.productId || undefined,
    };
    const { funnel } = await runQuery<{ funnel: Funnel }>(settings, funnelQuery, { filter });
    return funnel.stages.length === 0 || funnel.stages[0].deals === 0 ? null : funnel;
  }

  private select(stage: FunnelStage): void {
    this.dispatchEvent(
      new CustomEvent('sales-stage-click', {
        detail: { stageId: stage.stage.id, code: stage.stage.code, deals: stage.deals, amount: stage.amount },
        bubbles: true,
        composed: true,
      }),
    );
  }

  protected renderData(funnel: Funnel, settings: Settings): TemplateResult {
    const { lang, currency } = settings;
    const text = messages(lang);
    const byAmount = this.measure === 'amount';
    const value = (s: FunnelStage) => (byAmount ? Number(s.amount) : s.deals);
    const max = Math.max(...funnel.stages.map(value), 1);
    const money = (amount: string) => formatMoney(amount, lang, currency, true);
    return html`<h2 part="title">${text.funnel}</h2>
      <div class="switch" part="switch" role="group" aria-label="${text.count} / ${text.amount}">
        <button aria-pressed=${!byAmount} @click=${() => (this.measure = 'count')}>${text.count}</button>
        <button aria-pressed=${byAmount} @click=${() => (this.measure = 'amount')}>${text.amount}</button>
      </div>
      <ol part="stages">
        ${funnel.stages.map((s, index) => {
          const name = lang === 'ru' ? s.stage.nameRu : s.stage.nameEn;
          const shown = byAmount ? money(s.amount) : formatCount(s.deals, lang);
          return html`<li part="stage" data-stage=${s.stage.code}>
            <button class="stage" @click=${() => this.select(s)}
              aria-label="${name}: ${formatCount(s.deals, lang)} ${text.deals}, ${money(s.amount)}${index > 0 ? `, ${text.conversion} ${formatPercent(s.conversionFromPrevious, lang, 1)}` : ''}">
              <span part="stage-name">${name}</span>
              <span class="bar" part="bar"><span class="fill" part="bar-fill" style="width:${((value(s) / max) * 100).toFixed(1)}%"></span>
                <span class="figure"><span part="stage-value">${shown}</span><span class="muted">${formatDecimal(s.medianDaysInStage, lang)}${lang === 'ru' ? ' дн.' : ' d'}</span></span></span>
            </button>
            ${index > 0 ? html`<div class="conversion" part="conversion">↳ ${formatPercent(s.conversionFromPrevious, lang, 1)} ${text.fromPrevious}</div>` : ''}
          </li>`;
        })}
      </ol>
      <div class="totals" part="totals">
        <span>${text.won}: <strong part="won">${formatCount(funnel.won.deals, lang)} · ${money(funnel.won.amount)}</strong></span>
        <span>${text.lost}: <strong part="lost">${formatCount(funnel.lost.deals, lang)} · ${money(funnel.lost.amount)}</strong></span>
        <span>${text.winRate}: <strong part="win-rate">${formatPercent(funnel.winRate, lang, 1)}</strong></span>
      </div>`;
  }
}

define('sales-funnel', SalesFunnel);
