import { registerEnumType } from 'type-graphql';

/** How an open deal counts in the forecast call (docs/forecast.md#categories). */
export enum ForecastCategory {
  COMMIT = 'COMMIT',
  BEST_CASE = 'BEST_CASE',
  PIPELINE = 'PIPELINE',
  OMITTED = 'OMITTED',
}
registerEnumType(ForecastCategory, {
  name: 'ForecastCategory',
  description: 'How an open deal counts in the forecast.',
  valuesConfig: {
    COMMIT: { description: 'The owner is confident it closes in the period (derived: stage probability ≥ 70).' },
    BEST_CASE: { description: 'It may close in the period with some luck (derived: stage probability 40–69.99).' },
    PIPELINE: { description: 'Early or unlikely in this period (derived: stage probability < 40).' },
    OMITTED: { description: 'Left out of the call altogether; only an override puts a deal here.' },
  },
});
