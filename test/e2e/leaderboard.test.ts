import type { Browser, Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { AUTH, identityToken } from '../support/tokens.js';

/**
 * <sales-leaderboard> and the recognitions of <sales-team-card> in real Chromium against the real server
 * with the demo data, authenticated by embed tokens: the ranking the API gives, in Russian and English,
 * with rank changes readable by screen readers; refused to a token minted for other widgets.
 */
const SERVICE_KEY = 'e2e-service-key-of-the-intranet-backend-0123456789';
let server: ServerProcess;
let browser: Browser;
let database: ScratchDatabase | undefined;
let rootTeamId: string;
let monthId: string;
const admin = () => ({ authorization: `Bearer ${identityToken({ sub: 'admin-e2e', role: 'ADMIN' })}` });

interface Entry {
  rank: number;
  value: string;
  rankChange: number | null;
  member: { fullName: string };
}

beforeAll(async () => {
  if (!browserAvailable) return;
  database = await createScratchDatabase('sales_graph_e2e');
  server = await startServerProcess({
    DATA_DIR: 'memory://',
    ...AUTH,
    EMBED_SERVICE_KEY: SERVICE_KEY,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  browser = await launchChromium();
  const data = await ask<{ roots: { nodes: { id: string }[] }; month: { id: string } }>(
    server.url,
    `{ roots: teams(filter: { rootsOnly: true }) { nodes { id } } month: currentPeriod(kind: MONTH) { id } }`,
    {},
    admin(),
  );
  rootTeamId = data.roots.nodes[0].id;
  monthId = data.month.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function embedToken(teamId: string, widgets: string[]): Promise<string> {
  const minted = await fetch(`${server.url}/auth/embed-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-service-key': SERVICE_KEY },
    body: JSON.stringify({ teamId, widgets, ttlSeconds: 300 }),
  });
  expect(minted.status).toBe(201);
  return ((await minted.json()) as { token: string }).token;
}

async function openPage(body: string, lang = 'en'): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${server.url}/test-page`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><script type="module" src="${server.url}/widgets/sales-widgets.js"></script></head><body>${body}</body></html>`,
    }),
  );
  await page.goto(`${server.url}/test-page`);
  return page;
}

const money = (page: Page, value: string, lang: string) =>
  page.evaluate(
    ([v, l]) =>
      new Intl.NumberFormat(l === 'ru' ? 'ru-RU' : 'en-GB', {
        style: 'currency',
        currency: 'RUB',
        notation: 'compact',
        maximumFractionDigits: 1,
      }).format(v as never),
    [value, lang] as const,
  );

describe.skipIf(!browserAvailable)('the leaderboard widget', () => {
  for (const lang of ['ru', 'en'] as const) {
    it(`ranks the members as the API does, with rank changes in words (${lang})`, async () => {
      const { leaderboard } = await ask<{ leaderboard: { entries: Entry[] } }>(
        server.url,
        `query($t: ID!, $p: ID!) { leaderboard(teamId: $t, periodId: $p, metric: REVENUE, first: 8) { entries { rank value rankChange member { fullName } } } }`,
        { t: rootTeamId, p: monthId },
        admin(),
      );
      const token = await embedToken(rootTeamId, ['LEADERBOARD']);
      const page = await openPage(
        `<sales-leaderboard token="${token}" team-id="${rootTeamId}" period-id="${monthId}" metric="REVENUE" limit="8"></sales-leaderboard>`,
        lang,
      );
      await page.locator('sales-leaderboard [part=row]').first().waitFor();
      expect(await page.locator('sales-leaderboard [part=rank]').allInnerTexts()).toEqual(leaderboard.entries.map((e) => String(e.rank)));
      expect(await page.locator('sales-leaderboard [part=member-name]').allInnerTexts()).toEqual(
        leaderboard.entries.map((e) => e.member.fullName),
      );
      expect(await page.locator('sales-leaderboard [part=value]').allInnerTexts()).toEqual(
        await Promise.all(leaderboard.entries.map((e) => money(page, e.value, lang))),
      );
      const moves = await page.locator('sales-leaderboard [part=move]').allTextContents();
      leaderboard.entries.forEach((entry, i) => {
        const words =
          entry.rankChange === null
            ? lang === 'ru'
              ? 'не было в рейтинге'
              : 'not ranked'
            : entry.rankChange === 0
              ? lang === 'ru'
                ? 'не изменилось'
                : 'same rank'
              : entry.rankChange > 0
                ? lang === 'ru'
                  ? 'выше'
                  : 'up'
                : lang === 'ru'
                  ? 'ниже'
                  : 'down';
        expect(moves[i]).toContain(words);
      });
      expect(await page.locator('sales-leaderboard th').first().innerText()).toBe(lang === 'ru' ? 'Место' : 'Rank');
      await page.close();
    });
  }

  it('is refused to a token minted for other widgets, and shows the empty state without a team', async () => {
    const token = await embedToken(rootTeamId, ['TEAM_CARD']);
    const page = await openPage(
      `<sales-leaderboard token="${token}" team-id="${rootTeamId}" period-id="${monthId}"></sales-leaderboard><sales-leaderboard id="unset" token="${token}"></sales-leaderboard>`,
    );
    await page.locator('sales-leaderboard [part=error]').waitFor();
    expect(await page.locator('sales-leaderboard [part=error]').innerText()).toContain('You may not see this data');
    expect(await page.locator('#unset [part=empty]').innerText()).toBe('Set team-id');
    await page.close();
  });

  it('the team card shows the latest recognitions of the team', async () => {
    const { team } = await ask<{ team: { recentRecognitions: { reason: string; member: { fullName: string } }[] } }>(
      server.url,
      `query($t: ID!) { team(id: $t) { recentRecognitions(first: 3) { reason member { fullName } } } }`,
      { t: rootTeamId },
      admin(),
    );
    expect(team.recentRecognitions.length).toBeGreaterThan(0);
    const token = await embedToken(rootTeamId, ['TEAM_CARD']);
    const page = await openPage(`<sales-team-card token="${token}" team-id="${rootTeamId}"></sales-team-card>`);
    await page.locator('sales-team-card [part=recognition]').first().waitFor();
    const shown = await page.locator('sales-team-card [part=recognition]').allInnerTexts();
    expect(shown.map((line) => line.split(' — ')[0])).toEqual(team.recentRecognitions.map((r) => r.member.fullName));
    shown.forEach((line, i) => expect(line).toContain(team.recentRecognitions[i].reason));
    await page.close();
  });
});
