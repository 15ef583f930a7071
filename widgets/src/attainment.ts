import attainmentFields from '../../schema/operations/AttainmentFields.graphql?raw';
import { formatDecimal, formatMoney } from './format.js';
import type { Lang } from './i18n.js';

/** The attainment shape the widgets read (schema/operations/AttainmentFields.graphql). */
export interface Attainment {
  period: { id: string; name: string; startDate: string; endDate: string };
  quota: string | null;
  achieved: string;
  ratio: string | null;
  remaining: string | null;
  pace: string | null;
  paceRatio: string | null;
  wonDeals: number;
  /** Null for NEW_CUSTOMERS and ACTIVITIES (open deals do not forecast them). */
  forecast: { closed: string; commit: string; bestCase: string; pipeline: string; weighted: string; expected: string } | null;
}

/** What a quota counts: money (REVENUE) or a whole number of deals, customers or activities. */
export type QuotaMetric = 'REVENUE' | 'DEALS_WON' | 'NEW_CUSTOMERS' | 'ACTIVITIES';
const METRICS: readonly QuotaMetric[] = ['REVENUE', 'DEALS_WON', 'NEW_CUSTOMERS', 'ACTIVITIES'];

/** The `metric` attribute (any case); REVENUE when absent or unknown, as the API's default. */
export function quotaMetric(value: string | null | undefined): QuotaMetric {
  const upper = (value ?? '').trim().toUpperCase();
  return METRICS.find((m) => m === upper) ?? 'REVENUE';
}

/**
 * A value of an attainment in its metric's units: money in the currency for REVENUE, otherwise a number
 * without currency (whole for counts; a pace or forecast such as "2.50" keeps one decimal).
 */
export function formatMetricValue(value: string | null, metric: QuotaMetric, lang: Lang, currency: string, compact = false): string {
  if (value === null) return '—';
  return metric === 'REVENUE' ? formatMoney(value, lang, currency, compact) : formatDecimal(value, lang, 1);
}

/** An operation that spreads `...AttainmentFields`, with the fragment appended. */
export function withAttainmentFields(operation: string): string {
  return `${operation}\n${attainmentFields}`;
}

export type Tone = 'good' | 'warning' | 'bad';

/**
 * Colour of an attainment: `thresholds` are two fractions "low high" compared with achieved / pace
 * (basis "pace", the default: on track by today?) or achieved / quota (basis "quota").
 */
export function toneOf(
  attainment: Pick<Attainment, 'ratio' | 'paceRatio'>,
  thresholds: string | undefined,
  basis: string | undefined,
): Tone | undefined {
  const value = basis === 'quota' ? attainment.ratio : attainment.paceRatio;
  if (value === null || value === undefined) return undefined;
  const [low, high] = parseThresholds(thresholds);
  const number = Number(value);
  return number >= high ? 'good' : number >= low ? 'warning' : 'bad';
}

export function parseThresholds(value: string | undefined): [number, number] {
  const numbers = (value ?? '')
    .split(/[\s,;]+/)
    .map(Number)
    .filter((n) => Number.isFinite(n) && n >= 0);
  return numbers.length >= 2 ? [Math.min(numbers[0], numbers[1]), Math.max(numbers[0], numbers[1])] : [0.8, 1];
}
