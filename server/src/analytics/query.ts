import { badInput } from '../errors.js';
import { PeriodKind } from '../goals/enums.js';
import { DATE_YEARS, isDateInRange, isIsoDate } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { TeamKind } from '../org/enums.js';
import {
  DealDateBasis,
  DIMENSIONS,
  LIMITS,
  MEASURES,
  MetricDimension,
  MetricMeasure,
  SOURCE_DIMENSIONS,
  SOURCE_NAMES,
  SortDirection,
  TIME_DIMENSIONS,
} from './catalogue.js';

export interface MetricsFilterValues {
  teamIds?: number[];
  memberIds?: number[];
  regionIds?: number[];
  teamKinds?: TeamKind[];
  channelIds?: number[];
  productIds?: number[];
  stageIds?: number[];
  industries?: string[];
  from?: string;
  to?: string;
  dateBasis: DealDateBasis;
  quotaPeriodKind: PeriodKind;
}

export interface MetricsSort {
  key: MetricMeasure | MetricDimension;
  direction: SortDirection;
}

/** A metrics query whose every part was checked against the catalogue: the SQL builder trusts it. */
export interface MetricsQuery {
  measures: MetricMeasure[];
  dimensions: MetricDimension[];
  filter: MetricsFilterValues;
  sort: MetricsSort[];
  limit: number;
}

/** Filters and the dimension each one restricts (the same sense rules apply). */
export const FILTER_DIMENSIONS = {
  teamIds: MetricDimension.TEAM,
  memberIds: MetricDimension.MEMBER,
  regionIds: MetricDimension.REGION,
  teamKinds: MetricDimension.TEAM_KIND,
  channelIds: MetricDimension.CHANNEL,
  productIds: MetricDimension.PRODUCT,
  stageIds: MetricDimension.STAGE,
  industries: MetricDimension.INDUSTRY,
} as const;
type ListFilter = keyof typeof FILTER_DIMENSIONS;

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badInput(field, 'list', 'must be a list');
  return value;
}

function enumValue<T extends string>(values: Record<string, T>, value: unknown, field: string): T {
  if (typeof value !== 'string' || !Object.hasOwn(values, value)) {
    throw badInput(field, 'enum', `"${String(value)}" is not one of ${Object.keys(values).join(', ')}`);
  }
  return values[value];
}

function distinct<T>(values: T[], field: string): T[] {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) throw badInput(field, 'distinct', `${String(value)} is listed twice`);
    seen.add(value);
  }
  return values;
}

function filterList(raw: Raw, key: ListFilter): unknown[] | undefined {
  const values = list(raw[key], `filter.${key}`);
  if (values.length > LIMITS.maxFilterValues) throw badInput(`filter.${key}`, 'max-values', `at most ${LIMITS.maxFilterValues} values`);
  return values.length ? values : undefined;
}

function parseFilter(raw: unknown): MetricsFilterValues {
  if (raw !== undefined && raw !== null && !isObject(raw)) throw badInput('filter', 'object', 'must be an object');
  const f = (raw ?? {}) as Raw;
  const ids = (key: ListFilter) => filterList(f, key)?.map((v, i) => parseId(v as string, `filter.${key}[${i}]`));
  const date = (key: 'from' | 'to') => {
    const value = f[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !isIsoDate(value))
      throw badInput(`filter.${key}`, 'date', `"${String(value)}" is not a date such as 2026-01-31`);
    if (!isDateInRange(value))
      throw badInput(`filter.${key}`, 'date-range', `"${value}" is outside the years ${DATE_YEARS.first} to ${DATE_YEARS.last}`);
    return value;
  };
  const industries = filterList(f, 'industries')?.map((v, i) => {
    if (typeof v !== 'string' || v.length === 0 || v.length > 120)
      throw badInput(`filter.industries[${i}]`, 'text', 'must be an industry name of 1 to 120 characters');
    return v;
  });
  const filter: MetricsFilterValues = {
    teamIds: ids('teamIds'),
    memberIds: ids('memberIds'),
    regionIds: ids('regionIds'),
    teamKinds: filterList(f, 'teamKinds')?.map((v, i) => enumValue(TeamKind, v, `filter.teamKinds[${i}]`)),
    channelIds: ids('channelIds'),
    productIds: ids('productIds'),
    stageIds: ids('stageIds'),
    industries,
    from: date('from'),
    to: date('to'),
    dateBasis: f.dateBasis == null ? DealDateBasis.CLOSE : enumValue(DealDateBasis, f.dateBasis, 'filter.dateBasis'),
    quotaPeriodKind: f.quotaPeriodKind == null ? PeriodKind.QUARTER : enumValue(PeriodKind, f.quotaPeriodKind, 'filter.quotaPeriodKind'),
  };
  if (filter.from && filter.to && filter.from > filter.to)
    throw badInput('filter.to', 'period', `the period ends (${filter.to}) before it starts (${filter.from})`);
  return filter;
}

