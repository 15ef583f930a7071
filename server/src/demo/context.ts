import type { DemoOrganisation } from '../org/demo.js';
import type { DemoGoals } from '../goals/demo.js';
import type { Random } from './random.js';
import type { DemoCatalogue } from '../strategy/demo.js';
import type { DemoCustomers } from '../customers/demo.js';
import type { DemoPipeline } from '../pipeline/demo.js';

/** What demo seeders share: the random source, "today", and what earlier seeders created. */
export interface DemoContext {
  random: Random;
  today: Date;
  org?: DemoOrganisation;
  goals?: DemoGoals;
  catalogue?: DemoCatalogue;
  customers?: DemoCustomers;
  pipeline?: DemoPipeline;
}
