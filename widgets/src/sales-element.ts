import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isWidgetError, type Connection, type WidgetError } from './client.js';
import { defaultEndpoint, pageSettings } from './config.js';
import { inheritedLang, messages, normaliseLang, type Lang } from './i18n.js';
import { baseStyles } from './styles.js';

export interface Settings extends Connection {
  lang: Lang;
  currency: string;
  refresh: number;
}

type Status = 'loading' | 'ready' | 'empty' | 'error';

/** Properties that only change the rendering; a change of any other property reloads the data. */
const DISPLAY_ONLY = new Set([
  'theme',
  'lang',
  'currency',
  'refresh',
  'status',
  'data',
  'error',
  'refreshing',
  'measure',
  'thresholds',
  'thresholdBasis',
]);

/**
 * What every sales widget shares: configuration (attributes over page settings), loading / empty /
 * error states with retry, stale data kept while refreshing, auto-refresh, and the
 * `sales-data-loaded` / `sales-error` events.
 */
export abstract class SalesElement<T> extends LitElement {
  static override styles = [baseStyles];

  static override properties = {
    endpoint: { type: String },
    token: { type: String },
    lang: { type: String },
    currency: { type: String },
    period: { type: String },
    refresh: { type: Number },
    theme: { type: String, reflect: true },
    status: { state: true },
    data: { state: true },
    error: { state: true },
    refreshing: { state: true },
  };

  declare endpoint?: string;
  declare token?: string;
  declare currency?: string;
  declare period?: string;
  declare refresh?: number;
  declare theme?: string;
  declare protected status: Status;
  declare protected data?: T;
  declare protected error?: WidgetError;
  declare protected refreshing: boolean;

  private timer?: ReturnType<typeof setInterval>;
  private generation = 0;
  private readonly onConfigChanged = () => this.load();

  constructor() {
    super();
    this.status = 'loading';
    this.refreshing = false;
  }

  /** Fetches the widget's data; null means "nothing to show" (the empty state). */
  protected abstract fetchData(settings: Settings): Promise<T | null>;

  /** Renders loaded data. */
  protected abstract renderData(data: T, settings: Settings): TemplateResult;

  /** Accessible name of the widget's region. */
  protected abstract label(settings: Settings): string;

  protected emptyText(settings: Settings): string {
    return messages(settings.lang).noDeals;
  }

  get settings(): Settings {
    const page = pageSettings();
    return {
      endpoint: this.endpoint || page.endpoint || defaultEndpoint(),
      token: this.token || page.token,
      tokenProvider: this.token ? undefined : page.tokenProvider,
      lang: normaliseLang(this.getAttribute('lang')) ?? normaliseLang(page.lang) ?? normaliseLang(inheritedLang(this)) ?? 'en',
      currency: this.currency || page.currency || 'RUB',
      refresh: this.refresh ?? page.refresh ?? 0,
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('sales-config-changed', this.onConfigChanged);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('sales-config-changed', this.onConfigChanged);
    clearInterval(this.timer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (this.isConnected && this.hasUpdated && [...changed.keys()].some((name) => !DISPLAY_ONLY.has(String(name)))) void this.load();
    if (changed.has('refresh')) this.schedule();
  }

  private schedule(): void {
    clearInterval(this.timer);
    const seconds = this.settings.refresh;
    if (seconds > 0) this.timer = setInterval(() => void this.load(), Math.max(5, seconds) * 1000);
  }

  /** Loads (or reloads) the data; the previous data stay on screen while a refresh runs. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    const settings = this.settings;
    if (this.data === undefined) this.status = 'loading';
    else this.refreshing = true;
    try {
      const data = await this.fetchData(settings);
      if (generation !== this.generation) return;
      this.data = data ?? undefined;
      this.error = undefined;
      this.status = data === null ? 'empty' : 'ready';
      this.dispatchEvent(new CustomEvent('sales-data-loaded', { detail: { data }, bubbles: true, composed: true }));
    } catch (caught) {
      if (generation !== this.generation) return;
      this.error = isWidgetError(caught) ? caught : { kind: 'failed', message: String(caught) };
      this.status = 'error';
      this.dispatchEvent(new CustomEvent('sales-error', { detail: this.error, bubbles: true, composed: true }));
    } finally {
      if (generation === this.generation) this.refreshing = false;
    }
    if (!this.timer) this.schedule();
  }

  protected override render(): TemplateResult {
    const settings = this.settings;
    const text = messages(settings.lang);
    return html`<section class="root" part="card" role="region" aria-label=${this.label(settings)} aria-busy=${this.status === 'loading' || this.refreshing}>
      ${this.refreshing ? html`<span class="updating" part="updating" aria-live="polite">${text.updating}</span>` : nothing}
      ${this.renderBody(settings)}
    </section>`;
  }

  private renderBody(settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    if (this.status === 'loading') {
      return html`<div class="skeleton" part="skeleton" aria-label=${text.loading}><span style="width:40%"></span><span></span><span style="width:70%"></span></div>`;
    }
    if (this.status === 'error' && this.error && this.data === undefined) {
      const message =
        this.error.kind === 'offline'
          ? text.offline
          : this.error.kind === 'forbidden'
            ? text.forbidden
            : this.error.kind === 'not-found'
              ? text.notFound
              : text.error;
      return html`<div class="state error" part="error" role="alert">
        ${message}<button class="retry" part="retry" @click=${() => this.load()}>${text.retry}</button>
      </div>`;
    }
    if (this.status === 'empty' || this.data === undefined) return html`<div class="state" part="empty">${this.emptyText(settings)}</div>`;
    return this.renderData(this.data, settings);
  }
}
