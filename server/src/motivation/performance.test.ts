import { describe, expect, it } from 'vitest';
import { Kpi, KpiStatus } from './enums.js';
import { kpiStatus } from './performance.js';

describe('KPI status', () => {
  it('is MET once reached, MISSED after the period, NO_DATA without a value', () => {
    expect(kpiStatus(Kpi.ATTAINMENT, '100.00', '100.00', 10, 30)).toBe(KpiStatus.MET);
    expect(kpiStatus(Kpi.ATTAINMENT, '100.00', '99.99', 30, 30)).toBe(KpiStatus.MISSED);
    expect(kpiStatus(Kpi.WIN_RATE, '50.00', null, 10, 30)).toBe(KpiStatus.NO_DATA);
  });

  it('compares a cumulative KPI with the pro-rata target within the 90 % tolerance', () => {
    // 15 of 30 days: pro-rata 50 %, tolerance 45 %.
    expect(kpiStatus(Kpi.ATTAINMENT, '100.00', '45.00', 15, 30)).toBe(KpiStatus.ON_TRACK);
    expect(kpiStatus(Kpi.ATTAINMENT, '100.00', '44.99', 15, 30)).toBe(KpiStatus.AT_RISK);
    expect(kpiStatus(Kpi.DEALS_WON, '4.00', '2.00', 15, 30)).toBe(KpiStatus.ON_TRACK);
  });

  it('compares a rate with the whole expected value within the tolerance', () => {
    expect(kpiStatus(Kpi.ACTIVITIES_PER_WEEK, '10.00', '9.00', 3, 30)).toBe(KpiStatus.ON_TRACK);
    expect(kpiStatus(Kpi.ACTIVITIES_PER_WEEK, '10.00', '8.99', 3, 30)).toBe(KpiStatus.AT_RISK);
  });
});
