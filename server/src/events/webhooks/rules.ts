/** Rules of webhook endpoints (createWebhook, updateWebhook, replays); part of ../../rules.ts. */
export const WEBHOOK_RULES = {
  'webhook-url': 'A webhook URL is not an absolute http or https URL with a host.',
  'webhook-url-credentials': 'A webhook URL carries a user name or password: endpoints authenticate requests by their signature.',
  'webhook-event-types': 'A webhook subscribes to no event type: give at least one.',
} as const;
