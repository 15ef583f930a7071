import type { DemoOrganisation } from '../org/demo.js';
import type { DemoGoals } from '../goals/demo.js';
import type { Random } from './random.js';

/** What demo seeders share: the random source, "today", and what earlier seeders created. */
export interface DemoContext {
  random: Random;
  today: Date;
  org?: DemoOrganisation;
  goals?: DemoGoals;
}
