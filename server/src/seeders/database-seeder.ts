import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import type { DemoContext } from './context.js';
import { CustomerActivitySeeder, CustomerSeeder } from './customers.js';
import { ForecastSeeder } from './forecast.js';
import { GoalSeeder } from './goals.js';
import { MotivationSeeder } from './motivation.js';
import { OrganisationSeeder } from './organisation.js';
import { PipelineSeeder } from './pipeline.js';
import { SavedViewSeeder } from './saved-views.js';
import { CatalogueSeeder, StrategySeeder } from './strategy.js';

/** In this order: each seeder reads what earlier ones left in the context, and all draw from one Random. */
const DEMO_SEEDERS = [
  OrganisationSeeder,
  CatalogueSeeder,
  CustomerSeeder,
  PipelineSeeder,
  CustomerActivitySeeder,
  StrategySeeder,
  GoalSeeder,
  SavedViewSeeder,
  MotivationSeeder,
  ForecastSeeder,
];

/** The whole demo, domain by domain, in the caller's EntityManager. */
export class DatabaseSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    // Not `this.call`, which hands each seeder a fork outside the caller's transaction.
    for (const DomainSeeder of DEMO_SEEDERS) await new DomainSeeder().run(em, context);
  }
}
