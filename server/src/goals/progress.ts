import { Field, ObjectType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { divideRounded, formatFraction } from '../decimal.js';
import { GoalMetric, isCountMetric, QuotaMetric } from './enums.js';
import { metricHundredths, type PeriodMeasures } from './measures.js';
import { elapsedDays } from './period.service.js';

@ObjectType({ description: 'Progress of a quantitative goal, measured from the same records as attainment of the same metric.' })
export class GoalProgress {
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Value of the metric in the period so far: REVENUE = amounts of deals won, DEALS_WON = deals won, WIN_RATE = won / (won + lost) × 100, ' +
      'NEW_CUSTOMERS = customers whose first won deal ever closed in the period, ACTIVITIES = interactions logged (as Attainment.achieved); ' +
      'null for WIN_RATE before any deal closed. ' +
      'Money and WIN_RATE have two decimals; counts are whole numbers without decimals ("3"), as are target and remaining.',
  })
  current!: string | null;

  @Field(() => DecimalScalar, { description: 'The target, written as Goal.target (a count without decimals).' })
  target!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'current / target, 4 decimals; null when current is null.' })
  ratio!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'target − current, never below 0; null when current is null.' })
  remaining!: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Share of the period elapsed as of asOf (4 decimals): working days completed before asOf / working days in the period, as for attainment.',
  })
  elapsedShare!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Where the owner should be by asOf on a straight line, target × elapsedShare, with two decimals even for a count (a pace is rarely whole); null for WIN_RATE (a rate does not accumulate).',
  })
  expected!: string | null;

  @Field(() => DateScalar, { description: 'The day progress is computed for.' })
  asOf!: string;

  @Field(() => String, { description: 'What `current` sums, in plain words.' })
  measuredFrom!: string;
}

const hundredthsText = (value: bigint) => formatFraction(value, 100n, 2);

/** The quota metric whose measures a goal metric reads: WIN_RATE is derived from the deals that REVENUE measures too. */
const MEASURED: Record<GoalMetric, QuotaMetric> = {
  [GoalMetric.REVENUE]: QuotaMetric.REVENUE,
  [GoalMetric.DEALS_WON]: QuotaMetric.DEALS_WON,
  [GoalMetric.NEW_CUSTOMERS]: QuotaMetric.NEW_CUSTOMERS,
  [GoalMetric.ACTIVITIES]: QuotaMetric.ACTIVITIES,
  [GoalMetric.WIN_RATE]: QuotaMetric.REVENUE,
};

export function measuredMetric(metric: GoalMetric): QuotaMetric {
  return MEASURED[metric];
}

/** Value of a goal metric in hundredths (kopecks, count × 100, percent × 100), or null for a win rate without closed deals. */
function currentHundredths(metric: GoalMetric, m: PeriodMeasures): bigint | null {
  if (metric !== GoalMetric.WIN_RATE) return metricHundredths(measuredMetric(metric), m);
  const closed = BigInt(m.wonDeals + m.lostDeals);
  return closed === 0n ? null : divideRounded(BigInt(m.wonDeals) * 10000n, closed);
}

const SOURCES: Record<GoalMetric, string> = {
  [GoalMetric.REVENUE]: 'amounts of deals won with a close date in the period',
  [GoalMetric.DEALS_WON]: 'deals won with a close date in the period',
  [GoalMetric.WIN_RATE]: 'deals won / deals won or lost with a close date in the period × 100',
  [GoalMetric.NEW_CUSTOMERS]: "customers whose first won deal ever closed in the period (counted for that deal's owner and team)",
  [GoalMetric.ACTIVITIES]:
    'interactions that occurred in the period (UTC days) logged by the member, or by the members of the team’s subtree',
};

export function buildProgress(metric: GoalMetric, targetHundredths: bigint, measures: PeriodMeasures, asOf: string): GoalProgress {
  const current = currentHundredths(metric, measures);
  const { elapsed, length } = elapsedDays(measures, asOf);
  // Counts are whole: written without decimals ("12"); the straight-line `expected` keeps two.
  const valueText = (hundredths: bigint) => (isCountMetric(metric) ? (hundredths / 100n).toString() : hundredthsText(hundredths));
  return Object.assign(new GoalProgress(), {
    current: current === null ? null : valueText(current),
    target: valueText(targetHundredths),
    ratio: current === null || targetHundredths === 0n ? null : formatFraction(current, targetHundredths, 4),
    remaining: current === null ? null : valueText(targetHundredths > current ? targetHundredths - current : 0n),
    elapsedShare: formatFraction(BigInt(elapsed), BigInt(length), 4),
    expected: metric === GoalMetric.WIN_RATE ? null : hundredthsText(divideRounded(targetHundredths * BigInt(elapsed), BigInt(length))),
    asOf,
    measuredFrom: SOURCES[metric],
  });
}
