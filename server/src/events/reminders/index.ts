import { ReminderSent } from './reminder-sent.entity.js';

/** Reminders as events (docs/reminders.md): follow-ups coming due or overdue, strategy reviews due. */
export const reminderEntities = [ReminderSent];
export { scheduleReminders } from './scheduler.js';
export { runReminderTick, type ReminderSettings, type TickResult } from './tick.js';
