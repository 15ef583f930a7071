import { Field, Int, ObjectType } from 'type-graphql';
import { Attainment } from '../goals/attainment.js';
import { formatFraction, parseScaled } from '../decimal.js';
import type { PeriodMeasures } from '../goals/measures.js';
import { calendarDaysElapsed, elapsedDays } from '../goals/period.service.js';
import { DecimalScalar } from '../graphql/scalars.js';
import { formatMoney, toKopecks } from '../money.js';
import { Kpi, KpiStatus, PerformanceFlag } from './enums.js';

/**
 * Pace tolerance: a member is behind pace when what they achieved is below 90 % of where a straight
 * line to the target puts them today; the same tolerance separates ON_TRACK from AT_RISK KPIs.
 */
export const PACE_TOLERANCE_PERCENT = 90;
/** How many months the attainment trend covers by default, and at most. */
export const TREND_MONTHS = 6;
export const MAX_TREND_MONTHS = 24;

/** KPIs that accumulate over the period (compared with the pro-rata share of the target); the others are rates. */
const CUMULATIVE: ReadonlySet<Kpi> = new Set([Kpi.ATTAINMENT, Kpi.DEALS_WON]);

@ObjectType({ description: 'One KPI of a member in a period against what their role is expected to reach.' })
export class KpiResult {
  @Field(() => Kpi, { description: 'The KPI.' })
  kpi!: Kpi;

  @Field(() => DecimalScalar, {
    description:
      'Expected value for the whole period, 2 decimals: Expectation.target, times the months of the period for DEALS_WON (a monthly rate, so not always whole).',
  })
  expected!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Actual value so far: a whole number without decimals for DEALS_WON ("3"), 2 decimals for the percentages and rates; null when there is nothing to measure (see KpiStatus.NO_DATA).',
  })
  actual!: string | null;

  @Field(() => KpiStatus, { description: 'MET, ON_TRACK, AT_RISK, MISSED or NO_DATA.' })
  status!: KpiStatus;
}

@ObjectType({ description: 'Attainment of a member in one month of the trend.' })
export class TrendPoint {
  /** Resolved to the Period through a loader. */
  periodId!: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'REVENUE quota of the month; null without one.' })
  quota!: string | null;

  @Field(() => DecimalScalar, { description: 'Revenue achieved in the month.' })
  achieved!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'achieved / quota, 4 decimals; null without a (positive) quota.' })
  ratio!: string | null;
}

@ObjectType({
  description:
    `Performance (результативность) of a member in a period: attainment, KPIs against the expectations of their role, ` +
    `the monthly attainment trend and flags. Behind pace: achieved < ${PACE_TOLERANCE_PERCENT} % of pace.`,
})
export class Performance {
  memberId!: number;
  periodId!: number;

  @Field(() => Attainment, { description: 'Attainment and forecast in the period.' })
  attainment!: Attainment;

  @Field(() => [KpiResult], { description: "One result per KPI the member's role has an expectation for, in KPI order." })
  kpis!: KpiResult[];

  @Field(() => Boolean, {
    description: `True when the member has a REVENUE quota and achieved < ${PACE_TOLERANCE_PERCENT} % of pace as of asOf.`,
  })
  behindPace!: boolean;

  @Field(() => [PerformanceFlag], { description: 'Why the member needs attention; empty when all is well.' })
  flags!: PerformanceFlag[];

  @Field(() => [TrendPoint], {
    description: 'Attainment in each month up to the one the period ends in, oldest first (one point per existing month period).',
  })
  trend!: TrendPoint[];

  @Field(() => Int, { description: 'Customer interactions of the member in the period up to asOf.' })
  activities!: number;
}

export interface KpiFacts {
  measures: PeriodMeasures;
  asOf: string;
  activities: number;
}

/** The actual value of a KPI (2 decimals), or null when there is nothing to measure. */
export function actualOf(kpi: Kpi, { measures, asOf, activities }: KpiFacts): string | null {
  switch (kpi) {
    case Kpi.ATTAINMENT: {
      const quota = measures.quota === null ? 0n : toKopecks(measures.quota);
      return quota > 0n ? formatFraction(toKopecks(measures.wonAmount) * 100n, quota, 2) : null;
    }
    case Kpi.DEALS_WON:
      return String(measures.wonDeals); // a count: no decimals
    case Kpi.WIN_RATE: {
      const closed = measures.wonDeals + measures.lostDeals;
      return closed > 0 ? formatFraction(BigInt(measures.wonDeals) * 100n, BigInt(closed), 2) : null;
    }
    case Kpi.ACTIVITIES_PER_WEEK: {
      const { elapsed } = calendarDaysElapsed(measures, asOf);
      return elapsed > 0 ? formatFraction(BigInt(activities) * 7n, BigInt(elapsed), 2) : null;
    }
  }
}

