import { registerEnumType } from 'type-graphql';
import { WidgetKind } from '../access/viewer.js';

/** What happened: the catalogue of domain events (docs/events.md lists each with its payload). */
export enum EventType {
  DEAL_CREATED = 'DEAL_CREATED',
  DEAL_MOVED = 'DEAL_MOVED',
  DEAL_WON = 'DEAL_WON',
  DEAL_LOST = 'DEAL_LOST',
  MILESTONE_REACHED = 'MILESTONE_REACHED',
  LEAD_QUALIFIED = 'LEAD_QUALIFIED',
  LEAD_HANDED_OFF = 'LEAD_HANDED_OFF',
  FOLLOW_UP_DUE = 'FOLLOW_UP_DUE',
  FOLLOW_UP_OVERDUE = 'FOLLOW_UP_OVERDUE',
  STRATEGY_REVIEW_DUE = 'STRATEGY_REVIEW_DUE',
  QUOTA_CHANGED = 'QUOTA_CHANGED',
  ALLOCATION_APPLIED = 'ALLOCATION_APPLIED',
  FORECAST_SUBMITTED = 'FORECAST_SUBMITTED',
  RECOGNITION_GIVEN = 'RECOGNITION_GIVEN',
  IMPORT_FINISHED = 'IMPORT_FINISHED',
}

/** One entry of the catalogue: what the event means, what its payload holds, which widgets show it. */
export interface EventDefinition {
  description: string;
  /** Payload fields, each with what it holds (docs/events.md). */
  payload: Record<string, string>;
  /** Widget kinds whose embed tokens receive it (within their scope). */
  widgets: readonly WidgetKind[];
}

const ATTAINMENT_WIDGETS = [
  WidgetKind.QUOTA_GAUGE,
  WidgetKind.TEAM_CARD,
  WidgetKind.LEADERBOARD,
  WidgetKind.FORECAST,
  WidgetKind.FUNNEL,
  WidgetKind.ACTIVITY_FEED,
  WidgetKind.METRIC_VIEW,
] as const;
// A saved metrics view reads deals and leads: it re-reads when they change.
const PIPELINE_WIDGETS = [WidgetKind.FUNNEL, WidgetKind.FORECAST, WidgetKind.METRIC_VIEW] as const;

