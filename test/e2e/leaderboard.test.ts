import type { Browser, Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, openTestPage } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { AUTH, identityToken, mintEmbedToken, SERVICE_KEY } from '../support/tokens.js';

/**
 * <sales-leaderboard> and the recognitions of <sales-team-card> in real Chromium against the real server
 * with the demo data, authenticated by embed tokens: the ranking the API gives, in Russian and English,
 * with rank changes readable by screen readers; refused to a token minted for other widgets.
 */
let server: ServerProcess;
let browser: Browser;
let database: ScratchDatabase | undefined;
let rootTeamId: string;
let lastMonthId: string;
const admin = () => ({ authorization: `Bearer ${identityToken({ sub: 'admin-e2e', role: 'ADMIN' })}` });

interface Entry {
  rank: number | null;
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
  const data = await ask<{ roots: { nodes: { id: string }[] }; month: { startDate: string } }>(
    server.url,
    `{ roots: teams(filter: { rootsOnly: true }) { nodes { id } } month: currentPeriod(kind: MONTH) { startDate } }`,
    {},
    admin(),
  );
  rootTeamId = data.roots.nodes[0].id;
  // The last completed month: the current one may have no results yet (on its first day, say).
  const dayBefore = new Date(Date.parse(`${data.month.startDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const last = await ask<{ month: { id: string } }>(
    server.url,
    `query($d: Date) { month: currentPeriod(kind: MONTH, date: $d) { id } }`,
    { d: dayBefore },
    admin(),
  );
  lastMonthId = last.month.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

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
  // Russian with managers ranked too (`roles`), English with the default (reps only).
  for (const [lang, roles] of [
    ['ru', ['REP', 'MANAGER']],
    ['en', ['REP']],
  ] as const) {
    it(`ranks the members as the API does, with rank changes in words (${lang}, ${roles.join(' ')})`, async () => {
      const { leaderboard } = await ask<{ leaderboard: { entries: Entry[] } }>(
        server.url,
        `query($t: ID!, $p: ID!, $r: [MemberRole!]) { leaderboard(teamId: $t, periodId: $p, metric: REVENUE, first: 8, roles: $r) { entries { rank value rankChange member { fullName } } } }`,
        { t: rootTeamId, p: lastMonthId, r: roles },
        admin(),
      );
      const token = await mintEmbedToken(server.url, { teamId: rootTeamId, widgets: ['LEADERBOARD'] });
      const page = await openTestPage(
        browser,
        server.url,
        `<sales-leaderboard token="${token}" team-id="${rootTeamId}" period-id="${lastMonthId}" metric="REVENUE" limit="8" ${lang === 'ru' ? 'roles="rep manager"' : ''}></sales-leaderboard>`,
        { lang },
      );
      await page.locator('sales-leaderboard [part=row]').first().waitFor();
      expect(await page.locator('sales-leaderboard [part=rank]').allInnerTexts()).toEqual(
        leaderboard.entries.map((e) => (e.rank === null ? '—' : String(e.rank))),
      );
      expect(await page.locator('sales-leaderboard [part=member-name]').allInnerTexts()).toEqual(
        leaderboard.entries.map((e) => e.member.fullName),
      );
      expect(await page.locator('sales-leaderboard [part=value]').allInnerTexts()).toEqual(
        await Promise.all(leaderboard.entries.map((e) => money(page, e.value, lang))),
      );
      const moves = await page.locator('sales-leaderboard [part=move]').allTextContents();
      leaderboard.entries.forEach((entry, i) => {
        const words =
          entry.rank === null
            ? lang === 'ru'
              ? 'результата пока нет'
              : 'no result yet'
            : entry.rankChange === null
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

  it('says that nobody has a result yet instead of ranking everybody (no quotas last month: ATTAINMENT)', async () => {
    const { leaderboard } = await ask<{ leaderboard: { hasResults: boolean } }>(
      server.url,
      `query($t: ID!, $p: ID!) { leaderboard(teamId: $t, periodId: $p, metric: ATTAINMENT) { hasResults } }`,
      { t: rootTeamId, p: lastMonthId },
      admin(),
    );
    expect(leaderboard.hasResults).toBe(false);
    const token = await mintEmbedToken(server.url, { teamId: rootTeamId, widgets: ['LEADERBOARD'] });
    for (const lang of ['ru', 'en'] as const) {
      const page = await openTestPage(
        browser,
        server.url,
        `<sales-leaderboard token="${token}" team-id="${rootTeamId}" period-id="${lastMonthId}" metric="ATTAINMENT"></sales-leaderboard>`,
        { lang },
      );
      await page.locator('sales-leaderboard [part=empty]').waitFor();
      expect(await page.locator('sales-leaderboard [part=empty]').innerText()).toBe(
        lang === 'ru'
          ? 'В этом периоде результатов пока нет, поэтому рейтинга нет'
          : 'Nobody has a result in this period yet, so nobody is ranked',
      );
      expect(await page.locator('sales-leaderboard [part=row]').count()).toBe(0);
      await page.close();
    }
  });

  it('is refused to a token minted for other widgets, and shows the empty state without a team', async () => {
    const token = await mintEmbedToken(server.url, { teamId: rootTeamId, widgets: ['TEAM_CARD'] });
    const page = await openTestPage(
      browser,
      server.url,
      `<sales-leaderboard token="${token}" team-id="${rootTeamId}" period-id="${lastMonthId}"></sales-leaderboard><sales-leaderboard id="unset" token="${token}"></sales-leaderboard>`,
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
    const token = await mintEmbedToken(server.url, { teamId: rootTeamId, widgets: ['TEAM_CARD'] });
    const page = await openTestPage(browser, server.url, `<sales-team-card token="${token}" team-id="${rootTeamId}"></sales-team-card>`);
    await page.locator('sales-team-card [part=recognition]').first().waitFor();
    const shown = await page.locator('sales-team-card [part=recognition]').allInnerTexts();
    expect(shown.map((line) => line.split(' — ')[0])).toEqual(team.recentRecognitions.map((r) => r.member.fullName));
    shown.forEach((line, i) => expect(line).toContain(team.recentRecognitions[i].reason));
    await page.close();
  });
});
