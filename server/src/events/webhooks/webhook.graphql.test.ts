import type { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphQLError, startTestServer, type TestServer } from '../../testing/server.js';
import { EventSubjectKind } from '../domain-event.entity.js';
import { EventType } from '../event-type.js';
import { recordEvent } from '../record.js';

let server: TestServer;
let admin: GraphQLClient;
/** Team paths: root R with A (and A1 below it) and B. */
const paths: Record<'R' | 'A' | 'A1' | 'B', string> = { R: '', A: '', A1: '', B: '' };
const ids: Record<'R' | 'A' | 'A1' | 'B', string> = { R: '', A: '', A1: '', B: '' };

async function createTeam(name: string, parentId?: string): Promise<string> {
  const { createTeam } = await admin.request<{ createTeam: { id: string } }>(
    `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`,
    { i: { name, kind: 'GEOGRAPHIC', parentId } },
  );
  return createTeam.id;
}

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return server.app.orm.em.fork().getConnection().execute<T[]>(query, params);
}

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client('ADMIN');
  ids.R = await createTeam('Webhooks R');
  ids.A = await createTeam('Webhooks A', ids.R);
  ids.A1 = await createTeam('Webhooks A1', ids.A);
  ids.B = await createTeam('Webhooks B', ids.R);
  for (const [key, id] of Object.entries(ids)) {
    const [row] = await sql<{ path: string }>('select path from team where id = ?', [Number(id)]);
    paths[key as keyof typeof paths] = row.path;
  }
});
afterAll(() => server?.close());

/** Records an event credited to `team` (its path names every team above it) in a transaction of its own. */
async function emit(type: EventType, team: keyof typeof paths, fail = false): Promise<number> {
  let id = 0;
  await server.app.orm.em.fork().transactional(async (em) => {
    const event = recordEvent(em, {
      type,
      actorMemberId: null,
      subjects: [[EventSubjectKind.TEAM, Number(ids[team])]],
      teamPaths: [paths[team]],
      memberIds: [],
      payload: { note: 'test' },
    });
    await em.flush();
    id = event.id;
    if (fail) throw new Error('the change fails after its event was written');
  });
  return id;
}

async function endpointsOf(eventId: number): Promise<string[]> {
  const rows = await sql<{ webhook_id: number }>('select webhook_id from webhook_delivery where event_id = ? order by webhook_id', [
    eventId,
  ]);
  return rows.map((row) => String(row.webhook_id));
}

