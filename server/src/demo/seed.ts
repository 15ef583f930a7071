import type { MikroORM } from '@mikro-orm/postgresql';
import { seedOrganisation } from '../org/demo.js';
import { seedGoals } from '../goals/demo.js';
import { seedCatalogue, seedStrategies } from '../strategy/demo.js';
import { seedCustomerActivity, seedCustomers } from '../customers/demo.js';
import { seedPipeline } from '../pipeline/demo.js';
import { seedSavedViews } from '../analytics/demo.js';
import { seedMotivation } from '../motivation/demo.js';
import type { DemoContext } from './context.js';
import { Random } from './random.js';

/** Builds the whole demo in one transaction, domain by domain. */
export async function seedDemo(orm: MikroORM, today = new Date()): Promise<void> {
  const context: DemoContext = { random: new Random(20261126), today };
  await orm.em.fork().transactional(async (em) => {
    context.org = await seedOrganisation(em, context);
    context.catalogue = await seedCatalogue(em);
    context.customers = await seedCustomers(em, context);
    context.pipeline = await seedPipeline(em, context);
    await seedCustomerActivity(em, context);
    await seedStrategies(em, context);
    context.goals = await seedGoals(em, context);
    await seedSavedViews(em, context);
    await seedMotivation(em, context);
  });
}

export async function isDatabaseEmpty(orm: MikroORM): Promise<boolean> {
  const [row] = await orm.em.getConnection().execute<{ empty: boolean }[]>('select not exists (select 1 from team) as empty');
  return row.empty;
}

/** Seeds the demo organisation when the database has no teams yet; returns whether it did. */
export async function seedDemoIfEmpty(orm: MikroORM): Promise<boolean> {
  if (!(await isDatabaseEmpty(orm))) return false;
  await seedDemo(orm);
  return true;
}
