import type { Browser, Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, openTestPage } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { AUTH, identityToken, mintEmbedToken, SERVICE_KEY } from '../support/tokens.js';

/**
 * <sales-forecast> in real Chromium against the real server with the demo data, authenticated by an
 * embed token. A member's call and the manager's adjusted team call are made through the API first; the
 * widget then shows the team's call, quota, gap and the adjustment with its note, and one row per line
 * as the API rolls them up, in Russian and English; a token minted for other widgets is refused.
 */
const MEMBER_COMMIT = '1234567.00';
const MEMBER_BEST_CASE = '2345678.00';
const ADJUSTMENT = '-50000.00';
const NOTE = 'Контракт с «Альфой» переносится на январь';
let server: ServerProcess;
let browser: Browser;
let database: ScratchDatabase | undefined;
let rootTeamId: string;
let quarterId: string;
let calledMemberId: string;
const admin = () => ({ authorization: `Bearer ${identityToken({ sub: 'admin-e2e', role: 'ADMIN' })}` });

interface Line {
  ownerKind: 'MEMBER' | 'TEAM';
  member: { id: string; fullName: string } | null;
  team: { id: string; name: string } | null;
  system: { closed: string; commit: string };
  submission: { commit: string; bestCase: string } | null;
  gapToQuota: string | null;
}

interface Rollup {
  quota: string | null;
  call: string;
  gapToQuota: string | null;
  rolledUpCommit: string;
  submission: { rolledUpCommit: string; adjustment: string; note: string } | null;
  lines: Line[];
}

const ROLLUP = `query($t: ID!, $p: ID!) { forecastRollup(teamId: $t, periodId: $p) {
  quota call gapToQuota rolledUpCommit submission { rolledUpCommit adjustment note }
  lines { ownerKind member { id fullName } team { id name } system { closed commit } submission { commit bestCase } gapToQuota } } }`;

const SUBMIT = `mutation($input: SubmitForecastInput!) { submitForecast(input: $input) { id } }`;

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
  const data = await ask<{ roots: { nodes: { id: string }[] }; quarter: { id: string } }>(
    server.url,
    `{ roots: teams(filter: { rootsOnly: true }) { nodes { id } } quarter: currentPeriod(kind: QUARTER) { id } }`,
    {},
    admin(),
  );
  rootTeamId = data.roots.nodes[0].id;
  quarterId = data.quarter.id;
  const before = await rollup();
  calledMemberId = before.lines.find((line) => line.ownerKind === 'MEMBER')!.member!.id;
  const call = { periodId: quarterId, memberId: calledMemberId, commit: MEMBER_COMMIT, bestCase: MEMBER_BEST_CASE };
  await ask(server.url, SUBMIT, { input: call }, admin());
  await ask(server.url, SUBMIT, { input: { periodId: quarterId, teamId: rootTeamId, adjustment: ADJUSTMENT, note: NOTE } }, admin());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function rollup(): Promise<Rollup> {
  const { forecastRollup } = await ask<{ forecastRollup: Rollup }>(server.url, ROLLUP, { t: rootTeamId, p: quarterId }, admin());
  return forecastRollup;
}

/** Money as the widgets format it, by the browser's own Intl: whole amounts, or compact ones in tables. */
const money = (page: Page, value: string | null, lang: string, compact: boolean) =>
  value === null
    ? '—'
    : page.evaluate(
        ([v, l, c]) =>
          new Intl.NumberFormat(l === 'ru' ? 'ru-RU' : 'en-GB', {
            style: 'currency',
            currency: 'RUB',
            ...(c ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 }),
          }).format(v as never),
        [value, lang, compact] as const,
      );

/** closed + commit of a line, in hundredths (the figures have two decimals). */
const systemTotal = (line: Line) => {
  const hundredths = (value: string) => BigInt(value.replace('.', ''));
  const total = hundredths(line.system.closed) + hundredths(line.system.commit);
  return `${total / 100n}.${String(total % 100n).padStart(2, '0')}`;
};

