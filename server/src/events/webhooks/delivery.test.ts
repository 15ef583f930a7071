import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../config.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { EventSubjectKind } from '../domain-event.entity.js';
import { EventType } from '../event-type.js';
import { recordEvent } from '../record.js';
import { startWebhookWorker, type WebhookWorker } from './worker.js';

let server: TestServer;
let admin: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client('ADMIN');
});
afterAll(() => server?.close());

/** Short waits so that retries happen within the test; the worker polls often. */
const SETTINGS: WebhookConfig = { maxAttempts: 8, timeoutMs: 5_000, backoffBaseMs: 20, backoffMaxMs: 200, pollMs: 20 };

function worker(settings: Partial<WebhookConfig> = {}, options: { batchSize?: number; leaseMs?: number } = {}): WebhookWorker {
  return startWebhookWorker(server.app.orm, server.app.log, { ...SETTINGS, ...settings }, options);
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A real HTTP endpoint on the loopback interface; `answer` gives the status of each request (it may wait). */
async function startReceiver(answer: (request: Received, index: number) => number | Promise<number>): Promise<Receiver> {
  const received: Received[] = [];
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      const status = await answer(request, received.length - 1);
      if (!res.destroyed) res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** What docs/webhooks.md tells receivers to do: recompute the HMAC, compare in constant time, refuse old timestamps. */
function verified(secret: string, request: Received, nowSeconds = Date.now() / 1000): boolean {
  const timestamp = String(request.headers['webhook-timestamp']);
  const given = Buffer.from(String(request.headers['webhook-signature']).replace(/^v1=/, ''), 'hex');
  const expected = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(nowSeconds - Number(timestamp)) <= 300;
}

async function register(url: string, eventTypes: EventType[]): Promise<{ id: string; secret: string }> {
  const { createWebhook } = await admin.request<{ createWebhook: { secret: string; webhook: { id: string } } }>(
    `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id } } }`,
    { i: { url, eventTypes } },
  );
  return { id: createWebhook.webhook.id, secret: createWebhook.secret };
}

const remove = (id: string) => admin.request(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id });

async function emit(type: EventType, payload: Record<string, unknown> = {}): Promise<number> {
  return server.app.orm.em.fork().transactional(async (em) => {
    const event = recordEvent(em, {
      type,
      actorMemberId: null,
      subjects: [[EventSubjectKind.DEAL, 42]],
      teamPaths: [],
      memberIds: [],
      payload,
    });
    await em.flush();
    return event.id;
  });
}

interface DeliveryView {
  id: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  event: { id: string };
}

async function deliveries(webhookId: string): Promise<DeliveryView[]> {
  const { webhookDeliveries } = await admin.request<{ webhookDeliveries: { nodes: DeliveryView[] } }>(
    `query($id: ID!) { webhookDeliveries(filter: { webhookId: $id }, first: 100) {
      nodes { id status attempts lastStatus lastError deliveredAt event { id } } } }`,
    { id: webhookId },
  );
  return webhookDeliveries.nodes;
}

/** Waits until every delivery of the endpoint is in `status` (there are `count` of them). */
async function settled(webhookId: string, status: string, count = 1): Promise<DeliveryView[]> {
  for (let i = 0; i < 1000; i += 1) {
    const rows = await deliveries(webhookId);
    if (rows.length === count && rows.every((row) => row.status === status)) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the deliveries of webhook ${webhookId} did not all reach ${status}: ${JSON.stringify(await deliveries(webhookId))}`);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!condition()) throw new Error(`timed out waiting until ${what}`);
}

/** A promise with its resolve function, for answers a test holds back. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const idsOf = (received: Received[]) => received.map((request) => (JSON.parse(request.body) as { id: string }).id);

describe('the webhook delivery worker', () => {
  it('retries an endpoint that fails three times, then delivers the event signed, as the docs tell receivers to check', async () => {
    const receiver = await startReceiver((_request, index) => [500, 503, 429][index] ?? 204);
    const endpoint = await register(receiver.url, [EventType.DEAL_WON]);
    const eventId = await emit(EventType.DEAL_WON, { title: 'Поставка', amount: '1250000.50' });
    const running = worker();
    try {
      const [delivery] = await settled(endpoint.id, 'DELIVERED');
      expect(delivery).toMatchObject({ attempts: 4, lastStatus: 204, lastError: null, event: { id: String(eventId) } });
      expect(delivery.deliveredAt).not.toBeNull();
    } finally {
      await running.stop();
    }
    expect(receiver.received).toHaveLength(4);
    for (const request of receiver.received) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['webhook-id']).toBe(String(eventId));
      expect(request.headers['webhook-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
      expect(verified(endpoint.secret, request)).toBe(true);
      expect(verified('whsec_another', request)).toBe(false);
      expect(verified(endpoint.secret, { ...request, body: request.body.replace('1250000.50', '9250000.50') })).toBe(false);
      expect(verified(endpoint.secret, request, Date.now() / 1000 + 301)).toBe(false);
    }
    const body = JSON.parse(receiver.received[3].body) as Record<string, unknown>;
    expect(body).toEqual({
      id: String(eventId),
      type: 'DEAL_WON',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      actorMemberId: null,
      subjects: [{ kind: 'DEAL', id: '42' }],
      payload: { title: 'Поставка', amount: '1250000.50' },
    });
    await remove(endpoint.id);
    await receiver.close();
  });

  it('dead-letters a delivery after the last attempt; a replay sends it again and it is delivered', async () => {
    let healthy = false;
    const receiver = await startReceiver(() => (healthy ? 200 : 500));
    const endpoint = await register(receiver.url, [EventType.DEAL_LOST]);
    const closed = await startReceiver(() => 200);
    await closed.close();
    const unreachable = await register(closed.url, [EventType.DEAL_LOST]);
    await emit(EventType.DEAL_LOST);
    const running = worker({ maxAttempts: 3 });
    try {
      const [dead] = await settled(endpoint.id, 'DEAD');
      expect(dead).toMatchObject({ attempts: 3, lastStatus: 500, lastError: 'HTTP 500', deliveredAt: null });
      expect(receiver.received).toHaveLength(3);
      const [refused] = await settled(unreachable.id, 'DEAD');
      expect(refused).toMatchObject({ attempts: 3, lastStatus: null, lastError: 'request failed: ECONNREFUSED' });

      healthy = true;
      const { replayWebhookDelivery } = await admin.request<{ replayWebhookDelivery: DeliveryView }>(
        `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status attempts } }`,
        { id: dead.id },
      );
      expect(replayWebhookDelivery).toMatchObject({ status: 'PENDING', attempts: 0 });
      const [delivered] = await settled(endpoint.id, 'DELIVERED');
      expect(delivered).toMatchObject({ attempts: 1, lastStatus: 200, lastError: null });
      expect(new Set(idsOf(receiver.received))).toEqual(new Set([dead.event.id]));
    } finally {
      await running.stop();
    }
    await remove(endpoint.id);
    await remove(unreachable.id);
    await receiver.close();
  });

  it('stopped while an endpoint holds its requests: a new worker delivers every event, duplicates carry the same event id', async () => {
    let holding = true;
    const held = gate();
    const receiver = await startReceiver(async () => {
      if (holding) await held.opened;
      return 200;
    });
    const endpoint = await register(receiver.url, [EventType.FORECAST_SUBMITTED]);
    const events = await Promise.all([1, 2, 3, 4, 5].map((n) => emit(EventType.FORECAST_SUBMITTED, { n })));
    const first = worker({}, { batchSize: 10 });
    await until(() => receiver.received.length === 5, 'the endpoint holds five requests');
    await first.stop();
    const interrupted = await deliveries(endpoint.id);
    expect(interrupted.map((row) => [row.status, row.attempts])).toEqual(events.map(() => ['PENDING', 0]));

    holding = false;
    held.open();
    const second = worker();
    try {
      await settled(endpoint.id, 'DELIVERED', 5);
    } finally {
      await second.stop();
    }
    const received = idsOf(receiver.received);
    expect(new Set(received)).toEqual(new Set(events.map(String)));
    for (const request of receiver.received) expect(request.headers['webhook-id']).toBe((JSON.parse(request.body) as { id: string }).id);
    for (const id of new Set(received)) {
      const bodies = new Set(receiver.received.filter((request) => request.headers['webhook-id'] === id).map((request) => request.body));
      expect(bodies.size, `every copy of event ${id} is the same`).toBe(1);
    }
    await remove(endpoint.id);
    await receiver.close();
  });

  it('takes over the deliveries of a worker that died holding them once their lease expires; the dead worker’s late answer changes nothing', async () => {
    const seen = new Set<string>();
    const held = gate();
    const receiver = await startReceiver(async (request) => {
      const id = String(request.headers['webhook-id']);
      if (!seen.has(id)) {
        seen.add(id);
        await held.opened;
      }
      return 200;
    });
    const endpoint = await register(receiver.url, [EventType.ALLOCATION_APPLIED]);
    const events = await Promise.all([1, 2, 3].map((n) => emit(EventType.ALLOCATION_APPLIED, { n })));
    // The first worker hangs on its requests far beyond its lease, as a process that froze or died would.
    const hung = worker({ timeoutMs: 60_000 }, { leaseMs: 300 });
    await until(() => receiver.received.length === 3, 'the first worker sent its batch');
    const successor = worker();
    try {
      const rows = await settled(endpoint.id, 'DELIVERED', 3);
      expect(rows.map((row) => row.attempts)).toEqual([2, 2, 2]);
    } finally {
      await successor.stop();
    }
    held.open();
    await hung.stop();
    const rows = await deliveries(endpoint.id);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(events.map(() => ['DELIVERED', 2]));
    expect(idsOf(receiver.received).sort()).toEqual([...events, ...events].map(String).sort());
    await remove(endpoint.id);
    await receiver.close();
  });

  it('shares the queue between workers: each event is sent once', async () => {
    const receiver = await startReceiver(() => 200);
    const endpoint = await register(receiver.url, [EventType.RECOGNITION_GIVEN]);
    const events: number[] = [];
    for (let n = 0; n < 20; n += 1) events.push(await emit(EventType.RECOGNITION_GIVEN, { n }));
    const workers = [worker({}, { batchSize: 3 }), worker({}, { batchSize: 3 })];
    try {
      const rows = await settled(endpoint.id, 'DELIVERED', 20);
      expect(rows.every((row) => row.attempts === 1)).toBe(true);
    } finally {
      await Promise.all(workers.map((running) => running.stop()));
    }
    expect(idsOf(receiver.received).sort()).toEqual(events.map(String).sort());
    await remove(endpoint.id);
    await receiver.close();
  });
});
