import type { Browser, Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, openTestPage } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The team card and the quota gauge in another quota metric (`metric="DEALS_WON"`, `metric="ACTIVITIES"`)
 * in real Chromium against the real server with the demo data: the numbers are the API's for the same
 * metric, written as whole numbers without currency.
 */
let server: ServerProcess;
let browser: Browser;
let database: ScratchDatabase | undefined;
let ids: { teamId: string; memberId: string; quarterId: string };

interface Figures {
  metric: string;
  quota: string | null;
  achieved: string;
  ratio: string | null;
  forecast: { expected: string } | null;
}

beforeAll(async () => {
  if (!browserAvailable) return;
  database = await createScratchDatabase('sales_graph_e2e_metric');
  server = await startServerProcess({ DATA_DIR: 'memory://', ...(database ? { DATABASE_URL: database.url } : {}) });
  browser = await launchChromium();
  const data = await ask<{
    teams: { nodes: { id: string; kind: string; members: { role: string; id: string }[] }[] };
    quarter: { id: string };
  }>(server.url, `{ teams(first: 100) { nodes { id kind members { id role } } } quarter: currentPeriod(kind: QUARTER) { id } }`);
  const team = data.teams.nodes.filter((t) => t.kind === 'GEOGRAPHIC').sort((a, b) => b.members.length - a.members.length)[0];
  ids = { teamId: team.id, memberId: team.members.find((m) => m.role === 'REP')!.id, quarterId: data.quarter.id };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

/** A count as the browser writes it in the language: "1 234" / "1,234", no currency. */
function count(page: Page, value: string, lang: 'ru' | 'en'): Promise<string> {
  return page.evaluate(([v, l]) => new Intl.NumberFormat(l === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 }).format(Number(v)), [
    value,
    lang,
  ] as const);
}

function percent(page: Page, fraction: string | null, lang: 'ru' | 'en'): Promise<string> {
  return page.evaluate(
    ([f, l]) =>
      f === null
        ? '—'
        : new Intl.NumberFormat(l === 'ru' ? 'ru-RU' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(Number(f)),
    [fraction, lang] as const,
  );
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

describe.skipIf(!browserAvailable)('attainment of another quota metric in Chromium', () => {
  for (const lang of ['ru', 'en'] as const) {
    it(`the team card with metric="DEALS_WON" shows the API's deals won and quota as whole numbers (${lang})`, async () => {
      const { team } = await ask<{ team: { attainment: Figures; members: { fullName: string; attainment: Figures }[] } }>(
        server.url,
        `query($t: ID!, $p: ID!) { team(id: $t) { attainment(periodId: $p, metric: DEALS_WON) { metric quota achieved ratio forecast { expected } }
           members { fullName attainment(periodId: $p, metric: DEALS_WON) { metric quota achieved ratio forecast { expected } } } } }`,
        { t: ids.teamId, p: ids.quarterId },
      );
      expect(team.attainment.quota).toMatch(/^\d+$/);
      expect(team.attainment.achieved).toMatch(/^\d+$/);
      const page = await openTestPage(
        browser,
        server.url,
        `<sales-team-card team-id="${ids.teamId}" metric="DEALS_WON"></sales-team-card>`,
        { lang },
      );
      await page.locator('sales-team-card [part=member]').first().waitFor();
      const figures = await text(page, 'sales-team-card [part=total-figures]');
      expect(figures).toBe(`${await count(page, team.attainment.achieved, lang)} / ${await count(page, team.attainment.quota!, lang)}`);
      expect(figures).not.toMatch(/₽|RUB/);
      expect(await text(page, 'sales-team-card [part=total-percent]')).toBe(await percent(page, team.attainment.ratio, lang));
      expect(await text(page, 'sales-team-card [part=total]')).toContain(lang === 'ru' ? 'Выиграно сделок' : 'Deals won');
      const percents = await page.locator('sales-team-card [part=member-percent]').allInnerTexts();
      const ranked = [...team.members].sort(
        (a, b) =>
          (b.attainment.ratio === null ? -1 : Number(b.attainment.ratio)) -
            (a.attainment.ratio === null ? -1 : Number(a.attainment.ratio)) || a.fullName.localeCompare(b.fullName),
      );
      expect(percents).toEqual(await Promise.all(ranked.map((m) => percent(page, m.attainment.ratio, lang))));
      await page.close();
    });
  }

  it('the quota gauge with metric="ACTIVITIES" shows the API’s count and no forecast', async () => {
    const { member } = await ask<{ member: { fullName: string; attainment: Figures } }>(
      server.url,
      `query($m: ID!, $p: ID!) { member(id: $m) { fullName attainment(periodId: $p, metric: ACTIVITIES) { metric quota achieved ratio forecast { expected } } } }`,
      { m: ids.memberId, p: ids.quarterId },
    );
    expect(member.attainment).toMatchObject({ metric: 'ACTIVITIES', forecast: null });
    const page = await openTestPage(
      browser,
      server.url,
      `<sales-quota-gauge member-id="${ids.memberId}" metric="ACTIVITIES"></sales-quota-gauge>`,
      {
        lang: 'en',
      },
    );
    await page.locator('sales-quota-gauge [part=title]').waitFor();
    expect(await text(page, 'sales-quota-gauge [part=title]')).toContain(`${member.fullName} · Activities`);
    expect(await text(page, 'sales-quota-gauge dl')).toContain(await count(page, member.attainment.achieved, 'en'));
    expect(await page.locator('sales-quota-gauge [part=forecast]').count()).toBe(0);
    await page.close();
  });
});