function parseSort(raw: unknown, measures: MetricMeasure[], dimensions: MetricDimension[]): MetricsSort[] {
  return list(raw, 'sort').map((item, i) => {
    if (!isObject(item)) throw badInput(`sort[${i}]`, 'object', 'must be { measure | dimension, direction }');
    if ((item.measure == null) === (item.dimension == null))
      throw badInput(`sort[${i}]`, 'one-key', 'name exactly one of measure and dimension');
    const key =
      item.measure != null
        ? enumValue(MetricMeasure, item.measure, `sort[${i}].measure`)
        : enumValue(MetricDimension, item.dimension, `sort[${i}].dimension`);
    if (!(measures as string[]).includes(key) && !(dimensions as string[]).includes(key)) {
      throw badInput(`sort[${i}]`, 'sort-selected', `${key} is not among the requested measures and dimensions`);
    }
    const direction = item.direction == null ? SortDirection.ASC : enumValue(SortDirection, item.direction, `sort[${i}].direction`);
    return { key, direction };
  });
}

function parseLimit(raw: unknown): number {
  if (raw === undefined || raw === null) return LIMITS.defaultRows;
  if (!Number.isInteger(raw) || (raw as number) < 1 || (raw as number) > LIMITS.maxRows) {
    throw badInput('limit', 'range', `must be a whole number from 1 to ${LIMITS.maxRows}, got ${String(raw)}`);
  }
  return raw as number;
}

/** Refuses measure × dimension (and measure × filter) combinations that make no sense, naming both. */
function checkSense(measures: MetricMeasure[], dimensions: MetricDimension[], filter: MetricsFilterValues): void {
  for (const measure of measures) {
    for (const source of MEASURES[measure].sources) {
      const allowed = SOURCE_DIMENSIONS[source];
      for (const dimension of dimensions) {
        if (!allowed.includes(dimension)) {
          throw badInput(
            'dimensions',
            'measure-dimension',
            `${measure} cannot be broken down by ${dimension}: ${SOURCE_NAMES[source]} have no ${DIMENSIONS[dimension].label.EN.toLowerCase()}`,
          );
        }
      }
      for (const [key, dimension] of Object.entries(FILTER_DIMENSIONS) as [ListFilter, MetricDimension][]) {
        if (filter[key] && !allowed.includes(dimension)) {
          throw badInput(
            `filter.${key}`,
            'measure-filter',
            `${measure} cannot be filtered by ${dimension}: ${SOURCE_NAMES[source]} have no ${DIMENSIONS[dimension].label.EN.toLowerCase()}`,
          );
        }
      }
    }
  }
}

/**
 * Checks a metrics query given as plain data (GraphQL arguments, the JSON body of the CSV export, or a
 * saved view read back): every name against the catalogue, every id and date, the limits and the sense
 * rules. Errors are BAD_USER_INPUT naming the field and the rule.
 */
export function parseMetricsQuery(raw: unknown): MetricsQuery {
  if (!isObject(raw)) throw badInput('query', 'object', 'must be an object with measures, dimensions, filter, sort and limit');
  const measures = distinct(
    list(raw.measures, 'measures').map((v, i) => enumValue(MetricMeasure, v, `measures[${i}]`)),
    'measures',
  );
  if (measures.length === 0) throw badInput('measures', 'required', 'name at least one measure');
  if (measures.length > LIMITS.maxMeasures) throw badInput('measures', 'max-measures', `at most ${LIMITS.maxMeasures} measures per query`);
  const dimensions = distinct(
    list(raw.dimensions, 'dimensions').map((v, i) => enumValue(MetricDimension, v, `dimensions[${i}]`)),
    'dimensions',
  );
  if (dimensions.length > LIMITS.maxDimensions)
    throw badInput('dimensions', 'max-dimensions', `at most ${LIMITS.maxDimensions} dimensions per query, got ${dimensions.length}`);
  const times = dimensions.filter((d) => (TIME_DIMENSIONS as readonly string[]).includes(d));
  if (times.length > 1)
    throw badInput('dimensions', 'one-time-dimension', `at most one time dimension per query, got ${times.join(' and ')}`);
  const filter = parseFilter(raw.filter);
  checkSense(measures, dimensions, filter);
  return { measures, dimensions, filter, sort: parseSort(raw.sort, measures, dimensions), limit: parseLimit(raw.limit) };
}

/** The query as plain JSON (ids as strings, defaults spelled out), as saved views store it. */
export function metricsQueryToJson(query: MetricsQuery): Record<string, unknown> {
  const f = query.filter;
  const strings = (values?: number[]) => values?.map(String);
  const filter = Object.fromEntries(
    Object.entries({
      teamIds: strings(f.teamIds),
      memberIds: strings(f.memberIds),
      regionIds: strings(f.regionIds),
      teamKinds: f.teamKinds,
      channelIds: strings(f.channelIds),
      productIds: strings(f.productIds),
      stageIds: strings(f.stageIds),
      industries: f.industries,
      from: f.from,
      to: f.to,
      dateBasis: f.dateBasis,
      quotaPeriodKind: f.quotaPeriodKind,
    }).filter(([, value]) => value !== undefined),
  );
  const sort = query.sort.map((s) => ({
    [(Object.values(MetricMeasure) as string[]).includes(s.key) ? 'measure' : 'dimension']: s.key,
    direction: s.direction,
  }));
  return { measures: query.measures, dimensions: query.dimensions, filter, sort, limit: query.limit };
}
