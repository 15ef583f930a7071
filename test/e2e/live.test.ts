import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium, openTestPage } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * Live updates in real Chromium against the real server: a team card and an activity feed re-read when a
 * deal of their team is won, without polling; while the server is down they say their data may be out
 * of date, and when it is back (same port, same data) they resume and say so no more.
 */
let folder: string;
let database: ScratchDatabase | undefined;
let env: Record<string, string>;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (!browserAvailable) return;
  folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-live-'));
  database = await createScratchDatabase('sales_graph_e2e');
  env = { DATA_DIR: path.join(folder, 'data'), ...(database ? { DATABASE_URL: database.url } : {}) };
  server = await startServerProcess(env);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

interface OpenDeal {
  id: string;
  title: string;
  owner: { id: string; fullName: string };
}

/** The largest field team and one of its open deals owned by one of its own members (so its card shows the change). */
async function teamWithOpenDeal(): Promise<{ teamId: string; deal: OpenDeal }> {
  const { teams } = await ask<{ teams: { nodes: { id: string; kind: string; members: { id: string }[] }[] } }>(
    server.url,
    `{ teams(first: 100) { nodes { id kind members { id } } } }`,
  );
  const team = teams.nodes.filter((t) => t.kind === 'GEOGRAPHIC').sort((a, b) => b.members.length - a.members.length)[0];
  const { deals } = await ask<{ deals: { nodes: OpenDeal[] } }>(
    server.url,
    `query($t: ID!) { deals(filter: { teamId: $t, status: OPEN }, first: 100) { nodes { id title owner { id fullName } } } }`,
    { t: team.id },
  );
  const members = new Set(team.members.map((m) => m.id));
  const deal = deals.nodes.find((d) => members.has(d.owner.id));
  if (!deal) throw new Error(`team ${team.id} has no open deal of its own members`);
  return { teamId: team.id, deal };
}

/** The team total (achieved) the team card showed at each read, in `window.teamTotals`, from before the widgets load. */
function recordTeamTotals(): void {
  const totals: string[] = [];
  (window as unknown as { teamTotals: string[] }).teamTotals = totals;
  document.addEventListener('sales-data-loaded', (event) => {
    const { data } = (event as CustomEvent<{ data: { attainment?: { achieved: string } } | null }>).detail;
    if ((event.target as Element).localName === 'sales-team-card' && data?.attainment) totals.push(data.attainment.achieved);
  });
}

const teamTotals = (page: Page) => page.evaluate(() => (window as unknown as { teamTotals: string[] }).teamTotals);

/** The team's achieved revenue this quarter, as the API has it. */
async function achieved(teamId: string): Promise<string> {
  const { quarter } = await ask<{ quarter: { id: string } }>(server.url, `{ quarter: currentPeriod(kind: QUARTER) { id } }`);
  const { team } = await ask<{ team: { attainment: { achieved: string } } }>(
    server.url,
    `query($t: ID!, $p: ID!) { team(id: $t) { attainment(periodId: $p) { achieved } } }`,
    { t: teamId, p: quarter.id },
  );
  return team.attainment.achieved;
}

/** Counts the page's GraphQL reads (POST /graphql), not its stream. */
function countReads(page: Page): { count: number } {
  const reads = { count: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') reads.count += 1;
  });
  return reads;
}

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The WCAG A/AA violations axe finds in the page's widgets, their shadow DOM included. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeScript });
  return page.evaluate(async () => {
    type Axe = { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
    const { violations } = await (window as unknown as { axe: Axe }).axe.run(
      { include: [['sales-team-card'], ['sales-activity-feed']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    );
    return violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
  });
}

describe.skipIf(!browserAvailable)('live updates in Chromium', () => {
  it('a team card follows a win without polling, flags the lost server and resumes; the feed shows the win', async () => {
    const { teamId, deal } = await teamWithOpenDeal();
    // refresh="5" would poll every 5 s: with the stream live it must not.
    let reads = { count: 0 };
    const page = await openTestPage(
      browser,
      server.url,
      `<sales-team-card team-id="${teamId}" refresh="5"></sales-team-card>
       <sales-activity-feed team-id="${teamId}" refresh="5"></sales-activity-feed>`,
      {
        prepare: async (tab) => {
          reads = countReads(tab);
          await tab.addInitScript(recordTeamTotals);
        },
      },
    );
    const card = page.locator('sales-team-card');
    await card.locator('[part=live]').waitFor();
    await page.locator('sales-activity-feed [part=live]').waitFor();
    expect(await teamTotals(page)).toEqual([await achieved(teamId)]);

    const before = reads.count;
    await page.waitForTimeout(6_000);
    expect(reads.count).toBe(before);

    await ask(server.url, `mutation($id: ID!) { winDeal(id: $id, input: { reason: "Live e2e" }) { id } }`, { id: deal.id });
    const after = await achieved(teamId);
    // Within 2 s of the win the card shows the team total the API now gives.
    await page.waitForFunction((total) => (window as unknown as { teamTotals: string[] }).teamTotals.at(-1) === total, after, {
      timeout: 2_000,
    });
    expect(reads.count).toBeGreaterThan(before);
    const won = page.locator('sales-activity-feed li[data-type=DEAL_WON]', { hasText: deal.title });
    await won.waitFor();
    expect(await won.innerText()).toContain(deal.owner.fullName);
    expect(await accessibilityViolations(page)).toEqual([]);

    const port = new URL(server.url).port;
    await server.stop();
    const stale = card.locator('[part=stale]');
    expect(await stale.getAttribute('role')).toBe('status');
    await stale.filter({ hasText: 'Updates have stopped' }).waitFor();
    await card.locator('[part=live]').waitFor({ state: 'detached' });
    expect(await accessibilityViolations(page)).toEqual([]);

    const readsBeforeRestart = (await teamTotals(page)).length;
    server = await startServerProcess({ ...env, PORT: port });
    await card.locator('[part=live]').waitFor({ timeout: 60_000 });
    await stale.waitFor({ state: 'hidden' });
    expect(await stale.innerText()).toBe('');
    // Back online it reads again (events may have been missed), and the data are the same.
    await expect.poll(async () => (await teamTotals(page)).length).toBeGreaterThan(readsBeforeRestart);
    expect((await teamTotals(page)).at(-1)).toBe(after);
    await page.close();
  });

  it('falls back to polling where the server refuses the stream', async () => {
    const { teamId } = await teamWithOpenDeal();
    let reads = { count: 0 };
    const page = await openTestPage(browser, server.url, `<sales-team-card team-id="${teamId}" refresh="5"></sales-team-card>`, {
      prepare: async (tab) => {
        await tab.route(`${server.url}/graphql/stream`, (route) => route.fulfill({ status: 404, body: 'no stream here' }));
        reads = countReads(tab);
      },
    });
    const card = page.locator('sales-team-card');
    await card.locator('[part=as-of]').waitFor();
    const before = reads.count;
    await expect.poll(() => reads.count, { timeout: 15_000 }).toBeGreaterThan(before);
    expect(await card.locator('[part=live]').count()).toBe(0);
    expect(await card.locator('[part=stale]').innerText()).toBe('');
    await page.close();
  });
});
