import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config.js';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';
import { todayIso } from '../validate.js';

/**
 * The `event` and `events` queries: newest first, a page at a time, filtered, and only the events the
 * caller may see (those concerning them, their subtree's, all for admins and analysts; an embed token
 * those of its subtree that its widgets show).
 */
let server: TestServer;
let f: PipelineFixture;
/** Event ids by what they record, in the order they were written. */
const written = {} as Record<'rep1' | 'rep2' | 'rep3' | 'sub' | 'other' | 'recognition' | 'won', string>;

const sql = <T>(query: string, params: unknown[] = []) => server.app.orm.em.fork().execute<T[]>(query, params);
const lastEventId = async () => String((await sql<{ id: number }>('select max(id) as id from domain_event'))[0].id);

beforeAll(async () => {
  server = await startTestServer();
  const admin = server.client();
  f = await buildPipelineFixture(admin);
  const deal = async (ownerId: string, title: string) =>
    (
      await admin.request<{ createDeal: { id: string } }>(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
        i: { title, accountId: f.customerId, ownerId, amount: '1000.00', channelId: f.channelId, expectedCloseDate: todayIso() },
      })
    ).createDeal.id;
  const firstDeal = await deal(f.repId, 'Первая');
  written.rep1 = await lastEventId();
  await deal(f.repId, 'Вторая');
  written.rep2 = await lastEventId();
  await deal(f.repId, 'Третья');
  written.rep3 = await lastEventId();
  await deal(f.subRepId, 'Подкоманды');
  written.sub = await lastEventId();
  await deal(f.otherRepId, 'Чужая');
  written.other = await lastEventId();
  await admin.request(`mutation($i: GiveRecognitionInput!) { giveRecognition(input: $i) { id } }`, {
    i: { memberId: f.repId, reason: 'Три сделки за день' },
  });
  written.recognition = await lastEventId();
  await admin.request(`mutation($id: ID!) { winDeal(id: $id, input: { reason: "Подписали" }) { id } }`, { id: firstDeal });
  written.won = await lastEventId();
});
afterAll(() => server?.close());

const EVENTS = `query($f: EventFilter, $first: Int, $after: String) {
  events(filter: $f, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { id type occurredAt actorMemberId subjects { kind id } payload }
  }
}`;

interface EventNode {
  id: string;
  type: string;
  occurredAt: string;
  actorMemberId: string | null;
  subjects: { kind: string; id: string }[];
  payload: Record<string, unknown>;
}
interface EventsPage {
  events: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    nodes: EventNode[];
  };
}

async function list(viewer: string, filter: Record<string, unknown> = {}, first = 50) {
  const { events } = await server.client(viewer).request<EventsPage>(EVENTS, { f: filter, first });
  return { ids: events.nodes.map((node) => node.id), totalCount: events.totalCount, nodes: events.nodes };
}

const all = () => [written.won, written.recognition, written.other, written.sub, written.rep3, written.rep2, written.rep1];

