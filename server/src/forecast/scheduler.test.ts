import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { scheduleForecastSnapshots } from './scheduler.js';
import { DomainError } from '../errors.js';
import { SNAPSHOT_LOCK, isoWeekMonday, takeSnapshot } from './snapshot.service.js';

let db: TestOrm;
beforeAll(async () => {
  db = await openTestOrm();
});
afterAll(() => db?.close());

describe('the weekly forecast snapshot job', () => {
  it('is off in tests unless asked, on elsewhere by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).forecastSnapshots).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', FORECAST_SNAPSHOTS: 'true' }).forecastSnapshots).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).forecastSnapshots).toBe(true);
  });

  it('takes one snapshot for the week however many processes start it, and none again', async () => {
    const log = createLogger('silent');
    const stops = [scheduleForecastSnapshots(db.orm, log), scheduleForecastSnapshots(db.orm, log)];
    await Promise.all(stops.map((stop) => stop()));
    const again = scheduleForecastSnapshots(db.orm, log);
    await again();
    const rows = await db.em().getConnection().execute<{ week: string }[]>('select week::text as week from forecast_snapshot');
    expect(rows).toEqual([{ week: isoWeekMonday(new Date()) }]);
  });

  it('puts an ISO week on its Monday', () => {
    expect(isoWeekMonday(new Date('2026-12-01T10:00:00Z'))).toBe('2026-11-30');
    expect(isoWeekMonday(new Date('2026-12-06T23:59:59Z'))).toBe('2026-11-30');
    expect(isoWeekMonday(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
    expect(isoWeekMonday(new Date('2027-01-03T12:00:00Z'))).toBe('2026-12-28');
  });

  // Two sessions are needed: the embedded database serves one connection, so this runs on PostgreSQL only.
  it.skipIf(!process.env.DATABASE_URL)('skips (job) or refuses (admin) while another session writes the snapshot', async () => {
    await db.em().getConnection().execute('delete from forecast_snapshot');
    await db.em().transactional(async (holder) => {
      await holder.execute('select pg_advisory_xact_lock(?)', [SNAPSHOT_LOCK]);
      expect(await db.em().transactional((tx) => takeSnapshot(tx, { refresh: false }))).toBeNull();
      const refused = await db
        .em()
        .transactional((tx) => takeSnapshot(tx, { refresh: true }))
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).details.rule).toBe('snapshot-in-progress');
    });
    expect(await db.em().getConnection().execute('select id from forecast_snapshot')).toEqual([]);
  });
});