export const EVENT_CATALOGUE: Record<EventType, EventDefinition> = {
  [EventType.DEAL_CREATED]: {
    description: 'A deal was opened (from a lead or directly).',
    payload: {
      title: 'Deal title',
      amount: 'Amount (decimal string)',
      stageId: 'Stage it entered (id)',
      leadId: 'Lead it was made from (id), or null',
    },
    widgets: PIPELINE_WIDGETS,
  },
  [EventType.DEAL_MOVED]: {
    description: 'An open deal moved to another open stage.',
    payload: { fromStageId: 'Stage it left (id)', toStageId: 'Stage it entered (id)', amount: 'Amount (decimal string)' },
    widgets: PIPELINE_WIDGETS,
  },
  [EventType.DEAL_WON]: {
    description: 'A deal was won: attainment, leaderboards and forecasts change.',
    payload: { title: 'Deal title', amount: 'Amount won (decimal string)', closeDate: 'Close date (ISO date)', reason: 'Why it was won' },
    widgets: ATTAINMENT_WIDGETS,
  },
  [EventType.DEAL_LOST]: {
    description: 'A deal was lost.',
    payload: { title: 'Deal title', amount: 'Amount (decimal string)', closeDate: 'Close date (ISO date)', reason: 'Why it was lost' },
    widgets: PIPELINE_WIDGETS,
  },
  [EventType.MILESTONE_REACHED]: {
    description: 'A member or team crossed a share of their quota (50 %, 100 %, …) in a period.',
    payload: {
      threshold: 'Percent of the quota crossed: 50, 90, 100 or 120 (a number)',
      periodId: 'Period of the quota (id)',
      metric: 'Quota metric: REVENUE',
    },
    widgets: [WidgetKind.QUOTA_GAUGE, WidgetKind.TEAM_CARD, WidgetKind.LEADERBOARD, WidgetKind.ACTIVITY_FEED],
  },
  [EventType.LEAD_QUALIFIED]: {
    description: 'A lead was qualified and may become a deal.',
    payload: { score: 'Qualification score: the total of the four criteria, 0 to 12 (a number)' },
    widgets: [WidgetKind.FUNNEL, WidgetKind.METRIC_VIEW],
  },
  [EventType.LEAD_HANDED_OFF]: {
    description: 'A lead was handed to another member or team (e.g. from marketing to a field team).',
    payload: {
      fromMemberId: 'Previous owner (id)',
      toMemberId: 'New owner (id)',
      fromTeamId: 'Team that handed it off (id)',
      toTeamId: 'Team it was handed to (id)',
      note: 'Hand-off note, or null',
    },
    widgets: [WidgetKind.FUNNEL],
  },
  [EventType.FOLLOW_UP_DUE]: {
    description: 'A follow-up comes due (reminder, sent once when its due time is near).',
    payload: { dueAt: 'When it is due (ISO time)', subject: 'What to do' },
    widgets: [],
  },
  [EventType.FOLLOW_UP_OVERDUE]: {
    description: 'A follow-up is past its due time and not done (reminder, sent once).',
    payload: { dueAt: 'When it was due (ISO time)', subject: 'What to do' },
    widgets: [],
  },
  [EventType.STRATEGY_REVIEW_DUE]: {
    description: "A strategy's review date has come (reminder, sent once per review date).",
    payload: { reviewDate: 'Review date (ISO date)', name: 'Strategy name' },
    widgets: [],
  },
  [EventType.QUOTA_CHANGED]: {
    description: "A member's or team's quota was set or changed.",
    payload: {
      periodId: 'Period (id)',
      metric: 'Quota metric',
      before: 'Previous target (decimal string; a whole number for count metrics), or null when the quota was created',
      after: 'New target (decimal string; a whole number for count metrics)',
      source: 'SET (setQuota) or ALLOCATION (allocateQuota)',
    },
    widgets: [WidgetKind.QUOTA_GAUGE, WidgetKind.TEAM_CARD, WidgetKind.LEADERBOARD, WidgetKind.FORECAST],
  },
  [EventType.ALLOCATION_APPLIED]: {
    description: "A team's quota was allocated to its members and child teams.",
    payload: {
      periodId: 'Period (id)',
      metric: 'Quota metric',
      total: "The team's quota shared out (decimal string; a whole number for count metrics)",
      weights: 'Weights of territoryPotential, marketSize and capability, as shares of 1 (decimal strings)',
    },
    widgets: [WidgetKind.QUOTA_GAUGE, WidgetKind.TEAM_CARD, WidgetKind.LEADERBOARD, WidgetKind.FORECAST],
  },
  [EventType.FORECAST_SUBMITTED]: {
    description: 'A member or manager submitted their forecast call for a period.',
    payload: { periodId: 'Period (id)', commit: 'Commit call (decimal string)', bestCase: 'Best-case call (decimal string)' },
    widgets: [WidgetKind.FORECAST],
  },
  [EventType.RECOGNITION_GIVEN]: {
    description: 'A member was recognised (a badge, a thank-you).',
    payload: { reason: 'The result recognised', reward: 'The reward that comes with it, or null', dealId: 'Deal it is for (id), or null' },
    widgets: [WidgetKind.TEAM_CARD, WidgetKind.ACTIVITY_FEED],
  },
  [EventType.IMPORT_FINISHED]: {
    description: 'An import job ended (applied, rejected, or failed); the records it wrote emit no events of their own.',
    payload: {
      status: 'Job status: SUCCEEDED or FAILED',
      applied: 'Whether rows were written (false for a dry run, a refused or a crashed job)',
      created: 'Records created (a number; when nothing was applied, those a real run would have created)',
      updated: 'Records updated (a number)',
      rejected: 'Rows rejected (a number)',
    },
    widgets: [],
  },
};

registerEnumType(EventType, {
  name: 'EventType',
  description: 'What a domain event says happened.',
  valuesConfig: Object.fromEntries(Object.entries(EVENT_CATALOGUE).map(([type, def]) => [type, { description: def.description }])),
});
