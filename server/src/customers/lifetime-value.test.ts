import { describe, expect, it } from 'vitest';
import { LifecycleStage } from './enums.js';
import { lifetimeValue, type WonHistory } from './lifetime-value.js';

const TODAY = '2026-12-01'; // in Q4 2026, the current (unfinished) quarter

/** Won 100 000 in Q1 2026, 50 000 in Q2, nothing in Q3, 30 000 in Q4 (the current quarter). */
const history: WonHistory = {
  customerId: 1,
  wonDeals: 3,
  revenue: '180000.00',
  completedRevenue: '150000.00',
  firstWonOn: '2026-02-10',
  lastWonOn: '2026-11-03',
  activeQuarters: 2,
};

describe('customer lifetime value over completed quarters', () => {
  it('averages the completed quarters only and keeps the current quarter in the revenue so far', () => {
    // T = Q1, Q2, Q3 = 3 (not 4: Q4 is not over); A = 2; m = 150 000 / 3 = 50 000; r = (2 − 1) / (3 − 1) = 0.5;
    // projection = 50 000 × (1/2 + … + 1/2¹²) = 50 000 × 4095/4096 = 49 987.79296875 → 49 987.79;
    // lifetime value = 180 000 + 49 987.79 = 229 987.79.
    expect(lifetimeValue(history, true, LifecycleStage.CUSTOMER, TODAY)).toMatchObject({
      revenueToDate: '180000.00',
      tenureQuarters: 3,
      activeQuarters: 2,
      averageRevenuePerQuarter: '50000.00',
      retentionRate: '0.5000',
      projectedValue: '49987.79',
      lifetimeValue: '229987.79',
    });
  });

  it('on the first day of a quarter, the quarter just ended counts in full', () => {
    // 1 January 2027: Q4 2026 is completed. With its 30 000: T = 4, A = 3, m = 180 000 / 4 = 45 000, r = 2/3;
    // projection = 45 000 × Σ (2/3)^k, k = 1…12 = 45 000 × 2 × (1 − (2/3)¹²) = 90 000 × (531441 − 4096) / 531441
    // = 90 000 × 527345 / 531441 = 89 306.3388… → 89 306.34; lifetime value = 269 306.34.
    const later = { ...history, completedRevenue: '180000.00', activeQuarters: 3 };
    expect(lifetimeValue(later, true, LifecycleStage.CUSTOMER, '2027-01-01')).toMatchObject({
      tenureQuarters: 4,
      activeQuarters: 3,
      averageRevenuePerQuarter: '45000.00',
      retentionRate: '0.6667',
      projectedValue: '89306.34',
      lifetimeValue: '269306.34',
    });
  });

  it('has no average and no projection while the first win lies in the current quarter', () => {
    const newcomer: WonHistory = {
      ...history,
      wonDeals: 1,
      revenue: '30000.00',
      completedRevenue: '0.00',
      firstWonOn: '2026-11-03',
      activeQuarters: 0,
    };
    for (const stage of [LifecycleStage.CUSTOMER, LifecycleStage.CHURNED]) {
      expect(lifetimeValue(newcomer, true, stage, TODAY)).toMatchObject({
        revenueToDate: '30000.00',
        tenureQuarters: 0,
        activeQuarters: 0,
        averageRevenuePerQuarter: null,
        retentionRate: null,
        projectedValue: null,
        lifetimeValue: '30000.00',
      });
    }
  });

  it('projects nothing for a churned customer once a quarter is completed, and no retention with one quarter', () => {
    const oneQuarter: WonHistory = {
      ...history,
      revenue: '70000.00',
      completedRevenue: '40000.00',
      firstWonOn: '2026-09-30',
      activeQuarters: 1,
    };
    // T = 1 (Q3): m = 40 000; r unknown for a customer, 0 once churned.
    expect(lifetimeValue(oneQuarter, true, LifecycleStage.CUSTOMER, TODAY)).toMatchObject({
      tenureQuarters: 1,
      averageRevenuePerQuarter: '40000.00',
      retentionRate: null,
      projectedValue: null,
      lifetimeValue: '70000.00',
    });
    expect(lifetimeValue(oneQuarter, true, LifecycleStage.CHURNED, TODAY)).toMatchObject({
      retentionRate: '0.0000',
      projectedValue: '0.00',
      lifetimeValue: '70000.00',
    });
  });
});
