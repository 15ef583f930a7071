import { css, html, type TemplateResult } from 'lit';
import activityFeedQuery from '../../schema/operations/activity-feed.graphql?raw';
import { runQuery } from './client.js';
import { define } from './define.js';
import { formatMoney, formatPercent, formatTime } from './format.js';
import { messages, type Lang } from './i18n.js';
import type { LiveFilter } from './live.js';
import { SalesElement, type Settings } from './sales-element.js';

const DEFAULT_TYPES = ['DEAL_WON', 'MILESTONE_REACHED', 'RECOGNITION_GIVEN'];
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

interface Subject {
  kind: string;
  id: string;
}

interface FeedEvent {
  id: string;
  type: string;
  occurredAt: string;
  actorMemberId: string | null;
  subjects: Subject[];
  payload: Record<string, unknown>;
}

interface FeedResponse {
  events: { nodes: FeedEvent[] };
  members?: { nodes: { id: string; fullName: string }[] };
  teams?: { nodes: { id: string; name: string }[] };
}

interface Feed {
  events: FeedEvent[];
}

/** The member or team an event is about: the first one among its subjects. */
const whoOf = (event: FeedEvent): Subject | undefined => event.subjects.find((s) => s.kind === 'MEMBER' || s.kind === 'TEAM');
const nameKey = (subject: Subject) => `${subject.kind}:${subject.id}`;

/**
 * A milestone's threshold as a share of quota: the catalogue says a share ("1.0000" for 100 %), but
 * percentages (100) are read too; no milestone is set at ten times the quota.
 */
const shareOf = (threshold: number | string) => (Number(threshold) > 10 ? Number(threshold) / 100 : Number(threshold));

const quoted = (value: string, lang: Lang) => (lang === 'ru' ? `«${value}»` : `“${value}”`);

const TONES: Record<string, string> = { DEAL_WON: 'good', DEAL_LOST: 'bad', MILESTONE_REACHED: 'accent', RECOGNITION_GIVEN: 'accent' };

/**
 * `<sales-activity-feed team-id="3" types="DEAL_WON MILESTONE_REACHED" limit="10">`: the latest events
 * of a team and the teams below it, newest first, as they happen — wins, milestones and recognitions
 * unless `types` names others (spaces or commas between them). Each line says what happened, who it
 * concerns, the deal's title and amount, the share of quota crossed or the recognition's words, and when.
 *
 * @csspart card - the widget's box; also `as-of`, `live`, `stale`, `skeleton`, `empty`, `error`, `retry` as every widget
 * @csspart title - the heading
 * @csspart events - the list
 * @csspart event - one line (a button)
 * @csspart event-type - what happened, as a badge (inside `event-text`)
 * @csspart event-who - the member or team it concerns
 * @csspart event-text - the details
 * @csspart event-time - when it happened
 * @cssprop --sales-accent - milestone and recognition badges
 * @cssprop --sales-good - won deals' badge
 * @cssprop --sales-bad - lost deals' badge
 * @fires sales-event-click - a line was chosen; detail `{ id, type, subjects }`
 * @fires sales-data-loaded - the events were read; detail `{ data }`
 * @fires sales-error - they could not be; detail `{ kind, message, code }`
 */
export class SalesActivityFeed extends SalesElement<Feed> {
  static override properties = {
    ...SalesElement.properties,
    teamId: { type: String, attribute: 'team-id' },
    types: { type: String },
    limit: { type: Number },
  };

  static override styles = [
    ...SalesElement.styles,
    css`
      ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; }
      .event { display: grid; grid-template-columns: 1fr auto; gap: 4px 10px; align-items: baseline; width: 100%;
        border: 0; background: transparent; padding: 6px 4px; border-radius: 6px; text-align: left; cursor: pointer; }
      .event:hover { background: var(--_track); }
      .badge { display: inline-block; font-size: 0.8em; font-weight: 600; padding: 0 6px; border-radius: 4px;
        border: 1px solid currentColor; white-space: nowrap; }
      .badge.good { color: var(--_good); }
      .badge.bad { color: var(--_bad); }
      .badge.accent { color: var(--_accent); }
      .badge.plain { color: var(--_muted); }
      .text { min-width: 0; overflow-wrap: anywhere; }
      time { font-size: 0.85em; color: var(--_muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
    `,
  ];

  declare teamId?: string;
  declare types?: string;
  declare limit?: number;

  /** Names of the team's members and teams, read once per team ("MEMBER:12" → name). */
  private names = new Map<string, string>();
  private namesOf?: string;
  /** Subjects whose names a read with names did not bring (outside the first hundred): not asked again. */
  private unnamed = new Set<string>();

