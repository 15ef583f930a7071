import { LitElement } from 'lit';
import { stripUndefined, type SalesWidgetsConfig } from './config.js';
import { define } from './define.js';

/**
 * `<sales-config endpoint="…" token="…" lang="ru" currency="RUB" refresh="60">`: page-wide settings for
 * every sales widget on the page. Set `tokenProvider` from JavaScript to hand out fresh embed tokens.
 * It renders nothing.
 */
export class SalesConfigElement extends LitElement {
  static override properties = {
    endpoint: { type: String },
    token: { type: String },
    currency: { type: String },
    refresh: { type: Number },
  };

  declare endpoint?: string;
  declare token?: string;
  declare currency?: string;
  declare refresh?: number;
  tokenProvider?: () => string | Promise<string>;

  get config(): SalesWidgetsConfig {
    return stripUndefined({
      endpoint: this.endpoint,
      token: this.token,
      lang: this.getAttribute('lang') ?? undefined,
      currency: this.currency,
      refresh: this.refresh,
      tokenProvider: this.tokenProvider,
    });
  }

  protected override updated(): void {
    document.dispatchEvent(new CustomEvent('sales-config-changed'));
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

define('sales-config', SalesConfigElement);