const CREATE = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) {
  secret webhook { id url eventTypes description active secretHint team { id name } } } }`;

interface Created {
  secret: string;
  webhook: {
    id: string;
    url: string;
    eventTypes: string[];
    description: string | null;
    active: boolean;
    secretHint: string;
    team: { id: string } | null;
  };
}

async function register(input: Record<string, unknown>): Promise<Created> {
  return (await admin.request<{ createWebhook: Created }>(CREATE, { i: input })).createWebhook;
}

describe('webhook endpoints', () => {
  it('registers an endpoint with its secret shown once, then a hint; updates, rotates, lists and deletes it', async () => {
    const created = await register({
      url: 'https://hooks.example.ru/sales?source=crm',
      eventTypes: ['DEAL_WON', 'DEAL_WON', 'DEAL_LOST'],
      teamId: ids.A,
      description: 'ERP bonuses',
    });
    expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(created.webhook).toEqual({
      id: expect.any(String),
      url: 'https://hooks.example.ru/sales?source=crm',
      eventTypes: ['DEAL_WON', 'DEAL_LOST'],
      description: 'ERP bonuses',
      active: true,
      secretHint: `whsec_…${created.secret.slice(-4)}`,
      team: { id: ids.A, name: 'Webhooks A' },
    });
    const { id } = created.webhook;
    const read = await admin.request<{ webhook: Record<string, unknown> }>(`query($id: ID!) { webhook(id: $id) { id secretHint } }`, {
      id,
    });
    expect(JSON.stringify(read)).not.toContain(created.secret);

    const { updateWebhook } = await admin.request<{ updateWebhook: Record<string, unknown> }>(
      `mutation($id: ID!, $i: UpdateWebhookInput!) { updateWebhook(id: $id, input: $i) { url eventTypes active description team { id } } }`,
      { id, i: { url: 'http://127.0.0.1:9/hook', eventTypes: ['QUOTA_CHANGED'], teamId: null, active: false } },
    );
    expect(updateWebhook).toEqual({
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['QUOTA_CHANGED'],
      active: false,
      description: 'ERP bonuses',
      team: null,
    });

    const { rotateWebhookSecret } = await admin.request<{ rotateWebhookSecret: Created }>(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { secretHint } } }`,
      { id },
    );
    expect(rotateWebhookSecret.secret).not.toBe(created.secret);
    expect(rotateWebhookSecret.webhook.secretHint).toBe(`whsec_…${rotateWebhookSecret.secret.slice(-4)}`);
    const [stored] = await sql<{ secret: string }>('select secret from webhook where id = ?', [Number(id)]);
    expect(stored.secret).toBe(rotateWebhookSecret.secret);

    const list = await admin.request<{ webhooks: { nodes: { id: string }[]; totalCount: number } }>(
      `{ webhooks(first: 100) { nodes { id } totalCount } }`,
    );
    expect(list.webhooks.nodes.map((node) => node.id)).toContain(id);

    const { auditLog } = await admin.request<{ auditLog: { nodes: { changes: { after: Record<string, unknown> | null }[] }[] } }>(
      `{ auditLog(filter: { operation: "createWebhook" }) { nodes { changes { after } } } }`,
    );
    expect(JSON.stringify(auditLog)).not.toContain(created.secret);

    expect((await admin.request<{ deleteWebhook: string }>(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id })).deleteWebhook).toBe(
      id,
    );
    expect((await admin.request<{ webhook: null }>(`query($id: ID!) { webhook(id: $id) { id } }`, { id })).webhook).toBeNull();
  });

  it('gets a delivery with each event of its types and scope, written in the event’s transaction', async () => {
    const all = (await register({ url: 'http://127.0.0.1:9/all', eventTypes: ['DEAL_WON'] })).webhook.id;
    const scopedA = (await register({ url: 'http://127.0.0.1:9/a', eventTypes: ['DEAL_WON', 'DEAL_LOST'], teamId: ids.A })).webhook.id;
    const scopedA1 = (await register({ url: 'http://127.0.0.1:9/a1', eventTypes: ['DEAL_WON'], teamId: ids.A1 })).webhook.id;
    const paused = (await register({ url: 'http://127.0.0.1:9/paused', eventTypes: ['DEAL_WON'] })).webhook.id;
    await admin.request(`mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id } }`, { id: paused });

    expect(await endpointsOf(await emit(EventType.DEAL_WON, 'A1'))).toEqual([all, scopedA, scopedA1]);
    expect(await endpointsOf(await emit(EventType.DEAL_WON, 'A'))).toEqual([all, scopedA]);
    expect(await endpointsOf(await emit(EventType.DEAL_WON, 'B'))).toEqual([all]);
    expect(await endpointsOf(await emit(EventType.DEAL_LOST, 'A1'))).toEqual([scopedA]);
    expect(await endpointsOf(await emit(EventType.QUOTA_CHANGED, 'A'))).toEqual([]);

    const before = await sql<{ n: number }>('select count(*)::int as n from webhook_delivery');
    await expect(emit(EventType.DEAL_WON, 'A1', true)).rejects.toThrow('the change fails');
    expect(await sql<{ n: number }>('select count(*)::int as n from webhook_delivery')).toEqual(before);

    for (const id of [all, scopedA, scopedA1, paused]) await admin.request(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });
  });

  it('lists deliveries newest first by endpoint, event and status, and replays one or an endpoint’s events since a time', async () => {
    const before = await emit(EventType.RECOGNITION_GIVEN, 'B');
    const { id } = (await register({ url: 'http://127.0.0.1:9/replay', eventTypes: ['RECOGNITION_GIVEN'] })).webhook;
    const after = [await emit(EventType.RECOGNITION_GIVEN, 'A'), await emit(EventType.RECOGNITION_GIVEN, 'B')];
    const DELIVERIES = `query($f: WebhookDeliveryFilter, $after: String) { webhookDeliveries(filter: $f, first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id status attempts lastStatus lastError nextAttemptAt lastAttemptAt deliveredAt webhook { id } event { id type } } } }`;
    type Deliveries = {
      webhookDeliveries: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        nodes: { id: string; status: string; attempts: number; nextAttemptAt: string | null; event: { id: string } }[];
      };
    };
    const first = await admin.request<Deliveries>(DELIVERIES, { f: { webhookId: id } });
    expect(first.webhookDeliveries.totalCount).toBe(2);
    expect(first.webhookDeliveries.nodes[0]).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      lastStatus: null,
      deliveredAt: null,
      webhook: { id },
      event: { id: String(after[1]), type: 'RECOGNITION_GIVEN' },
    });
    expect(first.webhookDeliveries.nodes[0].nextAttemptAt).not.toBeNull();
    const second = await admin.request<Deliveries>(DELIVERIES, { f: { webhookId: id }, after: first.webhookDeliveries.pageInfo.endCursor });
    expect(second.webhookDeliveries.nodes[0].event.id).toBe(String(after[0]));
    expect(second.webhookDeliveries.pageInfo.hasNextPage).toBe(false);
    const byEvent = await admin.request<Deliveries>(DELIVERIES, { f: { eventId: String(after[0]), status: 'PENDING' } });
    expect(byEvent.webhookDeliveries.totalCount).toBe(1);

    await sql(`update webhook_delivery set status = 'DEAD', attempts = 8, due_at = null, last_error = 'HTTP 500' where webhook_id = ?`, [
      Number(id),
    ]);
    const dead = (await admin.request<Deliveries>(DELIVERIES, { f: { webhookId: id, status: 'DEAD' } })).webhookDeliveries.nodes[0];
    expect(dead.nextAttemptAt).toBeNull();
    const { replayWebhookDelivery } = await admin.request<{ replayWebhookDelivery: Record<string, unknown> }>(
      `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status attempts lastError } }`,
      { id: dead.id },
    );
    expect(replayWebhookDelivery).toEqual({ id: dead.id, status: 'PENDING', attempts: 0, lastError: null });

    const since = new Date(Date.now() - 3_600_000).toISOString();
    const { replayWebhookEvents } = await admin.request<{ replayWebhookEvents: number }>(
      `mutation($id: ID!, $since: DateTime!) { replayWebhookEvents(webhookId: $id, since: $since) }`,
      { id, since },
    );
    expect(replayWebhookEvents).toBe(3);
    const rows = await sql<{ event_id: number; status: string; attempts: number }>(
      'select event_id, status, attempts from webhook_delivery where webhook_id = ? order by event_id',
      [Number(id)],
    );
    expect(rows).toEqual([before, ...after].map((eventId) => ({ event_id: eventId, status: 'PENDING', attempts: 0 })));
    await admin.request(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });
  });

  it('refuses bad input with the rule it breaks, and changes nothing', async () => {
    const count = async () => (await sql<{ n: number }>('select count(*)::int as n from webhook'))[0].n;
    const before = await count();
    const refused = async (input: Record<string, unknown>, code: string, field: string, rule?: string) => {
      const error = await expectGraphQLError(
        admin.request(CREATE, { i: { url: 'https://hooks.example.ru/x', eventTypes: ['DEAL_WON'], ...input } }),
        code,
        field,
      );
      if (rule) expect(error.extensions?.rule).toBe(rule);
    };
    await refused({ url: 'ftp://hooks.example.ru/x' }, 'BAD_USER_INPUT', 'input.url', 'webhook-url');
    await refused({ url: 'hooks.example.ru/x' }, 'BAD_USER_INPUT', 'input.url', 'webhook-url');
    await refused({ url: 'mailto:ops@example.ru' }, 'BAD_USER_INPUT', 'input.url', 'webhook-url');
    await refused({ url: 'https://user:secret@hooks.example.ru/x' }, 'BAD_USER_INPUT', 'input.url', 'webhook-url-credentials');
    await refused({ url: `https://hooks.example.ru/${'x'.repeat(2000)}` }, 'BAD_USER_INPUT', 'input.url', 'max-length');
    await refused({ eventTypes: [] }, 'BAD_USER_INPUT', 'input.eventTypes', 'webhook-event-types');
    await refused({ teamId: '999999' }, 'NOT_FOUND', 'input.teamId');
    await refused({ teamId: 'abc' }, 'BAD_USER_INPUT', 'input.teamId', 'id');
    await refused({ description: 'd'.repeat(501) }, 'BAD_USER_INPUT', 'input.description', 'max-length');
    expect(await count()).toBe(before);

    const { id } = (await register({ url: 'https://hooks.example.ru/ok', eventTypes: ['DEAL_WON'] })).webhook;
    const update = (input: Record<string, unknown>) =>
      admin.request(`mutation($id: ID!, $i: UpdateWebhookInput!) { updateWebhook(id: $id, input: $i) { id } }`, { id, i: input });
    await expectGraphQLError(update({ url: 'https://a:b@hooks.example.ru/', eventTypes: ['DEAL_LOST'] }), 'BAD_USER_INPUT', 'input.url');
    await expectGraphQLError(update({ eventTypes: [] }), 'BAD_USER_INPUT', 'input.eventTypes');
    const [unchanged] = await sql<{ url: string; event_types: string[] }>('select url, event_types from webhook where id = ?', [
      Number(id),
    ]);
    expect(unchanged).toEqual({ url: 'https://hooks.example.ru/ok', event_types: ['DEAL_WON'] });
    await expectGraphQLError(admin.request(`mutation { deleteWebhook(id: "999999") }`), 'NOT_FOUND', 'id');
    await expectGraphQLError(admin.request(`mutation { replayWebhookDelivery(id: "999999") { id } }`), 'NOT_FOUND', 'id');
    await expectGraphQLError(
      admin.request(`mutation { replayWebhookEvents(webhookId: "999999", since: "2026-01-01T00:00:00Z") }`),
      'NOT_FOUND',
      'webhookId',
    );
    await admin.request(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });
  });

  it('is for admins only (every other caller: access.matrix.ts)', async () => {
    const analyst = server.client('ANALYST');
    await expectGraphQLError(analyst.request(`{ webhooks { nodes { id } } }`), 'FORBIDDEN');
    await expectGraphQLError(analyst.request(`{ webhookDeliveries { nodes { id } } }`), 'FORBIDDEN');
    await expectGraphQLError(analyst.request(CREATE, { i: { url: 'https://hooks.example.ru/x', eventTypes: ['DEAL_WON'] } }), 'FORBIDDEN');
  });
});
