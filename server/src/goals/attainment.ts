import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { formatMoney, toKopecks } from '../money.js';
import { divideRounded, formatFraction } from '../decimal.js';
import { OwnerKind } from './enums.js';
import { BEST_CASE_MIN_PROBABILITY, COMMIT_MIN_PROBABILITY, type PeriodMeasures } from './measures.js';
import type { Period } from './period.entity.js';
import { elapsedDays } from './period.service.js';

// Plain data types: their fields are read straight from the object, without resolver middleware.
@ObjectType({
  simpleResolvers: true,
  description:
    `Forecast (прогноз) of revenue for an owner and period: won deals plus the open pipeline expected to close in the period ` +
    `(open deals whose expected close date falls in the period), classified by the win probability of their stage. ` +
    `Each category sums only its own deals: commit ≥ ${COMMIT_MIN_PROBABILITY}%, best case ${BEST_CASE_MIN_PROBABILITY}–${COMMIT_MIN_PROBABILITY}%, pipeline < ${BEST_CASE_MIN_PROBABILITY}%.`,
})
export class Forecast {
  @Field(() => DecimalScalar, { description: 'Closed: amounts of the deals won in the period (equals Attainment.achieved).' })
  closed!: string;

  @Field(() => DecimalScalar, {
    description: `Commit: full amounts of open deals in stages with probability ≥ ${COMMIT_MIN_PROBABILITY}%.`,
  })
  commit!: string;

  @Field(() => DecimalScalar, {
    description: `Best case: full amounts of open deals in stages with probability ≥ ${BEST_CASE_MIN_PROBABILITY}% and < ${COMMIT_MIN_PROBABILITY}%.`,
  })
  bestCase!: string;

  @Field(() => DecimalScalar, {
    description: `Pipeline: full amounts of open deals in stages with probability < ${BEST_CASE_MIN_PROBABILITY}%.`,
  })
  pipeline!: string;

  @Field(() => DecimalScalar, {
    description:
      'Weighted pipeline: Σ amount × stage probability / 100 over all open deals of the period, rounded to kopecks once after summing.',
  })
  weighted!: string;

  @Field(() => DecimalScalar, { description: 'Expected revenue for the period: closed + weighted.' })
  expected!: string;

  @Field(() => Int, { description: 'Number of open deals expected to close in the period (all three categories).' })
  openDeals!: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Attainment (выполнение плана) of a member or team for a period: achieved revenue (deals won with a close date in the period; ' +
    "for a team, deals credited to any team of its subtree) against the owner's REVENUE quota, with pace and forecast.",
})
export class Attainment {
  /** Resolved to the Period: the one read with the measures, else through a loader. */
  periodId!: number;

  periodRecord?: Period;

  @Field(() => OwnerKind, { description: 'Whether this is the attainment of a member or of a team.' })
  ownerKind!: OwnerKind;

  @Field(() => ID, { description: 'Id of the member or team.' })
  ownerId!: string;

  @Field(() => DateScalar, { description: 'The day pace is computed for (default today).' })
  asOf!: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Target of the owner's REVENUE quota for the period; null without a quota." })
  quota!: string | null;

  @Field(() => DecimalScalar, { description: 'Sum of the amounts of deals won with a close date in the period.' })
  achieved!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'achieved / quota as a fraction with 4 decimals, rounded half up (e.g. "0.8734"); null without a quota or with a zero quota.',
  })
  ratio!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'quota − achieved, never below 0.00; null without a quota.' })
  remaining!: string | null;

  @Field(() => DecimalScalar, {
    description:
      'Share of the period elapsed as of asOf, 4 decimals: days from the start to asOf inclusive / days in the period (0 before, 1 after).',
  })
  elapsedShare!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Pace: where the owner should be by asOf on a straight line, quota × elapsedShare (exact, rounded to kopecks); null without a quota.',
  })
  pace!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'achieved / pace, 4 decimals; null without a quota or while pace is 0.' })
  paceRatio!: string | null;

  @Field(() => Int, { description: 'Number of deals won with a close date in the period.' })
  wonDeals!: number;

  @Field(() => Int, { description: 'Number of deals lost with a close date in the period.' })
  lostDeals!: number;

  @Field(() => Forecast, { description: 'Won plus open pipeline expected to close in the period, by category.' })
  forecast!: Forecast;
}

/** Builds the attainment from the SQL measures of the period (see measures.ts), computing the rest exactly in kopecks. */
export function buildAttainment(ownerKind: OwnerKind, ownerId: number, measures: PeriodMeasures, asOf: string): Attainment {
  const quota = measures.quota === null ? null : toKopecks(measures.quota);
  const achieved = toKopecks(measures.wonAmount);
  const { elapsed, length } = elapsedDays(measures, asOf);
  const pace = quota === null ? null : divideRounded(quota * BigInt(elapsed), BigInt(length));
  const weighted = toKopecks(measures.weighted);
  const attainment = new Attainment();
  Object.assign(attainment, {
    periodId: measures.periodId,
    periodRecord: measures.period,
    ownerKind,
    ownerId: String(ownerId),
    asOf,
    quota: quota === null ? null : formatMoney(quota),
    achieved: formatMoney(achieved),
    ratio: quota ? formatFraction(achieved, quota, 4) : null,
    remaining: quota === null ? null : formatMoney(quota > achieved ? quota - achieved : 0n),
    elapsedShare: formatFraction(BigInt(elapsed), BigInt(length), 4),
    pace: pace === null ? null : formatMoney(pace),
    paceRatio: pace ? formatFraction(achieved, pace, 4) : null,
    wonDeals: measures.wonDeals,
    lostDeals: measures.lostDeals,
    forecast: Object.assign(new Forecast(), {
      closed: formatMoney(achieved),
      commit: formatMoney(toKopecks(measures.commit)),
      bestCase: formatMoney(toKopecks(measures.bestCase)),
      pipeline: formatMoney(toKopecks(measures.pipeline)),
      weighted: formatMoney(weighted),
      expected: formatMoney(achieved + weighted),
      openDeals: measures.openDeals,
    }),
  });
  return attainment;
}
