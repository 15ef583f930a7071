/**
 * Page-wide settings shared by every widget, so that each element need not repeat them. They come from
 * (in order of precedence) the element's own attributes, a `<sales-config>` element on the page, a call
 * to `configure()` (for pages that bundle the widgets), and finally defaults derived from the script URL.
 */
export interface SalesWidgetsConfig {
  /** GraphQL endpoint; defaults to `/graphql` on the server that served this script. */
  endpoint?: string;
  /** Bearer token (an embed token minted by the intranet's backend). */
  token?: string;
  /** Called before each request for a fresh token; wins over `token`. */
  tokenProvider?: () => string | Promise<string>;
  /** `ru` or `en`; defaults to the page's `lang`. */
  lang?: string;
  /** ISO 4217 currency of money amounts; defaults to RUB. */
  currency?: string;
  /** Auto-refresh interval in seconds; 0 or absent disables it. */
  refresh?: number;
}

let pageConfig: SalesWidgetsConfig = {};

/** Sets page-wide defaults from JavaScript (for pages that use a bundler). */
export function configure(config: SalesWidgetsConfig): void {
  pageConfig = { ...pageConfig, ...config };
  document.dispatchEvent(new CustomEvent('sales-config-changed'));
}

/** The `<sales-config>` element, if the page has one, overrides `configure()`. */
function configElement(): Partial<SalesWidgetsConfig> {
  const element = document.querySelector('sales-config') as (HTMLElement & { config?: SalesWidgetsConfig }) | null;
  return element?.config ?? {};
}

const scriptOrigin = new URL(import.meta.url).origin;

export function defaultEndpoint(): string {
  return `${scriptOrigin}/graphql`;
}

export function pageSettings(): SalesWidgetsConfig {
  return { ...pageConfig, ...stripUndefined(configElement()) };
}

export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}
