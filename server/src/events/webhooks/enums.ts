import { registerEnumType } from 'type-graphql';

/** Where a delivery of one event to one endpoint stands. */
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  IN_FLIGHT = 'IN_FLIGHT',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where the delivery of one event to one webhook endpoint stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its next attempt (`nextAttemptAt`).' },
    IN_FLIGHT: { description: 'A server process is sending it; if that process dies, it is sent again when its lease expires.' },
    DELIVERED: { description: 'The endpoint answered with a 2xx status.' },
    DEAD: { description: 'Every attempt failed (WEBHOOK_MAX_ATTEMPTS): no more attempts unless it is replayed.' },
  },
});
