import { ADMIN_ONLY, type MatrixHelpers, type MatrixRow } from '../../testing/access-matrix.js';
import { newDeal, once } from '../../testing/matrix-records.js';

const CREATE = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }`;

/** A fresh endpoint for a row that changes or deletes it (the delivery worker is off in tests: nothing is sent). */
async function newWebhook(h: MatrixHelpers): Promise<string> {
  const created = await h.admin<{ createWebhook: { webhook: { id: string } } }>(CREATE, {
    i: { url: `https://hooks.example.ru/${h.unique('matrix')}`, eventTypes: ['DEAL_WON'] },
  });
  return created.createWebhook.webhook.id;
}

/** A delivery to replay: the endpoint that receives DEAL_CREATED gets one when a deal is created. */
async function newDelivery(h: MatrixHelpers): Promise<string> {
  const webhookId = await once(h, 'webhook:deals', async () => {
    const created = await h.admin<{ createWebhook: { webhook: { id: string } } }>(CREATE, {
      i: { url: 'https://hooks.example.ru/matrix-deals', eventTypes: ['DEAL_CREATED'] },
    });
    return created.createWebhook.webhook.id;
  });
  await newDeal(h, h.fixture.members.rB);
  const { webhookDeliveries } = await h.admin<{ webhookDeliveries: { nodes: { id: string }[] } }>(
    `query($id: ID!) { webhookDeliveries(filter: { webhookId: $id }, first: 1) { nodes { id } } }`,
    { id: webhookId },
  );
  return webhookDeliveries.nodes[0].id;
}

/** Authorization matrix rows of webhooks: organisation settings, admins only. */
export const rows: MatrixRow[] = [
  {
    operation: 'createWebhook',
    target: 'none',
    document: CREATE,
    variables: (_t, h) => ({ i: { url: `https://hooks.example.ru/${h.unique('matrix')}`, eventTypes: ['DEAL_WON'] } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateWebhook',
    target: 'none',
    document: `mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id active } }`,
    variables: async (_t, h) => ({ id: await once(h, 'webhook:update', () => newWebhook(h)) }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'rotateWebhookSecret',
    target: 'none',
    document: `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`,
    variables: async (_t, h) => ({ id: await once(h, 'webhook:rotate', () => newWebhook(h)) }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'deleteWebhook',
    target: 'none',
    document: `mutation($id: ID!) { deleteWebhook(id: $id) }`,
    variables: async (_t, h) => ({ id: await newWebhook(h) }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'webhook',
    target: 'none',
    document: `query($id: ID!) { webhook(id: $id) { id url secretHint } }`,
    variables: async (_t, h) => ({ id: await once(h, 'webhook:read', () => newWebhook(h)) }),
    allowed: ADMIN_ONLY,
  },
  { operation: 'webhooks', target: 'none', document: `{ webhooks(first: 5) { nodes { id url } } }`, allowed: ADMIN_ONLY },
  {
    operation: 'webhookDeliveries',
    target: 'none',
    document: `{ webhookDeliveries(first: 5) { nodes { id status } } }`,
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'replayWebhookDelivery',
    target: 'none',
    document: `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status } }`,
    variables: async (_t, h) => ({ id: await newDelivery(h) }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'replayWebhookEvents',
    target: 'none',
    document: `mutation($id: ID!) { replayWebhookEvents(webhookId: $id, since: "2030-01-01T00:00:00Z") }`,
    variables: async (_t, h) => ({ id: await once(h, 'webhook:replay', () => newWebhook(h)) }),
    allowed: ADMIN_ONLY,
  },
];
