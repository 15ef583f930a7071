import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createScratchDatabase, type ScratchDatabase } from '@sales-graph/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { ask } from '../support/graphql.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { AUTH, identityToken, mintEmbedToken, SERVICE_KEY } from '../support/tokens.js';

/**
 * Widgets on an intranet page of another origin, authenticated by an embed token that the intranet's
 * backend minted with the service key: they show what the token covers and nothing else.
 */
let server: ServerProcess;
let intranet: Server;
let intranetOrigin: string;
let page = '';
let browser: Browser;
let database: ScratchDatabase | undefined;

beforeAll(async () => {
  if (!browserAvailable) return;
  intranet = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((resolve) => intranet.listen(0, '127.0.0.1', resolve));
  intranetOrigin = `http://127.0.0.1:${(intranet.address() as AddressInfo).port}`;
  database = await createScratchDatabase('sales_graph_e2e');
  server = await startServerProcess({
    DATA_DIR: 'memory://',
    ...AUTH,
    EMBED_SERVICE_KEY: SERVICE_KEY,
    CORS_ORIGINS: intranetOrigin,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  intranet?.close();
  await database?.drop();
});

describe.skipIf(!browserAvailable)('widgets with an embed token', () => {
  it('read the team the token covers, are refused outside it, and /demo is off', async () => {
    const admin = { authorization: `Bearer ${identityToken({ sub: 'admin-e2e', role: 'ADMIN' })}` };
    const { teams } = await ask<{
      teams: { nodes: { id: string; name: string; kind: string; members: { id: string; role: string }[] }[] };
    }>(server.url, `{ teams(first: 100) { nodes { id name kind members { id role } } } }`, {}, admin);
    const field = teams.nodes.filter((t) => t.kind === 'GEOGRAPHIC' && t.members.filter((m) => m.role === 'REP').length > 2);
    const [mine, other] = field;
    const token = await mintEmbedToken(server.url, { teamId: mine.id, widgets: ['TEAM_CARD', 'QUOTA_GAUGE'], origin: intranetOrigin });
    const outsider = other.members.find((m) => m.role === 'REP')!.id;
    page = `<!doctype html><html lang="en"><script type="module" src="${server.url}/widgets/sales-widgets.js"></script>
      <sales-config endpoint="${server.url}/graphql" token="${token}"></sales-config>
      <sales-team-card team-id="${mine.id}"></sales-team-card>
      <sales-quota-gauge member-id="${outsider}"></sales-quota-gauge></html>`;
    const tab = await browser.newPage();
    await tab.goto(`${intranetOrigin}/`);
    await tab.locator('sales-team-card [part=member]').first().waitFor();
    expect(await tab.locator('sales-team-card [part=title]').innerText()).toBe(mine.name);
    await tab.locator('sales-quota-gauge [part=error]').waitFor();
    expect(await tab.locator('sales-quota-gauge [part=error]').innerText()).toContain('You may not see this data');
    await tab.close();
    expect((await fetch(`${server.url}/demo`)).status).toBe(404);
  });
});
