import { registerEnumType } from 'type-graphql';

export enum Kpi {
  ATTAINMENT = 'ATTAINMENT',
  DEALS_WON = 'DEALS_WON',
  WIN_RATE = 'WIN_RATE',
  ACTIVITIES_PER_WEEK = 'ACTIVITIES_PER_WEEK',
}
registerEnumType(Kpi, {
  name: 'Kpi',
  description: 'A key performance indicator a member is expected to meet (ключевой показатель).',
  valuesConfig: {
    ATTAINMENT: { description: "Revenue attainment of the member's REVENUE quota, in percent (100 = quota met)." },
    DEALS_WON: { description: 'Deals won in the period; the expectation is per month (3 × for a quarter, 12 × for a year).' },
    WIN_RATE: { description: 'Deals won as a percentage (0–100) of the deals closed, won or lost, in the period.' },
    ACTIVITIES_PER_WEEK: { description: 'Customer interactions (calls, e-mails, meetings, notes) per week elapsed in the period.' },
  },
});

export enum KpiStatus {
  MET = 'MET',
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  MISSED = 'MISSED',
  NO_DATA = 'NO_DATA',
}
registerEnumType(KpiStatus, {
  name: 'KpiStatus',
  description: 'Where a member stands against one expectation.',
  valuesConfig: {
    MET: { description: 'The expected value is reached.' },
    ON_TRACK: { description: 'Not reached yet, the period is still running and the member is within the pace tolerance.' },
    AT_RISK: { description: 'Not reached yet, the period is still running and the member is behind the pace tolerance.' },
    MISSED: { description: 'The period is over and the expected value was not reached.' },
    NO_DATA: { description: 'Nothing to measure yet (no quota, or no deal closed for a win rate).' },
  },
});

export enum PerformanceFlag {
  BEHIND_PACE = 'BEHIND_PACE',
  KPI_AT_RISK = 'KPI_AT_RISK',
  KPI_MISSED = 'KPI_MISSED',
  NO_QUOTA = 'NO_QUOTA',
}
registerEnumType(PerformanceFlag, {
  name: 'PerformanceFlag',
  description: 'Why a member needs attention in a period.',
  valuesConfig: {
    BEHIND_PACE: { description: 'Revenue achieved is below the pace tolerance × pace (see Performance.behindPace).' },
    KPI_AT_RISK: { description: 'At least one KPI is AT_RISK.' },
    KPI_MISSED: { description: 'At least one KPI is MISSED.' },
    NO_QUOTA: { description: 'The member has no REVENUE quota for the period.' },
  },
});

export enum FeedbackKind {
  PRAISE = 'PRAISE',
  IMPROVEMENT = 'IMPROVEMENT',
  NOTE = 'NOTE',
}
registerEnumType(FeedbackKind, {
  name: 'FeedbackKind',
  description: 'What a piece of feedback is (обратная связь).',
  valuesConfig: {
    PRAISE: { description: 'Something done well (похвала).' },
    IMPROVEMENT: { description: 'An area to improve (зона развития); development plans can address it.' },
    NOTE: { description: 'A neutral note from a one-to-one.' },
  },
});

export enum LeaderboardMetric {
  ATTAINMENT = 'ATTAINMENT',
  REVENUE = 'REVENUE',
  DEALS_WON = 'DEALS_WON',
  ACTIVITIES = 'ACTIVITIES',
}
registerEnumType(LeaderboardMetric, {
  name: 'LeaderboardMetric',
  description: 'What a leaderboard ranks members by.',
  valuesConfig: {
    ATTAINMENT: { description: "Revenue achieved / the member's REVENUE quota for the period; members without a quota are not ranked." },
    REVENUE: { description: 'Amounts of the deals won with a close date in the period.' },
    DEALS_WON: { description: 'Number of deals won with a close date in the period.' },
    ACTIVITIES: { description: 'Number of customer interactions the member had in the period.' },
  },
});

export enum TrainingStatus {
  PLANNED = 'PLANNED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(TrainingStatus, {
  name: 'TrainingStatus',
  description: 'Whether a training is still ahead or done.',
  valuesConfig: {
    PLANNED: { description: 'Planned (запланировано).' },
    COMPLETED: { description: 'Completed (пройдено).' },
  },
});

export enum PlanStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
}
registerEnumType(PlanStatus, {
  name: 'PlanStatus',
  description: 'Whether a development plan is being worked on or done.',
  valuesConfig: {
    ACTIVE: { description: 'Being worked on.' },
    COMPLETED: { description: 'Done.' },
  },
});
