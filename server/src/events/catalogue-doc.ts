import { EVENT_CATALOGUE, type EventType } from './event-type.js';

/**
 * docs/events.md, generated from the catalogue (event-type.ts): what each event means, its payload and
 * which widget kinds receive it. `node dist/scripts/events-doc.js` writes it; catalogue-doc.test.ts fails
 * when the committed file is stale.
 */
const INTRO = `# Events

<!-- Generated from server/src/events/event-type.ts by \`cd server && pnpm build && node dist/scripts/events-doc.js\`; do not edit by hand. -->

Every change worth telling someone about writes a **domain event** in the same transaction as the change
itself (an outbox table, \`domain_event\`): a change that is rolled back leaves no event, a committed change
always has one. The records an import writes emit no events of their own; the import emits
\`IMPORT_FINISHED\` when its job ends.

Each event has:

| Field | What it holds |
|---|---|
| \`id\` | Unique and increasing: receivers deduplicate by it (deliveries are at least once). |
| \`type\` | One of the types below. |
| \`occurredAt\` | When it happened (ISO time). |
| \`actorMemberId\` | The member who caused it; null for the system (reminders, service accounts). |
| \`subjects\` | The records it concerns, \`{ kind, id }\`, the main one first (\`DEAL\`, \`MEMBER\`, \`TEAM\`, …). |
| \`payload\` | Details of its type (below); amounts are decimal strings, dates ISO. |

**Who sees an event:** whoever may read the records it names — the members it concerns, the managers of
the teams it is credited to and of every team above them (as the teams stood when it happened), admins
and analysts. An embed token sees the events of its team subtree or member, and only the types its
widget kinds show (listed under each type).

**Three ways to receive them:** the \`events\` query (newest first, a Relay connection, filters by type,
team, member and time), webhooks ([webhooks.md](webhooks.md)) and GraphQL subscriptions
([subscriptions.md](subscriptions.md)). Reminders are events too ([reminders.md](reminders.md)).

## Catalogue
`;

const cell = (text: string) => text.replaceAll('|', '\\|');

export function renderEventsDoc(): string {
  const lines = [INTRO];
  for (const [type, entry] of Object.entries(EVENT_CATALOGUE) as [EventType, (typeof EVENT_CATALOGUE)[EventType]][]) {
    lines.push(`### \`${type}\``, '', entry.description, '');
    lines.push('| Payload field | What it holds |', '|---|---|');
    for (const [field, what] of Object.entries(entry.payload)) lines.push(`| \`${field}\` | ${cell(what)} |`);
    const widgets = entry.widgets.length > 0 ? entry.widgets.map((kind) => `\`${kind}\``).join(', ') : 'none (people and systems only)';
    lines.push('', `Embed tokens receiving it: ${widgets}.`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const README_BLOCK = /(<!-- events:start[^\n]*-->\n)[\s\S]*?(<!-- events:end -->)/;

/** The README's catalogue table (between its `events:start` and `events:end` markers): each type and its payload fields. */
export function renderReadmeCatalogue(readme: string): string {
  const rows = ['| Event | What happened | Payload |', '|---|---|---|'];
  for (const [type, entry] of Object.entries(EVENT_CATALOGUE))
    rows.push(
      `| \`${type}\` | ${cell(entry.description)} | ${Object.keys(entry.payload)
        .map((f) => `\`${f}\``)
        .join(', ')} |`,
    );
  return readme.replace(README_BLOCK, (_all, start: string, end: string) => `${start}${rows.join('\n')}\n${end}`);
}
