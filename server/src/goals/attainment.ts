import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { formatMoney, toKopecks } from '../money.js';
import { divideRounded, formatFraction } from '../decimal.js';
import { isCountMetric, OwnerKind, QuotaMetric } from './enums.js';
import { BEST_CASE_MIN_PROBABILITY, COMMIT_MIN_PROBABILITY, metricHundredths, type PeriodMeasures } from './measures.js';
import type { Period } from './period.entity.js';
import { elapsedDays } from './period.service.js';

const UNITS =
  'REVENUE forecasts money; DEALS_WON forecasts numbers of deals (whole numbers without decimals, weighted and expected with two decimals).';

// Plain data types: their fields are read straight from the object, without resolver middleware.
@ObjectType({
  simpleResolvers: true,
  description:
    `Forecast (прогноз) for an owner and period: won deals plus the open pipeline expected to close in the period ` +
    `(open deals whose expected close date falls in the period), classified by their forecast category (Deal.forecastCategory): ` +
    `the owner's override, else the win probability of their stage. Each category counts only its own deals: commit ≥ ${COMMIT_MIN_PROBABILITY}%, ` +
    `best case ${BEST_CASE_MIN_PROBABILITY}–${COMMIT_MIN_PROBABILITY}%, pipeline < ${BEST_CASE_MIN_PROBABILITY}%; deals overridden to OMITTED are left out. ${UNITS}`,
})
export class Forecast {
  @Field(() => DecimalScalar, { description: 'Closed: the deals won in the period, amounts or number (equals Attainment.achieved).' })
  closed!: string;

  @Field(() => DecimalScalar, {
    description: `Commit: open deals in category COMMIT (by default stages with probability ≥ ${COMMIT_MIN_PROBABILITY}%), full amounts or their number.`,
  })
  commit!: string;

  @Field(() => DecimalScalar, {
    description: `Best case: open deals in category BEST_CASE (by default probability ≥ ${BEST_CASE_MIN_PROBABILITY}% and < ${COMMIT_MIN_PROBABILITY}%), full amounts or their number.`,
  })
  bestCase!: string;

  @Field(() => DecimalScalar, {
    description: `Pipeline: open deals in category PIPELINE (by default probability < ${BEST_CASE_MIN_PROBABILITY}%), full amounts or their number.`,
  })
  pipeline!: string;

  @Field(() => DecimalScalar, {
    description:
      'Weighted pipeline: Σ amount × stage probability / 100 over the open deals of the period not OMITTED (DEALS_WON: Σ probability / 100, ' +
      'the expected number won), rounded to two decimals once after summing.',
  })
  weighted!: string;

  @Field(() => DecimalScalar, { description: 'Expected result for the period: closed + weighted, two decimals.' })
  expected!: string;

  @Field(() => Int, {
    description: 'Number of open deals expected to close in the period (all three categories; OMITTED deals are not counted).',
  })
  openDeals!: number;

  @Field(() => DecimalScalar, {
    description:
      'Slipped: open deals whose expected close date is before the period start (overdue, neither won nor lost), full amounts or ' +
      'their number. Reported for the period that contains asOf only (the current period); 0 for past and future periods.',
  })
  slipped!: string;

  @Field(() => Int, { description: 'Number of slipped deals (see slipped); 0 unless asOf falls in the period.' })
  slippedDeals!: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Attainment (выполнение плана) of a member or team for a period in one quota metric: what the owner achieved (for a team, ' +
    "over its whole subtree) against the owner's own quota of that metric, with pace and, for deal metrics, a forecast.",
})
export class Attainment {
  /** Resolved to the Period: the one read with the measures, else through a loader. */
  periodId!: number;

  periodRecord?: Period;

  @Field(() => OwnerKind, { description: 'Whether this is the attainment of a member or of a team.' })
  ownerKind!: OwnerKind;

  @Field(() => ID, { description: 'Id of the member or team.' })
  ownerId!: string;

  @Field(() => QuotaMetric, { description: 'The metric measured: quota, achieved, remaining and pace are in its units.' })
  metric!: QuotaMetric;

