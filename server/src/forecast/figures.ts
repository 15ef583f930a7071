import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../graphql/scalars.js';
import { normaliseMoney } from '../money.js';

@ObjectType({
  description:
    'System-calculated figures of an owner for a period. Open-deal amounts are full amounts; slipped = open deals whose expected close date is before the period start (counted in the period that contains the day asked, see docs).',
})
export class ForecastFigures {
  @Field(() => DecimalScalar, {
    description: 'Won in the period (close date in the period); a deal whose credit is split counts by its shares, as in attainment.',
  })
  closed!: string;

  @Field(() => DecimalScalar, { description: 'Open deals in category COMMIT expected to close in the period.' })
  commit!: string;

  @Field(() => DecimalScalar, { description: 'Open deals in category BEST_CASE expected to close in the period.' })
  bestCase!: string;

  @Field(() => DecimalScalar, { description: 'Open deals in category PIPELINE expected to close in the period.' })
  pipeline!: string;

  @Field(() => DecimalScalar, { description: 'Open deals in category OMITTED expected to close in the period.' })
  omitted!: string;

  @Field(() => DecimalScalar, {
    description:
      'Open deals expected to close before the period start (overdue); counted only when the day asked lies inside the period, else 0.00.',
  })
  slipped!: string;

  @Field(() => Int, { description: 'How many deals `slipped` sums.' })
  slippedDeals!: number;
}

/** The figure columns every query of this folder selects, with these names (money may be null: no deal). */
export interface FigureColumns {
  closed: string | null;
  commit: string | null;
  best_case: string | null;
  pipeline: string | null;
  omitted: string | null;
  slipped: string | null;
  slipped_deals: string | number | null;
}

/**
 * The aggregates of FigureColumns over rows that carry `amount`, `won`, `open_in` (open, expected in the
 * period), `category` and `slipped` (booleans computed per deal). `closed` is rounded to kopecks once,
 * after summing: the shares of split deals carry fractions of a kopeck.
 */
export const FIGURES_SQL = `round(sum(amount) filter (where won), 2) as closed,
  sum(amount) filter (where open_in and category = 'COMMIT') as commit,
  sum(amount) filter (where open_in and category = 'BEST_CASE') as best_case,
  sum(amount) filter (where open_in and category = 'PIPELINE') as pipeline,
  sum(amount) filter (where open_in and category = 'OMITTED') as omitted,
  sum(amount) filter (where slipped) as slipped,
  count(*) filter (where slipped) as slipped_deals`;

/** The sums of FigureColumns over groups of another aggregate (a subtree over its teams). */
export const SUM_FIGURES_SQL = ['closed', 'commit', 'best_case', 'pipeline', 'omitted', 'slipped', 'slipped_deals']
  .map((c) => `sum(${c}) as ${c}`)
  .join(', ');

export function toFigures(row: FigureColumns | undefined): ForecastFigures {
  return Object.assign(new ForecastFigures(), {
    closed: normaliseMoney(row?.closed),
    commit: normaliseMoney(row?.commit),
    bestCase: normaliseMoney(row?.best_case),
    pipeline: normaliseMoney(row?.pipeline),
    omitted: normaliseMoney(row?.omitted),
    slipped: normaliseMoney(row?.slipped),
    slippedDeals: Number(row?.slipped_deals ?? 0),
  });
}
