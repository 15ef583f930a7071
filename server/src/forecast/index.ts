import { DealForecastResolver, ForecastCategoryOverrideResolver } from './deal-forecast.resolver.js';
import { ForecastResolver, ForecastSubmissionResolver } from './forecast.resolver.js';
import { ForecastSnapshot, ForecastSnapshotLine } from './snapshot.entity.js';
import { ForecastSubmission } from './submission.entity.js';

/** The forecast call: deal categories and overrides, submissions, roll-up, weekly snapshots, accuracy (docs/forecast.md). */
export const forecastEntities = [ForecastSubmission, ForecastSnapshot, ForecastSnapshotLine];
export const forecastResolvers = [
  ForecastResolver,
  ForecastSubmissionResolver,
  DealForecastResolver,
  ForecastCategoryOverrideResolver,
] as const;