describe.skipIf(!browserAvailable)('the forecast widget', () => {
  it('the API has the calls made before rendering', async () => {
    const team = await rollup();
    // Nobody called after the manager: the roll-up adjusted is today's, and the call is 50 000.00 below it.
    expect(team.submission).toEqual({ rolledUpCommit: team.rolledUpCommit, adjustment: ADJUSTMENT, note: NOTE });
    expect(BigInt(team.call.replace('.', ''))).toBe(BigInt(team.rolledUpCommit.replace('.', '')) - 5_000_000n);
    const called = team.lines.find((line) => line.member?.id === calledMemberId)!;
    expect(called.submission).toEqual({ commit: MEMBER_COMMIT, bestCase: MEMBER_BEST_CASE });
    expect(team.lines.some((line) => line.ownerKind === 'TEAM' && line.submission === null)).toBe(true);
  });

  for (const lang of ['ru', 'en'] as const) {
    it(`shows the team's call, adjustment and one row per line as the API does (${lang})`, async () => {
      const team = await rollup();
      const token = await mintEmbedToken(server.url, { teamId: rootTeamId, widgets: ['FORECAST'] });
      // Russian resolves the current quarter itself (the default period); English names it.
      const period = lang === 'en' ? ` period-id="${quarterId}"` : '';
      const page = await openTestPage(
        browser,
        server.url,
        `<sales-forecast token="${token}" team-id="${rootTeamId}"${period}></sales-forecast>`,
        { lang },
      );
      const widget = page.locator('sales-forecast');
      await widget.locator('[part=row]').first().waitFor();

      expect(await widget.locator('[part=call]').innerText()).toBe(await money(page, team.call, lang, false));
      expect(await widget.locator('[part=quota]').innerText()).toBe(await money(page, team.quota, lang, false));
      expect(await widget.locator('[part=gap]').innerText()).toBe(await money(page, team.gapToQuota, lang, false));
      expect(await widget.locator('[part=adjustment-amount]').innerText()).toBe(await money(page, ADJUSTMENT, lang, false));
      expect(await widget.locator('[part=adjustment]').innerText()).toContain(
        await money(page, team.submission!.rolledUpCommit, lang, false),
      );
      expect(await widget.locator('[part=note]').innerText()).toContain(NOTE);
      if (lang === 'en') expect(await widget.locator('[part=adjustment-amount]').innerText()).toBe('-RUB\u00a050,000');

      const rows = widget.locator('tbody [part=row]');
      expect(await rows.count()).toBe(team.lines.length);
      expect(await widget.locator('thead th[scope=col]').allInnerTexts()).toEqual(
        lang === 'ru'
          ? ['Сотрудник или команда', 'Закрыто + коммит', 'Коммит', 'Лучший случай', 'До квоты']
          : ['Member or team', 'Closed + commit', 'Commit', 'Best case', 'Gap to quota'],
      );
      for (const [i, line] of team.lines.entries()) {
        const row = rows.nth(i);
        const name = await row.locator('th[scope=row]').innerText();
        expect(name.startsWith(line.member?.fullName ?? line.team!.name)).toBe(true);
        expect(await row.locator('[part=system]').innerText()).toBe(await money(page, systemTotal(line), lang, true));
        expect(await row.locator('[part=line-gap]').innerText()).toBe(await money(page, line.gapToQuota, lang, true));
        if (line.submission) {
          expect(await row.locator('[part=commit]').innerText()).toBe(await money(page, line.submission.commit, lang, true));
          expect(await row.locator('[part=best-case]').innerText()).toBe(await money(page, line.submission.bestCase, lang, true));
        } else {
          expect(await row.locator('[part=not-submitted]').innerText()).toBe(lang === 'ru' ? 'Не отправлен' : 'Not submitted');
        }
      }
      const called = widget.locator(`[part=row][data-owner-kind=MEMBER][data-owner="${calledMemberId}"]`);
      expect(await called.locator('[part=commit]').innerText()).toBe(await money(page, MEMBER_COMMIT, lang, true));
      if (lang === 'en') expect(await called.locator('[part=best-case]').innerText()).toBe('RUB\u00a02.3m');
      await page.close();
    });
  }

  it('is refused to a token minted for other widgets, and shows the empty state without a team', async () => {
    const token = await mintEmbedToken(server.url, { teamId: rootTeamId, widgets: ['LEADERBOARD'] });
    const page = await openTestPage(
      browser,
      server.url,
      `<sales-forecast token="${token}" team-id="${rootTeamId}" period-id="${quarterId}"></sales-forecast><sales-forecast id="unset" token="${token}"></sales-forecast>`,
    );
    await page.locator('sales-forecast [part=error]').waitFor();
    expect(await page.locator('sales-forecast [part=error]').innerText()).toContain('You may not see this data');
    expect(await page.locator('#unset [part=empty]').innerText()).toBe('Set team-id');
    await page.close();
  });
});
