import type { DemoOrganisation } from './organisation.js';
import type { DemoGoals } from './goals.js';
import type { Random } from './random.js';
import type { DemoCatalogue } from './strategy.js';
import type { DemoCustomers } from './customers.js';
import type { DemoPipeline } from './pipeline.js';

/**
 * What demo seeders share: the random source, "today", and what earlier seeders created (a type, not an
 * interface, because MikroORM's Seeder wants a dictionary).
 */
export type DemoContext = {
  random: Random;
  today: Date;
  org?: DemoOrganisation;
  goals?: DemoGoals;
  catalogue?: DemoCatalogue;
  customers?: DemoCustomers;
  pipeline?: DemoPipeline;
};
