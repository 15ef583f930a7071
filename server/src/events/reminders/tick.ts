import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReminderConfig } from '../../config.js';
import { EventSubjectKind } from '../domain-event.entity.js';
import { EventType } from '../event-type.js';
import { type EventDraft, recordEvent } from '../record.js';
import {
  claimFollowUpReminders,
  claimStrategyReminders,
  type FollowUpReminder,
  type ReminderWindow,
  type StrategyReminder,
} from './queries.js';

/** The advisory lock a tick holds for its transaction: one process at a time sends reminders. */
export const REMINDER_LOCK = 42_061_202;

export type ReminderSettings = Pick<ReminderConfig, 'leadMinutes' | 'catchUpDays'>;

/** What one tick sent; null when another process was ticking. */
export interface TickResult {
  followUpsDue: number;
  followUpsOverdue: number;
  strategyReviewsDue: number;
}

const isoDate = (at: Date): string => at.toISOString().slice(0, 10);

export function reminderWindow(now: Date, settings: ReminderSettings): ReminderWindow {
  return {
    today: isoDate(now),
    dueUntil: isoDate(new Date(now.getTime() + settings.leadMinutes * 60_000)),
    since: isoDate(new Date(now.getTime() - settings.catchUpDays * 86_400_000)),
  };
}

/**
 * One tick, in one transaction and a fixed number of statements: takes the reminder lock (or does
 * nothing when another process holds it), claims the reminders due at `now` and records their events,
 * which commit with the claims or not at all.
 */
export function runReminderTick(em: EntityManager, settings: ReminderSettings, now: Date): Promise<TickResult | null> {
  return em.transactional(async (tx) => {
    const [{ locked }] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [REMINDER_LOCK]);
    if (!locked) return null;
    const window = reminderWindow(now, settings);
    const followUps = await claimFollowUpReminders(tx, window);
    const strategies = await claimStrategyReminders(tx, window);
    for (const followUp of followUps) recordFollowUpReminder(tx, followUp, now);
    for (const strategy of strategies) recordStrategyReminder(tx, strategy, now);
    return {
      followUpsDue: followUps.filter((followUp) => followUp.kind === EventType.FOLLOW_UP_DUE).length,
      followUpsOverdue: followUps.filter((followUp) => followUp.kind === EventType.FOLLOW_UP_OVERDUE).length,
      strategyReviewsDue: strategies.length,
    };
  });
}

/** Seen like the follow-up itself: by its assignee and the managers above the assignee's team. */
function recordFollowUpReminder(em: EntityManager, followUp: FollowUpReminder, now: Date): void {
  const subjects: EventDraft['subjects'] = [
    [EventSubjectKind.FOLLOW_UP, followUp.id],
    [EventSubjectKind.CUSTOMER, followUp.customer_id],
  ];
  if (followUp.deal_id !== null) subjects.push([EventSubjectKind.DEAL, followUp.deal_id]);
  recordEvent(em, {
    type: followUp.kind,
    actorMemberId: null,
    subjects,
    teamPaths: [followUp.team_path],
    memberIds: [followUp.assignee_id],
    payload: { dueAt: `${followUp.due_on}T00:00:00.000Z`, subject: followUp.title },
    occurredAt: now,
  });
}

/** Seen by its owner and, for a team's strategy, the managers of that team and above (who manage it). */
function recordStrategyReminder(em: EntityManager, strategy: StrategyReminder, now: Date): void {
  const subjects: EventDraft['subjects'] = [[EventSubjectKind.STRATEGY, strategy.id]];
  if (strategy.team_id !== null) subjects.push([EventSubjectKind.TEAM, strategy.team_id]);
  recordEvent(em, {
    type: EventType.STRATEGY_REVIEW_DUE,
    actorMemberId: null,
    subjects,
    teamPaths: strategy.team_path === null ? [] : [strategy.team_path],
    memberIds: [strategy.owner_id],
    payload: { reviewDate: strategy.due_on, name: strategy.name },
    occurredAt: now,
  });
}
