import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import { repeat } from '../repeat.js';
import { isoWeekMonday, takeSnapshot } from './snapshot.service.js';

/** How often the job looks whether this week's snapshot exists: cheap (one indexed read), and late by at most this. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * The weekly forecast snapshot (FORECAST_SNAPSHOTS): at start and every hour, each server process
 * takes this ISO week's snapshot unless it exists. Several processes may race: the snapshot's unique
 * week and the advisory lock in takeSnapshot leave exactly one snapshot per week, whoever wins.
 * Returns the function that stops it (waiting for a snapshot being taken).
 */
export function scheduleForecastSnapshots(orm: MikroORM, log: Logger): () => Promise<void> {
  return repeat(() => takeWeekly(orm, log), CHECK_EVERY_MS);
}

async function takeWeekly(orm: MikroORM, log: Logger): Promise<void> {
  const em = orm.em.fork();
  try {
    const week = isoWeekMonday(new Date());
    const [known] = await em.execute<{ id: number }[]>('select id from forecast_snapshot where week = ?', [week]);
    if (known) return;
    const snapshot = await em.transactional((tx) => takeSnapshot(tx, { refresh: false }));
    if (snapshot) log.info({ week, deals: snapshot.deals }, 'weekly forecast snapshot taken');
  } catch (error) {
    log.error({ err: error }, 'the weekly forecast snapshot failed; the next check tries again');
  }
}
