import { registerEnumType } from 'type-graphql';

export enum PeriodKind {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(PeriodKind, {
  name: 'PeriodKind',
  description: 'How long a planning period (период) is.',
  valuesConfig: {
    MONTH: { description: 'A month (месяц): 28 to 35 days.' },
    QUARTER: { description: 'A quarter (квартал): 84 to 98 days.' },
    YEAR: { description: 'A year (год): 364 to 371 days.' },
  },
});

export enum QuotaMetric {
  REVENUE = 'REVENUE',
  DEALS_WON = 'DEALS_WON',
  NEW_CUSTOMERS = 'NEW_CUSTOMERS',
  ACTIVITIES = 'ACTIVITIES',
}
registerEnumType(QuotaMetric, {
  name: 'QuotaMetric',
  description: 'What a quota counts. REVENUE is money; the others are whole numbers.',
  valuesConfig: {
    REVENUE: { description: 'Amounts of deals won in the period, in the organisation currency (выручка).' },
    DEALS_WON: { description: 'Number of deals won in the period (выигранные сделки).' },
    NEW_CUSTOMERS: { description: 'Number of customers whose first won deal ever closed in the period (новые клиенты).' },
    ACTIVITIES: {
      description: 'Number of customer interactions (calls, e-mails, meetings, notes) that occurred in the period, UTC days (активности).',
    },
  },
});

export enum GoalKind {
  QUANTITATIVE = 'QUANTITATIVE',
  QUALITATIVE = 'QUALITATIVE',
}
registerEnumType(GoalKind, {
  name: 'GoalKind',
  description: 'Whether a goal is measured by a number or judged against acceptance criteria.',
  valuesConfig: {
    QUANTITATIVE: { description: 'A metric with a target for the period (количественная цель).' },
    QUALITATIVE: { description: 'A statement with acceptance criteria saying how it will be judged (качественная цель).' },
  },
});

export enum GoalMetric {
  REVENUE = 'REVENUE',
  DEALS_WON = 'DEALS_WON',
  NEW_CUSTOMERS = 'NEW_CUSTOMERS',
  ACTIVITIES = 'ACTIVITIES',
  WIN_RATE = 'WIN_RATE',
}
registerEnumType(GoalMetric, {
  name: 'GoalMetric',
  description: 'What a quantitative goal measures.',
  valuesConfig: {
    REVENUE: { description: 'Amounts of deals won in the period, in the organisation currency.' },
    DEALS_WON: { description: 'Number of deals won in the period.' },
    NEW_CUSTOMERS: { description: 'Number of customers whose first won deal ever closed in the period.' },
    ACTIVITIES: { description: 'Number of customer interactions that occurred in the period (UTC days).' },
    WIN_RATE: { description: 'Deals won as a percentage (0–100) of the deals closed, won or lost, in the period.' },
  },
});

export enum SmartCriterion {
  SPECIFIC = 'SPECIFIC',
  MEASURABLE = 'MEASURABLE',
  ACHIEVABLE = 'ACHIEVABLE',
  RELEVANT = 'RELEVANT',
  TIME_BOUND = 'TIME_BOUND',
}
registerEnumType(SmartCriterion, {
  name: 'SmartCriterion',
  description: 'The five SMART criteria every goal is checked against.',
  valuesConfig: {
    SPECIFIC: { description: 'One owner and a clear statement of at least three words.' },
    MEASURABLE: { description: 'Quantitative: a metric and a positive target; qualitative: acceptance criteria.' },
    ACHIEVABLE: {
      description:
        "The target is at most 1.5 times the owner's best past period of the same kind (WIN_RATE: at most 20 points above the best rate of a period with 3 or more closed deals); flagged, never refused.",
    },
    RELEVANT: { description: 'Serves one of the organisation objectives.' },
    TIME_BOUND: { description: 'Has an existing period.' },
  },
});

export enum OwnerKind {
  MEMBER = 'MEMBER',
  TEAM = 'TEAM',
}
registerEnumType(OwnerKind, {
  name: 'OwnerKind',
  description: 'Whether a quota, goal or attainment belongs to a member or to a team.',
  valuesConfig: {
    MEMBER: { description: 'A member (сотрудник).' },
    TEAM: { description: 'A team (команда); its results roll up its whole subtree.' },
  },
});

export enum QuotaChangeSource {
  SET = 'SET',
  ALLOCATION = 'ALLOCATION',
  IMPORT = 'IMPORT',
}
registerEnumType(QuotaChangeSource, {
  name: 'QuotaChangeSource',
  description: 'What changed a quota.',
  valuesConfig: {
    SET: { description: 'setQuota.' },
    ALLOCATION: { description: 'allocateQuota: the quota was written as part of a team allocation.' },
    IMPORT: { description: 'An import job created or changed the quota; the note names the source system.' },
  },
});

/**
 * Count metrics (DEALS_WON, NEW_CUSTOMERS, ACTIVITIES) are whole numbers: the API writes their targets,
 * values and remainders without decimals ("12"), like every other count; money (REVENUE) and the
 * WIN_RATE percentage keep two decimals ("1250000.00", "35.00").
 */
export function isCountMetric(metric: QuotaMetric | GoalMetric): boolean {
  return metric !== QuotaMetric.REVENUE && metric !== GoalMetric.WIN_RATE;
}