  @Field(() => DateScalar, { description: 'The day pace is computed for (default today).' })
  asOf!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      "Target of the owner's quota of the metric for the period: money with two decimals for REVENUE, a whole number without decimals " +
      'for the count metrics ("12"); null without a quota.',
  })
  quota!: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Achieved in the period: REVENUE = amounts of the deals won with a close date in the period; DEALS_WON = number of those deals; ' +
      'NEW_CUSTOMERS = customers whose first won deal ever closed in the period (credited to that deal’s owner and team); ' +
      'ACTIVITIES = interactions that occurred in the period (UTC days) logged by the member or, for a team, by the members ' +
      'of its subtree. A team counts the deals credited to any team of its subtree. Counts without decimals.',
  })
  achieved!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'achieved / quota as a fraction with 4 decimals, rounded half up (e.g. "0.8734"); null without a quota or with a zero quota.',
  })
  ratio!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'quota − achieved, never below 0, in the units of quota; null without a quota.',
  })
  remaining!: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Share of the period elapsed as of asOf, 4 decimals: working days completed before asOf / working days in the period, in the WORKING_CALENDAR calendar (0 on the first day and before it, 1 once its last working day is over).',
  })
  elapsedShare!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Pace: where the owner should be by asOf on a straight line, quota × elapsedShare (exact, two decimals even for a count); null without a quota.',
  })
  pace!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'achieved / pace, 4 decimals; null without a quota or while pace is 0.' })
  paceRatio!: string | null;

  @Field(() => Int, { description: 'Number of deals won with a close date in the period (whatever the metric).' })
  wonDeals!: number;

  @Field(() => Int, { description: 'Number of deals lost with a close date in the period (whatever the metric).' })
  lostDeals!: number;

  @Field(() => Forecast, {
    nullable: true,
    description:
      'Won plus open pipeline expected to close in the period, by category: amounts for REVENUE, numbers of deals for DEALS_WON; ' +
      'null for NEW_CUSTOMERS and ACTIVITIES, which open deals do not forecast.',
  })
  forecast!: Forecast | null;
}

/** Hundredths as the API writes a value of the metric: money with two decimals, a count without. */
function valueText(metric: QuotaMetric, hundredths: bigint): string {
  return isCountMetric(metric) ? (hundredths / 100n).toString() : formatMoney(hundredths);
}

/** The forecast in the units of the metric (kopecks or deals × 100), or null for the metrics open deals do not forecast. */
function buildForecast(metric: QuotaMetric, m: PeriodMeasures, achieved: bigint, slippedNow: boolean): Forecast | null {
  if (metric !== QuotaMetric.REVENUE && metric !== QuotaMetric.DEALS_WON) return null;
  const money = metric === QuotaMetric.REVENUE;
  const units = (amount: string, deals: number) => (money ? toKopecks(amount) : BigInt(deals) * 100n);
  const weighted = toKopecks(money ? m.weighted : m.weightedDeals);
  return Object.assign(new Forecast(), {
    closed: valueText(metric, achieved),
    commit: valueText(metric, units(m.commit, m.commitDeals)),
    bestCase: valueText(metric, units(m.bestCase, m.bestCaseDeals)),
    pipeline: valueText(metric, units(m.pipeline, m.pipelineDeals)),
    weighted: formatMoney(weighted),
    expected: formatMoney(achieved + weighted),
    openDeals: m.openDeals,
    slipped: valueText(metric, slippedNow ? units(m.slipped, m.slippedDeals) : 0n),
    slippedDeals: slippedNow ? m.slippedDeals : 0,
  });
}

/**
 * Builds the attainment of the measures' metric from the SQL measures of the period (see measures.ts),
 * computing the rest exactly in hundredths (kopecks, or count × 100).
 */
export function buildAttainment(ownerKind: OwnerKind, ownerId: number, measures: PeriodMeasures, asOf: string): Attainment {
  const { metric } = measures;
  const quota = measures.quota === null ? null : toKopecks(measures.quota);
  const achieved = metricHundredths(metric, measures);
  const { elapsed, length } = elapsedDays(measures, asOf);
  const pace = quota === null ? null : divideRounded(quota * BigInt(elapsed), BigInt(length));
  const current = measures.startDate <= asOf && asOf <= measures.endDate;
  const attainment = new Attainment();
  Object.assign(attainment, {
    periodId: measures.periodId,
    periodRecord: measures.period,
    ownerKind,
    ownerId: String(ownerId),
    metric,
    asOf,
    quota: quota === null ? null : valueText(metric, quota),
    achieved: valueText(metric, achieved),
    ratio: quota ? formatFraction(achieved, quota, 4) : null,
    remaining: quota === null ? null : valueText(metric, quota > achieved ? quota - achieved : 0n),
    elapsedShare: formatFraction(BigInt(elapsed), BigInt(length), 4),
    pace: pace === null ? null : formatMoney(pace),
    paceRatio: pace ? formatFraction(achieved, pace, 4) : null,
    wonDeals: measures.wonDeals,
    lostDeals: measures.lostDeals,
    forecast: buildForecast(metric, measures, achieved, current),
  });
  return attainment;
}
