import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, openTestPage, type TestPageOptions } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { repoRoot, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The widgets in real Chromium against the real server with the demo data: each shows the numbers the
 * GraphQL API gives for the same input, in Russian and English.
 */
let server: ServerProcess;
let browser: Browser;
let database: ScratchDatabase | undefined;
let ids: { rootTeamId: string; teamId: string; memberId: string; quarterId: string; yearId: string };

interface Attainment {
  quota: string | null;
  achieved: string;
  ratio: string | null;
  pace: string | null;
  forecast: { expected: string };
}

beforeAll(async () => {
  if (!browserAvailable) return;
  database = await createScratchDatabase('sales_graph_e2e');
  server = await startServerProcess({ DATA_DIR: 'memory://', ...(database ? { DATABASE_URL: database.url } : {}) });
  browser = await launchChromium();
  const data = await ask<{
    teams: { nodes: { id: string; kind: string; members: { role: string; id: string }[] }[] };
    roots: { nodes: { id: string }[] };
    quarter: { id: string };
    year: { id: string };
  }>(
    server.url,
    `{ teams(first: 100) { nodes { id kind members { id role } } }
       roots: teams(filter: { rootsOnly: true }) { nodes { id } }
       quarter: currentPeriod(kind: QUARTER) { id } year: currentPeriod(kind: YEAR) { id } }`,
  );
  const team = data.teams.nodes.filter((t) => t.kind === 'GEOGRAPHIC').sort((a, b) => b.members.length - a.members.length)[0];
  ids = {
    rootTeamId: data.roots.nodes[0].id,
    teamId: team.id,
    memberId: team.members.find((m) => m.role === 'REP')!.id,
    quarterId: data.quarter.id,
    yearId: data.year.id,
  };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

/** A test page (support/browser.ts) that records the widgets' events from before they load. */
const openPage = (body: string, options: Omit<TestPageOptions, 'prepare'> = {}) =>
  openTestPage(browser, server.url, body, { ...options, prepare: (page) => page.addInitScript(recordEvents) });

/** Keeps every widget event of the page in `window.salesEvents`, from before the widgets load. */
function recordEvents(): void {
  const events: { type: string; tag: string; detail: unknown }[] = [];
  (window as unknown as { salesEvents: typeof events }).salesEvents = events;
  for (const type of ['sales-data-loaded', 'sales-error', 'sales-member-click', 'sales-stage-click']) {
    document.addEventListener(type, (event) =>
      events.push({ type, tag: (event.target as Element).localName, detail: (event as CustomEvent).detail }),
    );
  }
}

/** Waits for the first widget event of a type and returns its detail. */
async function nextEvent(page: Page, type: string): Promise<unknown> {
  const handle = await page.waitForFunction(
    (t) => (window as unknown as { salesEvents: { type: string; detail: unknown }[] }).salesEvents.find((e) => e.type === t),
    type,
  );
  return ((await handle.jsonValue()) as { detail: unknown }).detail;
}

function money(page: Page, value: string, lang: 'ru' | 'en', compact = false): Promise<string> {
  return page.evaluate(
    ([v, l, c]) =>
      new Intl.NumberFormat(
        l === 'ru' ? 'ru-RU' : 'en-GB',
        c
          ? { style: 'currency', currency: 'RUB', notation: 'compact', maximumFractionDigits: 1 }
          : { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 },
      ).format(v as never),
    [value, lang, compact] as const,
  );
}

function percent(page: Page, fraction: string | null, lang: 'ru' | 'en', digits = 0): Promise<string> {
  return page.evaluate(
    ([f, l, d]) =>
      f === null
        ? '—'
        : new Intl.NumberFormat(l === 'ru' ? 'ru-RU' : 'en-GB', {
            style: 'percent',
            minimumFractionDigits: d,
            maximumFractionDigits: d,
          }).format(Number(f)),
    [fraction, lang, digits] as const,
  );
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe.skipIf(!browserAvailable)('widgets in Chromium', () => {
  for (const lang of ['ru', 'en'] as const) {
    it(`the quota gauge shows a member's attainment as the API reports it (${lang})`, async () => {
      const { member } = await ask<{ member: { fullName: string; attainment: Attainment } }>(
        server.url,
        `query($m: ID!, $p: ID!) { member(id: $m) { fullName attainment(periodId: $p) { quota achieved ratio pace forecast { expected } } } }`,
        { m: ids.memberId, p: ids.quarterId },
      );
      const page = await openPage(`<sales-quota-gauge member-id="${ids.memberId}" period="current-quarter"></sales-quota-gauge>`, { lang });
      await page.locator('sales-quota-gauge [part=achieved]').waitFor();
      expect(await text(page, 'sales-quota-gauge [part=achieved]')).toBe(await money(page, member.attainment.achieved, lang));
      expect(await text(page, 'sales-quota-gauge [part=quota]')).toBe(await money(page, member.attainment.quota!, lang));
      expect(await text(page, 'sales-quota-gauge [part=forecast]')).toBe(await money(page, member.attainment.forecast.expected, lang));
      expect(await page.locator('sales-quota-gauge [part=percent]').textContent()).toBe(await percent(page, member.attainment.ratio, lang));
      const meter = page.locator('sales-quota-gauge [role=meter]');
      expect(await meter.getAttribute('aria-valuenow')).toBe(String(Math.round(Number(member.attainment.ratio) * 100)));
      expect(await text(page, 'sales-quota-gauge [part=title]')).toContain(member.fullName);
      expect(await text(page, 'sales-quota-gauge dl')).toContain(lang === 'ru' ? 'Достигнуто' : 'Achieved');
      await page.close();
    });

    it(`the team card lists every member by attainment, with the team total (${lang})`, async () => {
      const { team } = await ask<{
        team: { name: string; attainment: Attainment; members: { fullName: string; attainment: Attainment }[] };
      }>(
        server.url,
        `query($t: ID!, $p: ID!) { team(id: $t) { name attainment(periodId: $p) { ratio quota achieved pace forecast { expected } } members { fullName attainment(periodId: $p) { ratio quota achieved pace forecast { expected } } } } }`,
        { t: ids.teamId, p: ids.quarterId },
      );
      const page = await openPage(`<sales-team-card team-id="${ids.teamId}"></sales-team-card>`, { lang });
      await page.locator('sales-team-card [part=member]').first().waitFor();
      const names = await page.locator('sales-team-card [part=member-name]').allInnerTexts();
      const percents = await page.locator('sales-team-card [part=member-percent]').allInnerTexts();
      const expected = [...team.members].sort(
        (a, b) =>
          (b.attainment.ratio === null ? -1 : Number(b.attainment.ratio)) -
            (a.attainment.ratio === null ? -1 : Number(a.attainment.ratio)) || a.fullName.localeCompare(b.fullName),
      );
      expect(names).toEqual(expected.map((m) => m.fullName));
      expect(percents).toEqual(await Promise.all(expected.map((m) => percent(page, m.attainment.ratio, lang))));
      expect(await text(page, 'sales-team-card [part=total-percent]')).toBe(await percent(page, team.attainment.ratio, lang));
      expect(await text(page, 'sales-team-card [part=title]')).toBe(team.name);
      const bar = await page.locator('sales-team-card [part=bar]').first().boundingBox();
      const fill = await page.locator('sales-team-card [part=bar-fill]').first().boundingBox();
      expect(fill!.width / bar!.width).toBeCloseTo(Math.min(Number(expected[0].attainment.ratio ?? 0), 1), 1);
      await page.locator('sales-team-card [part=member] button').first().focus();
      await page.keyboard.press('Enter');
      expect(await nextEvent(page, 'sales-member-click')).toMatchObject({ fullName: expected[0].fullName });
      await page.close();
    });

    it(`the funnel shows each stage's deals and amount, conversion and win rate (${lang})`, async () => {
      const { funnel } = await ask<{
        funnel: {
          stages: {
            stage: { code: string; nameEn: string; nameRu: string };
            deals: number;
            amount: string;
            conversionFromPrevious: string | null;
          }[];
          winRate: string | null;
        };
      }>(
        server.url,
        `query($f: FunnelFilter!) { funnel(filter: $f) { stages { stage { code nameEn nameRu } deals amount conversionFromPrevious } winRate } }`,
        { f: { teamId: ids.rootTeamId, periodId: ids.yearId } },
      );
      const page = await openPage(`<sales-funnel team-id="${ids.rootTeamId}" period="${ids.yearId}"></sales-funnel>`, { lang });
      await page.locator('sales-funnel [part=stage]').first().waitFor();
      const names = await page.locator('sales-funnel [part=stage-name]').allInnerTexts();
      expect(names).toEqual(funnel.stages.map((s) => (lang === 'ru' ? s.stage.nameRu : s.stage.nameEn)));
      const counts = await page.locator('sales-funnel [part=stage-value]').allInnerTexts();
      expect(counts).toEqual(
        await Promise.all(
          funnel.stages.map((s) =>
            page.evaluate(([n, l]) => new Intl.NumberFormat(l === 'ru' ? 'ru-RU' : 'en-GB').format(n as number), [s.deals, lang] as const),
          ),
        ),
      );
      expect(await text(page, 'sales-funnel [part=win-rate]')).toBe(await percent(page, funnel.winRate, lang, 1));
      const fills = await page
        .locator('sales-funnel [part=bar-fill]')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      const biggest = Math.max(...funnel.stages.map((s) => s.deals));
      fills.forEach((width, i) => expect(width / fills[0]).toBeCloseTo(funnel.stages[i].deals / (funnel.stages[0].deals || biggest), 1));
      await page.locator('sales-funnel [part=switch] button').nth(1).click();
      const amounts = await page.locator('sales-funnel [part=stage-value]').allInnerTexts();
      expect(amounts).toEqual(await Promise.all(funnel.stages.map((s) => money(page, s.amount, lang, true))));
      await page.locator('sales-funnel [part=stage] button').nth(1).click();
      expect(await nextEvent(page, 'sales-stage-click')).toMatchObject({
        code: funnel.stages[1].stage.code,
        deals: funnel.stages[1].deals,
      });
      await page.close();
    });
  }

  it('shows a skeleton while loading and keeps the data on screen while refreshing', async () => {
    let delay = 600;
    const page = await openTestPage(browser, server.url, `<sales-quota-gauge member-id="${ids.memberId}"></sales-quota-gauge>`, {
      prepare: (tab) =>
        tab.route(`${server.url}/graphql`, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, delay));
          await route.continue();
        }),
    });
    await page.locator('sales-quota-gauge [part=skeleton]').waitFor();
    await page.locator('sales-quota-gauge [part=achieved]').waitFor();
    delay = 800;
    await page.evaluate(() => void (document.querySelector('sales-quota-gauge') as unknown as { load(): Promise<void> }).load());
    await page.locator('sales-quota-gauge [part=updating]').waitFor();
    expect(await page.locator('sales-quota-gauge [part=achieved]').count()).toBe(1);
    await page.locator('sales-quota-gauge [part=updating]').waitFor({ state: 'detached' });
    await page.close();
  });

  it('shows a readable error with a retry button when the server is down', async () => {
    const page = await openPage(
      `<sales-quota-gauge member-id="${ids.memberId}" endpoint="http://127.0.0.1:9/graphql" lang="ru"></sales-quota-gauge>`,
    );
    await page.locator('sales-quota-gauge [part=error]').waitFor();
    expect(await text(page, 'sales-quota-gauge [part=error]')).toContain('Сервис продаж недоступен');
    expect(await page.locator('sales-quota-gauge [part=retry]').isVisible()).toBe(true);
    expect(await nextEvent(page, 'sales-error')).toMatchObject({ kind: 'offline' });
    await page.evaluate((url) => document.querySelector('sales-quota-gauge')!.setAttribute('endpoint', url), `${server.url}/graphql`);
    await page.locator('sales-quota-gauge [part=achieved]').waitFor();
    await page.close();
  });

  it("keeps its layout under a host page's aggressive global CSS", async () => {
    const widget = `<sales-team-card team-id="${ids.teamId}" style="display:block;width:520px"></sales-team-card>`;
    const measure = async (head?: string) => {
      const page = await openPage(widget, { head });
      await page.locator('sales-team-card [part=member]').first().waitFor();
      const box = await page.locator('sales-team-card [part=card]').boundingBox();
      const font = await page
        .locator('sales-team-card [part=member-name]')
        .first()
        .evaluate((e) => getComputedStyle(e).fontSize);
      await page.close();
      return { width: box!.width, height: box!.height, font };
    };
    const plain = await measure();
    const hostile = await measure(`<style>
      * { font-size: 31px !important; line-height: 4 !important; letter-spacing: 3px !important; text-transform: uppercase !important; box-sizing: content-box !important; }
      div, span, ul, li, button, section, h2 { margin: 17px !important; padding: 13px !important; border: 5px solid red !important; display: inline !important; }
      body { font-family: 'Comic Sans MS', cursive !important; color: magenta !important; }
    </style>`);
    expect(hostile.font).toBe(plain.font);
    expect(Math.abs(hostile.height - plain.height)).toBeLessThan(1);
    expect(Math.abs(hostile.width - plain.width)).toBeLessThan(1);
  });

  it('loads cross-origin on an allowed intranet origin, and the bundle is cacheable', async () => {
    // A real intranet page on another origin (another port): the bundle and /graphql answer it with CORS.
    const intranet = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><script type="module" src="${server.url}/widgets/sales-widgets.js"></script><sales-quota-gauge member-id="${ids.memberId}" endpoint="${server.url}/graphql"></sales-quota-gauge>`,
        ),
    );
    await new Promise<void>((resolve) => intranet.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(intranet.address() as AddressInfo).port}`;
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.locator('sales-quota-gauge [part=achieved]').waitFor();
    await page.close();
    intranet.close();
    const bundle = await fetch(`${server.url}/widgets/sales-widgets.js`, { headers: { origin } });
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(bundle.headers.get('cache-control')).toContain('max-age=300');
    expect(bundle.headers.get('access-control-allow-origin')).toBe(origin);
    const revalidated = await fetch(`${server.url}/widgets/sales-widgets.js`, {
      headers: { 'if-none-match': bundle.headers.get('etag')! },
    });
    expect(revalidated.status).toBe(304);
  });

  it('renders the demo intranet page with every widget, and saves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${server.url}/demo`);
    for (const tag of ['sales-quota-gauge', 'sales-team-card', 'sales-funnel', 'sales-metric-view']) {
      await page.locator(`${tag} [part=title]`).first().waitFor();
      expect(await page.locator(`${tag} [part=error]`).count()).toBe(0);
    }
    // One metric view per chart kind, each drawn from a saved view of the demo.
    await page.locator('sales-metric-view [part=title]').nth(4).waitFor();
    const folder = path.join(repoRoot, 'test', 'artifacts');
    await mkdir(folder, { recursive: true });
    await page.screenshot({ path: path.join(folder, 'demo.png'), fullPage: true });
    await page.close();
  });
});
