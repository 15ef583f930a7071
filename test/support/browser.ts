import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run); never a downloaded browser. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((candidate) => existsSync(candidate));
}

/** Browser tests run wherever Chromium is installed, and CI (CI=true) insists on it. */
export const browserAvailable = Boolean(chromiumPath()) || process.env.CI === 'true';

export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** How {@link openTestPage} builds its page. */
export interface TestPageOptions {
  /** `<html lang>`, the language of widgets that have none of their own; 'en' unless said. */
  lang?: string;
  /** Markup added to `<head>` before the bundle, e.g. a host page's stylesheet or CSP. */
  head?: string;
  /** Runs on the new tab before it loads the page, e.g. to add init scripts or routes. */
  prepare?: (page: Page) => Promise<unknown>;
}

/**
 * A new tab at `${serverUrl}/test-page`: a host page (fulfilled by the browser, not served) holding `body`
 * and loading the server's widget bundle. On the server's own origin, so the widgets need no CORS.
 */
export async function openTestPage(browser: Browser, serverUrl: string, body: string, options: TestPageOptions = {}): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${serverUrl}/test-page`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8">${options.head ?? ''}
        <script type="module" src="${serverUrl}/widgets/sales-widgets.js"></script></head><body>${body}</body></html>`,
    }),
  );
  await options.prepare?.(page);
  await page.goto(`${serverUrl}/test-page`);
  return page;
}
