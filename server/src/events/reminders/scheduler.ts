import type { MikroORM } from '@mikro-orm/postgresql';
import type { ReminderConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { repeat } from '../../repeat.js';
import { runReminderTick } from './tick.js';

/**
 * Reminders (REMINDERS): each server process ticks at start and every REMINDER_TICK_SECONDS; a tick
 * sends reminders only while it holds the reminder lock, and reminder_sent keeps what was sent, so each
 * reminder goes out once per deployment whatever the number of processes. A tick never overlaps the
 * previous one of the same process. Returns the function that
 * stops it, waiting for a tick under way.
 */
export function scheduleReminders(orm: MikroORM, config: ReminderConfig, log: Logger): () => Promise<void> {
  return repeat(() => sendDue(orm, config, log, new Date()), config.tickSeconds * 1000);
}

async function sendDue(orm: MikroORM, config: ReminderConfig, log: Logger, now: Date): Promise<void> {
  try {
    const sent = await runReminderTick(orm.em.fork(), config, now);
    if (sent && sent.followUpsDue + sent.followUpsOverdue + sent.strategyReviewsDue > 0) log.info(sent, 'reminders sent');
  } catch (error) {
    log.error({ err: error }, 'sending reminders failed; the next tick tries again');
  }
}
