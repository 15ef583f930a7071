import attainmentFields from '../../schema/operations/AttainmentFields.graphql?raw';

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
  forecast: { closed: string; commit: string; bestCase: string; pipeline: string; weighted: string; expected: string };
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
