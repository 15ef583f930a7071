import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { isWidgetError, type Connection, type WidgetError } from './client.js';
import { defaultEndpoint, pageSettings } from './config.js';
import { formatTime } from './format.js';
import { inheritedLang, messages, normaliseLang, type Lang } from './i18n.js';
import { watchEvents, type LiveEvent, type LiveFilter, type LiveState } from './live.js';
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
  'staleAfter',
  'live',
  'loadedAt',
]);

/** Events that come together (a win and the milestones it crosses) cause one re-read, at most this late. */
const RELOAD_QUIET_MS = 300;
const RELOAD_MAX_WAIT_MS = 1000;
/** Without live updates, data older than this (or three refresh intervals) are flagged as possibly out of date. */
const DEFAULT_STALE_AFTER_S = 300;

/**
 * What every sales widget shares: configuration (attributes over page settings), loading / empty /
 * error states with retry, stale data kept while refreshing, live updates (a re-read when an event it
 * shows arrives; polling every `refresh` seconds where the server or browser cannot stream), the
 * "as of" line and the out-of-date notice, and the `sales-data-loaded` / `sales-error` events.
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
    staleAfter: { type: Number, attribute: 'stale-after' },
    theme: { type: String, reflect: true },
    status: { state: true },
    data: { state: true },
    error: { state: true },
    refreshing: { state: true },
    live: { state: true },
    loadedAt: { state: true },
  };

  declare endpoint?: string;
  declare token?: string;
  declare currency?: string;
  declare period?: string;
  declare refresh?: number;
  declare staleAfter?: number;
  declare theme?: string;
  declare protected status: Status;
  declare protected data?: T;
  declare protected error?: WidgetError;
  declare protected refreshing: boolean;
  declare protected live: LiveState;
  declare protected loadedAt?: Date;

  private timer?: ReturnType<typeof setInterval>;
  private generation = 0;
  private unwatch?: () => void;
  private watching = '';
  private reloadTimer?: ReturnType<typeof setTimeout>;
  private firstUnread?: number;
  private staleTimer?: ReturnType<typeof setTimeout>;
  private readonly onConfigChanged = () => {
    this.watch();
    void this.load();
  };

  constructor() {
    super();
    this.status = 'loading';
    this.refreshing = false;
    this.live = 'connecting';
  }

  /** Fetches the widget's data; null means "nothing to show" (the empty state). */
  protected abstract fetchData(settings: Settings): Promise<T | null>;

  /** Renders loaded data. */
  protected abstract renderData(data: T, settings: Settings): TemplateResult;

  /** Accessible name of the widget's region. */
  protected abstract label(settings: Settings): string;

  /** The events that change what the widget shows; null when none do (it polls, if asked to). */
  protected liveFilter(): LiveFilter | null {
    return null;
  }

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
    this.watch();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('sales-config-changed', this.onConfigChanged);
    this.unwatch?.();
    this.unwatch = undefined;
    this.watching = '';
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.reloadTimer);
    clearTimeout(this.staleTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (this.isConnected && this.hasUpdated && [...changed.keys()].some((name) => !DISPLAY_ONLY.has(String(name)))) {
      this.watch();
      void this.load();
    }
    if (changed.has('refresh') || changed.has('live')) this.schedule();
    if (changed.has('loadedAt') || changed.has('live')) this.watchAge();
  }

  /** Polls only while no stream brings the changes. */
  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const seconds = this.settings.refresh;
    if (seconds > 0 && this.live === 'unavailable') this.timer = setInterval(() => void this.load(), Math.max(5, seconds) * 1000);
  }

  /** (Re)joins the page's event stream when the events the widget watches, or where from, changed. */
  private watch(): void {
    const filter = this.liveFilter();
    const { endpoint, token, tokenProvider } = this.settings;
    const key = JSON.stringify([filter, endpoint, token, Boolean(tokenProvider)]);
    if (key === this.watching) return;
    this.unwatch?.();
    this.watching = key;
    this.live = 'connecting';
    this.unwatch = watchEvents(
      { endpoint, token, tokenProvider },
      {
        filter: filter ?? { types: [] },
        event: (event) => this.heard(event),
        state: (state, resumed) => {
          this.live = state;
          if (resumed) void this.load();
        },
      },
    );
  }

  /** An event the widget shows arrived: re-read, once for a burst of them. */
  protected heard(_event: LiveEvent): void {
    clearTimeout(this.reloadTimer);
    const now = Date.now();
    this.firstUnread ??= now;
    const wait = Math.min(RELOAD_QUIET_MS, this.firstUnread + RELOAD_MAX_WAIT_MS - now);
    this.reloadTimer = setTimeout(
      () => {
        this.firstUnread = undefined;
        void this.load();
      },
      Math.max(0, wait),
    );
  }

  /** Whether the data on screen may be out of date: the stream is lost, a re-read failed, or without a stream they are old. */
  protected get stale(): boolean {
    const since = this.shownSince();
    if (!since) return false;
    if (this.live === 'lost' || this.status === 'error') return true;
    if (this.live !== 'unavailable') return false;
    return Date.now() - since.getTime() >= this.staleAfterMs();
  }

  /** When the data on screen (or their absence) were read; undefined while a skeleton or an error shows. */
  private shownSince(): Date | undefined {
    const shown = this.status === 'ready' || this.status === 'empty' || (this.status === 'error' && this.data !== undefined);
    return shown ? this.loadedAt : undefined;
  }

  private staleAfterMs(): number {
    return (this.staleAfter ?? Math.max(DEFAULT_STALE_AFTER_S, 3 * this.settings.refresh)) * 1000;
  }

  /** Without a stream, re-renders when the data turn old, so that the notice shows. */
  private watchAge(): void {
    clearTimeout(this.staleTimer);
    if (!this.loadedAt || this.live !== 'unavailable') return;
    const due = this.loadedAt.getTime() + this.staleAfterMs() - Date.now();
    if (due > 0) this.staleTimer = setTimeout(() => this.requestUpdate(), due + 50);
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
      this.loadedAt = new Date();
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
    const since = this.shownSince();
    return html`<section class="root" part="card" role="region" aria-label=${this.label(settings)} aria-busy=${this.status === 'loading' || this.refreshing}>
      ${this.refreshing ? html`<span class="updating" part="updating" aria-live="polite">${text.updating}</span>` : nothing}
      ${this.renderBody(settings)}
      ${since ? this.renderAsOf(since, settings) : nothing}
      <div class="stale" part="stale" role="status">${this.stale ? text.live.stale : nothing}</div>
    </section>`;
  }

  private renderAsOf(loadedAt: Date, settings: Settings): TemplateResult {
    const text = messages(settings.lang).live;
    return html`<p class="as-of" part="as-of">
      <time datetime=${loadedAt.toISOString()}>${text.asOf(formatTime(loadedAt, settings.lang))}</time>${
        this.live === 'live' ? html` · <span part="live">${text.live}</span>` : nothing
      }
    </p>`;
  }

  private renderBody(settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    if (this.status === 'loading') {
      return html`<div class="skeleton" part="skeleton" aria-label=${text.loading}><span></span><span></span><span></span></div>`;
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