describe('events', () => {
  it('lists events newest first, a page at a time, with the total', async () => {
    const pages: string[][] = [];
    let after: string | null = null;
    let hasNextPage = true;
    while (hasNextPage) {
      const { events }: EventsPage = await server.client().request<EventsPage>(EVENTS, { f: { teamId: f.rootTeamId }, first: 3, after });
      expect(events.totalCount).toBe(7);
      expect(events.pageInfo.hasPreviousPage).toBe(after !== null);
      pages.push(events.nodes.map((node) => node.id));
      ({ hasNextPage, endCursor: after } = events.pageInfo);
    }
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(all());
    const { nodes } = await list('ADMIN', { teamId: f.rootTeamId }, 2);
    expect(nodes[0]).toMatchObject({
      type: 'DEAL_WON',
      actorMemberId: null,
      subjects: [{ kind: 'DEAL' }, { kind: 'MEMBER', id: f.repId }, { kind: 'CUSTOMER', id: f.customerId }],
      payload: { title: 'Первая', amount: '1000.00', reason: 'Подписали' },
    });
    expect(nodes[1]).toMatchObject({ type: 'RECOGNITION_GIVEN', payload: { reason: 'Три сделки за день' } });
  });

  it('filters by type, team (and the teams below it), member and time', async () => {
    expect((await list('ADMIN', { types: ['DEAL_CREATED'] })).ids).toEqual([
      written.other,
      written.sub,
      written.rep3,
      written.rep2,
      written.rep1,
    ]);
    expect((await list('ADMIN', { types: ['DEAL_WON', 'RECOGNITION_GIVEN'] })).ids).toEqual([written.won, written.recognition]);
    expect((await list('ADMIN', { teamId: f.subTeamId })).ids).toEqual([written.sub]);
    expect((await list('ADMIN', { teamId: f.fieldTeamId })).totalCount).toBe(6);
    expect((await list('ADMIN', { teamId: f.fieldTeamId, types: ['DEAL_CREATED'] })).totalCount).toBe(4);
    expect((await list('ADMIN', { memberId: f.otherRepId })).ids).toEqual([written.other]);
    expect((await list('ADMIN', { memberId: f.repId })).totalCount).toBe(5);
    const { event } = await server.client().request<{ event: EventNode }>(`query($id: ID!) { event(id: $id) { occurredAt } }`, {
      id: written.sub,
    });
    expect((await list('ADMIN', { teamId: f.rootTeamId, since: event.occurredAt })).ids).toEqual(all().slice(0, 4));
    expect((await list('ADMIN', { since: '2199-01-01T00:00:00Z' })).ids).toEqual([]);
  });

  it('shows a rep the events concerning them, a manager their subtree’s, admins and analysts all', async () => {
    const rep = await list(`REP:${f.repId}`);
    expect(rep.ids).toEqual([written.won, written.recognition, written.rep3, written.rep2, written.rep1]);
    expect(rep.totalCount).toBe(5);
    for (const node of rep.nodes) expect(node.subjects).toContainEqual({ kind: 'MEMBER', id: f.repId });
    // A filter narrows what the caller sees; it never widens it.
    expect((await list(`REP:${f.repId}`, { memberId: f.otherRepId })).ids).toEqual([]);
    expect((await list(`REP:${f.subRepId}`)).ids).toEqual([written.sub]);
    const manager = await list(`MANAGER:${f.managerId}`);
    expect(manager.ids).toEqual(all().filter((id) => id !== written.other));
    expect(manager.totalCount).toBe(6);
    expect((await list('ANALYST', { teamId: f.rootTeamId })).ids).toEqual(all());
  });

  it('answers `event` of an event the caller may not see with NOT_FOUND', async () => {
    const EVENT = `query($id: ID!) { event(id: $id) { id type } }`;
    const rep = server.client(`REP:${f.repId}`);
    expect(await rep.request(EVENT, { id: written.rep1 })).toEqual({ event: { id: written.rep1, type: 'DEAL_CREATED' } });
    await expectGraphQLError(rep.request(EVENT, { id: written.sub }), 'NOT_FOUND', 'id');
    const manager = server.client(`MANAGER:${f.managerId}`);
    expect(await manager.request(EVENT, { id: written.sub })).toEqual({ event: { id: written.sub, type: 'DEAL_CREATED' } });
    await expectGraphQLError(manager.request(EVENT, { id: written.other }), 'NOT_FOUND', 'id');
    await expectGraphQLError(server.client().request(EVENT, { id: '999999' }), 'NOT_FOUND', 'id');
  });

  it('costs the same few SQL statements whatever the page size', async () => {
    for (const viewer of ['ADMIN', `MANAGER:${f.managerId}`]) {
      const one = await measured<EventsPage>(server.client(viewer), EVENTS, { first: 1 });
      const many = await measured<EventsPage>(server.client(viewer), EVENTS, { first: 7 });
      expect(many.data.events.nodes.length).toBeGreaterThan(one.data.events.nodes.length);
      expect(many.statements).toBe(one.statements);
      // The viewer's scope (a manager's), the page, and its total.
      expect(many.statements).toBeLessThanOrEqual(3);
    }
  });
});

describe('events for an embed token', () => {
  async function embedClient(widgets: string[]) {
    const { createEmbedToken } = await server
      .client()
      .request<{ createEmbedToken: { token: string } }>(`mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { token } }`, {
        i: { teamId: f.fieldTeamId, widgets },
      });
    return server.clientWithHeaders({ authorization: `Bearer ${createEmbedToken.token}` });
  }

  it('shows the events of its subtree that its widgets show (a win, a recognition), not the deals created', async () => {
    const document = await readFile(path.join(repoRoot, 'schema', 'operations', 'activity-feed.graphql'), 'utf8');
    const feed = await embedClient(['TEAM_CARD', 'ACTIVITY_FEED']);
    const { events } = await feed.request<{ events: { nodes: EventNode[] } }>(document, {
      filter: {},
      first: 50,
      teamId: f.fieldTeamId,
      withNames: false,
    });
    expect(events.nodes.map((node) => [node.id, node.type])).toEqual([
      [written.won, 'DEAL_WON'],
      [written.recognition, 'RECOGNITION_GIVEN'],
    ]);
    const { events: created } = await feed.request<{ events: { nodes: EventNode[] } }>(document, {
      filter: { types: ['DEAL_CREATED'] },
      first: 50,
      teamId: f.fieldTeamId,
      withNames: false,
    });
    expect(created.nodes).toEqual([]);
  });

  it('refuses the feed to a token without the activity feed widget', async () => {
    const document = await readFile(path.join(repoRoot, 'schema', 'operations', 'activity-feed.graphql'), 'utf8');
    const card = await embedClient(['TEAM_CARD']);
    await expectGraphQLError(card.request(document, { filter: {}, first: 5, teamId: f.fieldTeamId, withNames: false }), 'FORBIDDEN');
  });
});