  /** The event types named by `types`, else wins, milestones and recognitions. */
  private get chosenTypes(): string[] {
    const named = (this.types ?? '')
      .toUpperCase()
      .split(/[\s,]+/)
      .filter((type) => /^[A-Z_]+$/.test(type));
    return named.length ? named : DEFAULT_TYPES;
  }

  protected label(settings: Settings): string {
    const title = messages(settings.lang).activityFeed.title;
    const team = this.names.get(`TEAM:${this.teamId}`);
    return team ? `${title}: ${team}` : title;
  }

  protected override emptyText(settings: Settings): string {
    const text = messages(settings.lang);
    return this.teamId ? text.activityFeed.noEvents : text.configureTeam;
  }

  protected override liveFilter(): LiveFilter | null {
    return this.teamId ? { types: this.chosenTypes, teamId: this.teamId } : null;
  }

  protected async fetchData(settings: Settings): Promise<Feed | null> {
    if (!this.teamId) return null;
    if (this.namesOf !== this.teamId) {
      this.names = new Map();
      this.unnamed = new Set();
      this.namesOf = this.teamId;
    }
    let events = await this.read(settings, this.names.size === 0);
    const strangers = events.map(whoOf).filter((s): s is Subject => s !== undefined && !this.names.has(nameKey(s)));
    if (strangers.some((s) => !this.unnamed.has(nameKey(s)))) {
      events = await this.read(settings, true);
      for (const subject of strangers) if (!this.names.has(nameKey(subject))) this.unnamed.add(nameKey(subject));
    }
    return events.length ? { events } : null;
  }

  private async read(settings: Settings, withNames: boolean): Promise<FeedEvent[]> {
    const first = Math.min(Math.max(1, Math.trunc(this.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const { events, members, teams } = await runQuery<FeedResponse>(settings, activityFeedQuery, {
      filter: { types: this.chosenTypes, teamId: this.teamId },
      first,
      teamId: this.teamId,
      withNames,
    });
    for (const member of members?.nodes ?? []) this.names.set(`MEMBER:${member.id}`, member.fullName);
    for (const team of teams?.nodes ?? []) this.names.set(`TEAM:${team.id}`, team.name);
    return events.nodes;
  }

  private choose(event: FeedEvent): void {
    const detail = { id: event.id, type: event.type, subjects: event.subjects };
    this.dispatchEvent(new CustomEvent('sales-event-click', { detail, bubbles: true, composed: true }));
  }

  /** The payload's details worth a line: a deal's title and amount, the share of quota crossed, what was said. */
  private details(event: FeedEvent, settings: Settings): string[] {
    const { lang, currency } = settings;
    const { title, amount, threshold, message } = event.payload;
    const details: string[] = [];
    if (typeof title === 'string' && title) details.push(quoted(title, lang));
    if (typeof amount === 'string' && amount) details.push(formatMoney(amount, lang, currency));
    if (typeof threshold === 'number' || typeof threshold === 'string') {
      details.push(messages(lang).activityFeed.ofQuota(formatPercent(String(shareOf(threshold)), lang)));
    }
    if (typeof message === 'string' && message) details.push(quoted(message, lang));
    return details;
  }

  protected renderData(feed: Feed, settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    return html`<h2 part="title">${text.activityFeed.title}</h2>
      <ol part="events">
        ${feed.events.map((event) => this.renderEvent(event, settings))}
      </ol>`;
  }

  private renderEvent(event: FeedEvent, settings: Settings): TemplateResult {
    const text = messages(settings.lang);
    const who = whoOf(event);
    const name = who && (this.names.get(nameKey(who)) ?? (who.kind === 'TEAM' ? text.team : text.activityFeed.someone));
    const details = this.details(event, settings);
    const at = new Date(event.occurredAt);
    return html`<li data-event=${event.id} data-type=${event.type}>
      <button class="event" part="event" @click=${() => this.choose(event)}>
        <span class="text" part="event-text">
          <span class="badge ${TONES[event.type] ?? 'plain'}" part="event-type">${text.activityFeed.type[event.type] ?? event.type}</span>
          ${name ? html`<strong part="event-who">${name}</strong>` : ''}${name && details.length ? ' — ' : ''}${details.join(' · ')}
        </span>
        <time part="event-time" datetime=${event.occurredAt}>${formatTime(at, settings.lang)}</time>
      </button>
    </li>`;
  }
}

define('sales-activity-feed', SalesActivityFeed);
