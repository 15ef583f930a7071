import type { Browser, Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, openTestPage } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { mintEmbedToken } from '../support/tokens.js';

/**
 * <sales-metric-view> in real Chromium against the server with the demo data and its saved views: every
 * chart kind shows what Query.savedView gives for the same caller, in Russian and English; an embed
 * token sees its own team subtree only.
 */
let server: ServerProcess;
let browser: Browser;
let database: ScratchDatabase | undefined;
let views: Record<string, string>;

interface Result {
  columns: { label: string; kind: string }[];
  rows: { cells: { value: string | null; label: string | null }[] }[];
}

beforeAll(async () => {
  if (!browserAvailable) return;
  database = await createScratchDatabase('sales_graph_e2e');
  server = await startServerProcess({ DATA_DIR: 'memory://', ...(database ? { DATABASE_URL: database.url } : {}) });
  browser = await launchChromium();
  const { savedViews } = await ask<{ savedViews: { nodes: { id: string; chartKind: string }[] } }>(
    server.url,
    `{ savedViews(first: 50) { nodes { id chartKind } } }`,
  );
  views = Object.fromEntries(savedViews.nodes.map((v) => [v.chartKind, v.id]));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

const result = async (id: string, lang: 'ru' | 'en', headers: Record<string, string> = {}) =>
  (
    await ask<{ savedView: { name: string; result: Result } }>(
      server.url,
      `query($id: ID!, $l: MetricLanguage) { savedView(id: $id) { name result(language: $l) { columns { label kind } rows { cells { value label } } } } }`,
      { id, l: lang.toUpperCase() },
      headers,
    )
  ).savedView;

const format = (page: Page, lang: 'ru' | 'en', value: string, options: Intl.NumberFormatOptions) =>
  page.evaluate(([v, l, o]) => new Intl.NumberFormat(l === 'ru' ? 'ru-RU' : 'en-GB', o).format(v as never), [
    value,
    lang,
    options,
  ] as const);
const rub = { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 } as const;

describe.skipIf(!browserAvailable)('<sales-metric-view>', () => {
  for (const lang of ['ru', 'en'] as const) {
    it(`draws a TABLE view as an accessible table with the API's columns and rows (${lang})`, async () => {
      const view = await result(views.TABLE, lang);
      const page = await openTestPage(browser, server.url, `<sales-metric-view view-id="${views.TABLE}"></sales-metric-view>`, { lang });
      await page.locator('sales-metric-view table').waitFor();
      expect(await page.locator('sales-metric-view thead th').allInnerTexts()).toEqual(view.result.columns.map((c) => c.label));
      expect(await page.locator('sales-metric-view tbody tr').count()).toBe(view.result.rows.length);
      expect(await page.locator('sales-metric-view tbody th[scope=row]').allInnerTexts()).toEqual(
        view.result.rows.map((r) => r.cells[0].label),
      );
      const revenue = await page.locator('sales-metric-view tbody tr td').first().innerText();
      expect(revenue).toBe(await format(page, lang, view.result.rows[0].cells[1].value!, rub));
      expect(await page.locator('sales-metric-view [part=title]').innerText()).toBe(view.name);
      expect(await page.locator('sales-metric-view [role=region]').getAttribute('aria-label')).toBe(view.name);
      // The page switches language: the labels, which come from the server, follow.
      const other = lang === 'ru' ? 'en' : 'ru';
      await page.evaluate((l) => {
        document.documentElement.lang = l;
        (document.querySelector('sales-metric-view') as unknown as { requestUpdate(): void }).requestUpdate();
      }, other);
      const translated = (await result(views.TABLE, other)).result.columns.map((c) => c.label);
      await page.waitForFunction(
        (first) => document.querySelector('sales-metric-view')?.shadowRoot?.querySelector('thead th')?.textContent === first,
        translated[0],
      );
      expect(await page.locator('sales-metric-view thead th').allInnerTexts()).toEqual(translated);
      await page.close();
    });
  }

  it('draws BAR, LINE, PIE and NUMBER views from the same data, each with its data table', async () => {
    const page = await openTestPage(
      browser,
      server.url,
      `<sales-metric-view id="bar" view-id="${views.BAR}"></sales-metric-view><sales-metric-view id="line" view-id="${views.LINE}"></sales-metric-view>
       <sales-metric-view id="pie" view-id="${views.PIE}"></sales-metric-view><sales-metric-view id="number" view-id="${views.NUMBER}"></sales-metric-view>`,
    );
    const bar = await result(views.BAR, 'en');
    await page.locator('#bar [part~=bars]').waitFor();
    const fills = await page.locator('#bar [part=bar-fill]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    const values = bar.result.rows.map((r) => Number(r.cells[1].value));
    expect(fills).toHaveLength(values.length);
    fills.forEach((width, i) => expect(width / fills[0]).toBeCloseTo(values[i] / Math.max(...values), 1));
    const figures = await page.locator('#bar [part=bar-value]').allInnerTexts();
    expect(figures).toEqual(await Promise.all(bar.result.rows.map((r) => format(page, 'en', r.cells[1].value!, rub))));
    expect(await page.locator('#bar [role=img]').getAttribute('aria-label')).toContain(bar.result.rows[0].cells[0].label!);
    expect(await page.locator('#bar details table tbody tr').count()).toBe(values.length);

    const line = await result(views.LINE, 'en');
    await page.locator('#line polyline').waitFor({ state: 'attached' });
    const points = (await page.locator('#line polyline').getAttribute('points'))!.trim().split(/\s+/);
    expect(points).toHaveLength(line.result.rows.length);

    const pie = await result(views.PIE, 'en');
    await page.locator('#pie [part=legend] li').first().waitFor();
    expect(await page.locator('#pie [part=legend] li').count()).toBe(pie.result.rows.length);
    expect(await page.locator('#pie [part=disc]').getAttribute('style')).toContain('conic-gradient');

    const number = await result(views.NUMBER, 'en');
    await page.locator('#number [part=value]').waitFor();
    const percent = await format(page, 'en', number.result.rows[0].cells[0].value!, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    expect(await page.locator('#number [part=value]').innerText()).toBe(percent);
    await page.close();
  });

  it('says what is missing, and shows an error for a view the caller may not open', async () => {
    const page = await openTestPage(
      browser,
      server.url,
      `<sales-metric-view id="none"></sales-metric-view><sales-metric-view id="missing" view-id="999999" lang="ru"></sales-metric-view>`,
    );
    await page.locator('#none [part=empty]').waitFor();
    expect(await page.locator('#none [part=empty]').innerText()).toBe('Set view-id');
    await page.locator('#missing [part=error]').waitFor();
    expect(await page.locator('#missing [role=alert]').innerText()).toContain('Не найдено');
    await page.close();
  });

  it("runs a view with an embed token's scope: its team subtree only", async () => {
    const { teams } = await ask<{ teams: { nodes: { id: string; children: { id: string }[]; ancestors: { id: string }[] }[] } }>(
      server.url,
      `{ teams(first: 100) { nodes { id children { id } ancestors { id } } } }`,
    );
    // A team in the middle of the tree: its subtree has several teams, and not all of them.
    const team = teams.nodes.find((t) => t.children.length > 0 && t.ancestors.length > 0)!;
    // A demo server (no service key) mints for its demo admin.
    const token = await mintEmbedToken(server.url, { teamId: team.id, widgets: ['METRIC_VIEW'], serviceKey: null });
    const scoped = await result(views.BAR, 'en', { authorization: `Bearer ${token}` });
    const page = await openTestPage(browser, server.url, `<sales-metric-view view-id="${views.BAR}" token="${token}"></sales-metric-view>`);
    await page.locator('sales-metric-view [part=bar-fill]').first().waitFor();
    expect(await page.locator('sales-metric-view [part=bar-fill]').count()).toBe(scoped.result.rows.length);
    expect(scoped.result.rows.length).toBeLessThan((await result(views.BAR, 'en')).result.rows.length);
    await page.close();
  });
});