/**
 * MET once the actual reaches the expected value; after the period, MISSED otherwise. While it runs, a
 * cumulative KPI is compared with the expected value × the share of the period elapsed, a rate with the
 * expected value itself: ON_TRACK within the pace tolerance, AT_RISK below it.
 */
export function kpiStatus(kpi: Kpi, expected: string, actual: string | null, elapsed: number, length: number): KpiStatus {
  if (actual === null) return KpiStatus.NO_DATA;
  const a = parseScaled(actual, 'actual', 2);
  const e = parseScaled(expected, 'expected', 2);
  if (a >= e) return KpiStatus.MET;
  if (elapsed >= length) return KpiStatus.MISSED;
  const [num, den] = CUMULATIVE.has(kpi) ? [BigInt(elapsed), BigInt(length)] : [1n, 1n];
  return a * den * 100n >= e * num * BigInt(PACE_TOLERANCE_PERCENT) ? KpiStatus.ON_TRACK : KpiStatus.AT_RISK;
}

/** Months in a period of `length` days (1 for a month, 3 for a quarter, 12 for a year). */
const monthsIn = (length: number) => BigInt(Math.max(1, Math.round((length * 12) / 365)));

/** DEALS_WON expectations are per month, so that one expectation serves months, quarters and years. */
function expectedFor(kpi: Kpi, target: string, length: number): string {
  return kpi === Kpi.DEALS_WON ? formatFraction(parseScaled(target, 'target', 2) * monthsIn(length), 100n, 2) : target;
}

export function evaluateKpis(expectations: { kpi: Kpi; target: string }[], facts: KpiFacts): KpiResult[] {
  // Pace in working days; the months a period spans in calendar days.
  const { elapsed, length } = elapsedDays(facts.measures, facts.asOf);
  const calendarLength = calendarDaysElapsed(facts.measures, facts.asOf).length;
  const order = Object.values(Kpi);
  const sorted = [...expectations].sort((a, b) => order.indexOf(a.kpi) - order.indexOf(b.kpi));
  return sorted.map(({ kpi, target }) => {
    const actual = actualOf(kpi, facts);
    const expected = expectedFor(kpi, target, calendarLength);
    return Object.assign(new KpiResult(), { kpi, expected, actual, status: kpiStatus(kpi, expected, actual, elapsed, length) });
  });
}

/** Behind pace: a quota, a positive pace, and achieved below the tolerance share of it. */
export function isBehindPace(attainment: Attainment): boolean {
  if (attainment.pace === null) return false;
  const pace = toKopecks(attainment.pace);
  return pace > 0n && toKopecks(attainment.achieved) * 100n < pace * BigInt(PACE_TOLERANCE_PERCENT);
}

export function flagsOf(attainment: Attainment, kpis: KpiResult[], behindPace: boolean): PerformanceFlag[] {
  const flags: PerformanceFlag[] = [];
  if (attainment.quota === null) flags.push(PerformanceFlag.NO_QUOTA);
  if (behindPace) flags.push(PerformanceFlag.BEHIND_PACE);
  if (kpis.some((k) => k.status === KpiStatus.AT_RISK)) flags.push(PerformanceFlag.KPI_AT_RISK);
  if (kpis.some((k) => k.status === KpiStatus.MISSED)) flags.push(PerformanceFlag.KPI_MISSED);
  return flags;
}

export function trendPoint(measures: PeriodMeasures): TrendPoint {
  const quota = measures.quota === null ? null : toKopecks(measures.quota);
  const achieved = toKopecks(measures.wonAmount);
  return Object.assign(new TrendPoint(), {
    periodId: measures.periodId,
    quota: quota === null ? null : formatMoney(quota),
    achieved: formatMoney(achieved),
    ratio: quota ? formatFraction(achieved, quota, 4) : null,
  });
}
