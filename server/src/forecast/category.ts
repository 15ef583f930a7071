import { BEST_CASE_MIN_PROBABILITY, COMMIT_MIN_PROBABILITY, forecastCategorySql } from '../goals/measures.js';
import { DealStatus } from '../pipeline/enums.js';
import { ForecastCategory } from './enums.js';

/**
 * A deal's forecast category: none once won or lost; else its override, or the one its stage's
 * probability gives (the same thresholds as the attainment forecast, goals/measures.ts).
 */
export function derivedCategory(probability: string | number): ForecastCategory {
  const value = Number(probability);
  if (value >= COMMIT_MIN_PROBABILITY) return ForecastCategory.COMMIT;
  return value >= BEST_CASE_MIN_PROBABILITY ? ForecastCategory.BEST_CASE : ForecastCategory.PIPELINE;
}

export function forecastCategoryOf(
  deal: { status: DealStatus; forecastCategoryOverride: ForecastCategory | null },
  probability: string | number,
): ForecastCategory | null {
  if (deal.status !== DealStatus.OPEN) return null;
  return deal.forecastCategoryOverride ?? derivedCategory(probability);
}

/** The same in SQL, for a deal aliased `d` and its stage `s` (roll-up, snapshots). */
export const CATEGORY_SQL = forecastCategorySql('d.forecast_category_override', 's.probability');
