import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookDeliveryResolver, WebhookResolver } from './webhook.resolver.js';
import { Webhook } from './webhook.entity.js';

/** Webhooks: endpoints and their deliveries (docs/webhooks.md); the queue is filled by a trigger, sent by worker.ts. */
export const webhookEntities = [Webhook, WebhookDelivery];
export const webhookResolvers = [WebhookResolver, WebhookDeliveryResolver] as const;
export { startWebhookWorker, type WebhookWorker } from './worker.js';
