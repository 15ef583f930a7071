import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { EventType } from '../event-type.js';

/** The event types the reminder scheduler sends. */
export const REMINDER_KINDS = [EventType.FOLLOW_UP_DUE, EventType.FOLLOW_UP_OVERDUE, EventType.STRATEGY_REVIEW_DUE] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * A reminder that was sent: written in the transaction of its event, so that a reminder goes out once
 * whatever the number of server processes and restarts. The due date is part of the key: a follow-up
 * moved to another day, or a strategy's next review date, is reminded again. Not exposed in the graph.
 */
@Entity({ tableName: 'reminder_sent' })
export class ReminderSent {
  @Enum({ items: () => [...REMINDER_KINDS], type: 'string', primary: true })
  kind!: ReminderKind;

  /** The follow-up or strategy reminded of. */
  @PrimaryKey({ type: 'integer' })
  recordId!: number;

  /** The due date (follow-up) or review date (strategy) reminded of. */
  @PrimaryKey({ type: 'date' })
  dueOn!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  sentAt: Date = new Date();
}
