import type { MikroORM } from '@mikro-orm/postgresql';
import { DatabaseSeeder } from './database-seeder.js';
import { Random } from './random.js';

/** Builds the whole demo in one transaction; the fixed seed makes it the same on every machine. */
export async function seedDemo(orm: MikroORM, today = new Date()): Promise<void> {
  await orm.em.fork().transactional((em) => new DatabaseSeeder().run(em, { random: new Random(20261126), today }));
}

export async function isDatabaseEmpty(orm: MikroORM): Promise<boolean> {
  const [row] = await orm.em.getConnection().execute<{ empty: boolean }[]>('select not exists (select 1 from team) as empty');
  return row.empty;
}

/** Seeds the demo organisation when the database has no teams yet; returns whether it did. */
export async function seedDemoIfEmpty(orm: MikroORM): Promise<boolean> {
  if (!(await isDatabaseEmpty(orm))) return false;
  await seedDemo(orm);
  // The planner's statistics of the freshly loaded tables: the embedded database has no autovacuum.
  await orm.em.fork().execute('analyze');
  return true;
}
