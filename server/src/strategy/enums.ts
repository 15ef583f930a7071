import { registerEnumType } from 'type-graphql';

export enum StrategyStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(StrategyStatus, {
  name: 'StrategyStatus',
  description: 'Whether a sales strategy is being prepared, followed or retired.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared.' },
    ACTIVE: { description: 'Being followed and reviewed.' },
    ARCHIVED: { description: 'Retired; kept with its reviews.' },
  },
});

export enum KpiDirection {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}
registerEnumType(KpiDirection, {
  name: 'KpiDirection',
  description: 'Which way a KPI improves: decides whether a reviewed value meets its target.',
  valuesConfig: {
    HIGHER_IS_BETTER: { description: 'Met when the value is at or above the target (revenue, win rate, …).' },
    LOWER_IS_BETTER: { description: 'Met when the value is at or below the target (cycle time, churn, …).' },
  },
});
