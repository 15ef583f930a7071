/** Rules of live event subscriptions (the `events` subscription at /graphql/stream); part of ../../rules.ts. */
export const LIVE_RULES = {
  'live-since': 'A live subscription starts now: its filter takes no `since` (read earlier events with the `events` query).',
  'live-stream-endpoint': 'A subscription was sent to /graphql: subscriptions are served at /graphql/stream (docs/subscriptions.md).',
} as const;
