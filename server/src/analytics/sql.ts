import type { RecordScope } from '../access/policy.js';
import {
  type DealDateBasis,
  MEASURES,
  MetricDimension,
  MetricLanguage,
  type MetricMeasure,
  SortDirection,
  type TIME_DIMENSIONS,
  type FactSource,
} from './catalogue.js';
import { FILTER_DIMENSIONS, type MetricsQuery } from './query.js';

/**
 * Builds the ONE SQL statement of a metrics query. Nothing the caller sends is ever spliced into the
 * text: measures, dimensions and sort keys pick fragments from the whitelists below, every value (ids,
 * dates, paths, the limit) is a bound parameter.
 *
 * Shape: one CTE per fact source the measures need, each aggregating its rows to the requested
 * dimensions into the same "base" columns (sums and counts, null for other sources); `union all` of
 * them; an outer `group by` of the dimensions that adds the bases up and derives the measures (ratios
 * are computed after adding up, never averaged); `count(*) over ()` tells how many rows there are
 * before the limit.
 */

const BASES = [
  'revenue_won',
  'deals_won',
  'deals_lost',
  'deals_open',
  'pipeline_amount',
  'weighted_raw',
  'cycle_days',
  'quota',
  'leads',
  'qualified_leads',
  'interactions',
] as const;
type Base = (typeof BASES)[number];

const sum = (base: Base) => `coalesce(sum(${base}), 0)`;

/** Measures: the bases they add up and how they are derived from the sums. */
const MEASURE_SQL: Record<MetricMeasure, { bases: Base[]; sql: string; statuses?: string[] }> = {
  REVENUE_WON: { bases: ['revenue_won'], sql: `round(${sum('revenue_won')}, 2)`, statuses: ['WON'] },
  DEALS_WON: { bases: ['deals_won'], sql: `${sum('deals_won')}::bigint`, statuses: ['WON'] },
  DEALS_LOST: { bases: ['deals_lost'], sql: `${sum('deals_lost')}::bigint`, statuses: ['LOST'] },
  DEALS_OPEN: { bases: ['deals_open'], sql: `${sum('deals_open')}::bigint`, statuses: ['OPEN'] },
  PIPELINE_AMOUNT: { bases: ['pipeline_amount'], sql: `round(${sum('pipeline_amount')}, 2)`, statuses: ['OPEN'] },
  WEIGHTED_PIPELINE: { bases: ['weighted_raw'], sql: `round(${sum('weighted_raw')} / 100, 2)`, statuses: ['OPEN'] },
  WIN_RATE: {
    bases: ['deals_won', 'deals_lost'],
    sql: `round(${sum('deals_won')} / nullif(${sum('deals_won')} + ${sum('deals_lost')}, 0), 4)`,
    statuses: ['WON', 'LOST'],
  },
  AVERAGE_DEAL_SIZE: {
    bases: ['revenue_won', 'deals_won'],
    sql: `round(${sum('revenue_won')} / nullif(${sum('deals_won')}, 0), 2)`,
    statuses: ['WON'],
  },
  AVERAGE_CYCLE_DAYS: {
    bases: ['cycle_days', 'deals_won'],
    sql: `round(${sum('cycle_days')} / nullif(${sum('deals_won')}, 0), 1)`,
    statuses: ['WON'],
  },
  QUOTA: { bases: ['quota'], sql: `round(${sum('quota')}, 2)` },
  ATTAINMENT: { bases: ['revenue_won', 'quota'], sql: `round(${sum('revenue_won')} / nullif(sum(quota), 0), 4)`, statuses: ['WON'] },
  LEADS: { bases: ['leads'], sql: `${sum('leads')}::bigint` },
  QUALIFIED_LEADS: { bases: ['qualified_leads'], sql: `${sum('qualified_leads')}::bigint` },
  INTERACTIONS: { bases: ['interactions'], sql: `${sum('interactions')}::bigint` },
};

const UTC_DAY = (column: string) => `(${column} at time zone 'UTC')::date`;

interface SourceSql {
  /** Rows of the source with its team `t`, member `m` and territory `tr` (and customer `c`, channel `ch`, …). */
  from: string;
  /** The date that places a row in the period and in time buckets. */
  date(query: MetricsQuery): string;
  /** Column a dimension filter compares (TEAM filters by subtree instead). */
  keys: Partial<Record<MetricDimension, string>>;
  bases: Partial<Record<Base, string>>;
  /** The member the row belongs to, for the viewer's own records. */
  owner: string;
}

const DEAL_DATE: Record<DealDateBasis, string> = {
  CLOSE: `case when d.status = 'OPEN' then d.expected_close_date else d.close_date end`,
  CREATED: UTC_DAY('d.created_at'),
};

const ORG_KEYS = { MEMBER: 'm.id', REGION: 't.territory_id', TEAM_KIND: 't.kind' } as const;

const SOURCES: Record<FactSource, SourceSql> = {
  deals: {
    from: `deal d join team t on t.id = d.team_id join member m on m.id = d.owner_id left join territory tr on tr.id = t.territory_id
           join sales_stage s on s.id = d.stage_id join customer c on c.id = d.account_id join channel ch on ch.id = d.channel_id
           left join product p on p.id = d.product_id`,
    date: (query) => DEAL_DATE[query.filter.dateBasis],
    keys: { ...ORG_KEYS, CHANNEL: 'd.channel_id', PRODUCT: 'd.product_id', STAGE: 'd.stage_id', INDUSTRY: 'c.industry' },
    bases: {
      revenue_won: `sum(d.amount) filter (where d.status = 'WON')`,
      deals_won: `count(*) filter (where d.status = 'WON')`,
      deals_lost: `count(*) filter (where d.status = 'LOST')`,
      deals_open: `count(*) filter (where d.status = 'OPEN')`,
      pipeline_amount: `sum(d.amount) filter (where d.status = 'OPEN')`,
      weighted_raw: `sum(d.amount * s.probability) filter (where d.status = 'OPEN')`,
      cycle_days: `sum(d.close_date - ${UTC_DAY('d.created_at')}) filter (where d.status = 'WON')`,
    },
    owner: 'd.owner_id',
  },
  quotas: {
    from: `quota q join period pr on pr.id = q.period_id join member m on m.id = q.member_id join team t on t.id = m.team_id
           left join territory tr on tr.id = t.territory_id`,
    date: () => 'pr.start_date',
    keys: ORG_KEYS,
    bases: { quota: 'sum(q.target)' },
    owner: 'q.member_id',
  },
  leads: {
    from: `lead l join team t on t.id = l.team_id join member m on m.id = l.owner_id left join territory tr on tr.id = t.territory_id
           join customer c on c.id = l.customer_id join channel ch on ch.id = l.channel_id`,
    date: () => UTC_DAY('l.created_at'),
    keys: { ...ORG_KEYS, CHANNEL: 'l.channel_id', INDUSTRY: 'c.industry' },
    bases: { leads: 'count(*)', qualified_leads: `count(*) filter (where l.status in ('QUALIFIED', 'CONVERTED'))` },
    owner: 'l.owner_id',
  },
  interactions: {
    from: `interaction i join member m on m.id = i.member_id join team t on t.id = m.team_id left join territory tr on tr.id = t.territory_id
           join customer c on c.id = i.customer_id`,
    date: () => UTC_DAY('i.occurred_at'),
    keys: { ...ORG_KEYS, INDUSTRY: 'c.industry' },
    bases: { interactions: 'count(*)' },
    owner: 'i.member_id',
  },
};

/** Dimensions: key, label and sort columns (time dimensions are derived from the source's date). */
type DimensionSql = { id: string; label: string; ord: string };
function dimensionSql(dimension: MetricDimension, date: string, language: MetricLanguage): DimensionSql {
  const name = language === MetricLanguage.RU ? 'name_ru' : 'name_en';
  switch (dimension) {
    case MetricDimension.TEAM:
      return { id: 't.id::text', label: 't.name', ord: 't.name' };
    case MetricDimension.MEMBER:
      return { id: 'm.id::text', label: 'm.full_name', ord: 'm.full_name' };
    case MetricDimension.REGION:
      return { id: 'tr.id::text', label: 'tr.name', ord: 'tr.name' };
    case MetricDimension.TEAM_KIND:
      return { id: 't.kind', label: 't.kind', ord: 't.kind' };
    case MetricDimension.CHANNEL:
      return { id: 'ch.id::text', label: `ch.${name}`, ord: `ch.${name}` };
    case MetricDimension.PRODUCT:
      return { id: 'p.id::text', label: 'p.name', ord: 'p.name' };
    case MetricDimension.STAGE:
      return { id: 's.id::text', label: `s.${name}`, ord: "lpad(s.position::text, 6, '0')" };
    case MetricDimension.INDUSTRY:
      return { id: 'c.industry', label: 'c.industry', ord: 'c.industry' };
    default:
      return timeSql(dimension, date);
  }
}

const TIME_SQL: Record<(typeof TIME_DIMENSIONS)[number], { unit: string; label: string }> = {
  DAY: { unit: 'day', label: 'YYYY-MM-DD' },
  WEEK: { unit: 'week', label: 'IYYY-"W"IW' },
  MONTH: { unit: 'month', label: 'YYYY-MM' },
  QUARTER: { unit: 'quarter', label: 'YYYY-"Q"Q' },
  YEAR: { unit: 'year', label: 'YYYY' },
};

function timeSql(dimension: MetricDimension, date: string): DimensionSql {
  const { unit, label } = TIME_SQL[dimension as keyof typeof TIME_SQL];
  const bucket = `date_trunc('${unit}', ${date})::date`;
  return { id: `to_char(${bucket}, 'YYYY-MM-DD')`, label: `to_char(${bucket}, '${label}')`, ord: `to_char(${bucket}, 'YYYY-MM-DD')` };
}

export interface BuiltStatement {
  sql: string;
  params: unknown[];
}

/** Accumulates bound parameters in the order their `?` placeholders appear. */
class Params {
  readonly values: unknown[] = [];
  bind(value: unknown): string {
    this.values.push(value);
    return '?';
  }
}

export function measureAlias(measure: MetricMeasure): string {
  return `m_${measure.toLowerCase()}`;
}

function sourcesOf(query: MetricsQuery): FactSource[] {
  return [...new Set(query.measures.flatMap((m) => MEASURES[m].sources))];
}

function quotaPeriodKind(query: MetricsQuery): string {
  const time = query.dimensions.find((d) => ['MONTH', 'QUARTER', 'YEAR'].includes(d));
  return time ?? query.filter.quotaPeriodKind;
}

function conditions(source: FactSource, query: MetricsQuery, scope: RecordScope, params: Params): string[] {
  const spec = SOURCES[source];
  const where: string[] = [];
  if (!scope.all) {
    const paths = scope.teamPaths.map((path) => `${path}%`);
    const inSubtree = paths.length ? `t.path like any(array[${params.bind(paths)}]::text[])` : 'false';
    where.push(`(${inSubtree} or ${spec.owner} = ${params.bind(scope.memberId)})`);
  }
  const { filter } = query;
  if (filter.teamIds)
    where.push(
      `exists (select 1 from team ft where ft.id = any(array[${params.bind(filter.teamIds)}]::int[]) and t.path like ft.path || '%')`,
    );
  for (const [key, dimension] of Object.entries(FILTER_DIMENSIONS)) {
    const values = filter[key as keyof typeof FILTER_DIMENSIONS];
    if (!values || dimension === MetricDimension.TEAM) continue;
    const cast = typeof values[0] === 'number' ? 'int' : 'text';
    where.push(`${spec.keys[dimension]} = any(array[${params.bind(values)}]::${cast}[])`);
  }
  if (source === 'quotas') {
    where.push(`q.metric = 'REVENUE'`, `pr.kind = ${params.bind(quotaPeriodKind(query))}`);
    if (filter.from) where.push(`pr.start_date >= ${params.bind(filter.from)}`);
    if (filter.to) where.push(`pr.end_date <= ${params.bind(filter.to)}`);
    return where;
  }
  const date = spec.date(query);
  if (filter.from) where.push(`${date} >= ${params.bind(filter.from)}::date`);
  if (filter.to) where.push(`${date} <= ${params.bind(filter.to)}::date`);
  if (source === 'deals') {
    const statuses = [...new Set(query.measures.flatMap((m) => MEASURE_SQL[m].statuses ?? []))];
    where.push(`d.status = any(array[${params.bind(statuses)}]::text[])`);
  }
  return where;
}

function sourceCte(source: FactSource, query: MetricsQuery, scope: RecordScope, language: MetricLanguage, params: Params): string {
  const spec = SOURCES[source];
  const needed = new Set(query.measures.flatMap((m) => MEASURE_SQL[m].bases));
  const dims = query.dimensions.flatMap((d, i) => {
    const s = dimensionSql(d, spec.date(query), language);
    return [`${s.id} as d${i}_id`, `${s.label} as d${i}_label`, `${s.ord} as d${i}_ord`];
  });
  const bases = BASES.filter((b) => needed.has(b)).map((b) => `${spec.bases[b] ? `(${spec.bases[b]})::numeric` : 'null::numeric'} as ${b}`);
  const where = conditions(source, query, scope, params);
  const groupBy = dims.length ? ` group by ${dims.map((_, i) => i + 1).join(', ')}` : '';
  return `f_${source} as (select ${[...dims, ...bases].join(', ')} from ${spec.from}${where.length ? ` where ${where.join(' and ')}` : ''}${groupBy})`;
}

export function buildMetricsStatement(query: MetricsQuery, scope: RecordScope, language: MetricLanguage): BuiltStatement {
  const params = new Params();
  const sources = sourcesOf(query);
  const ctes = sources.map((source) => sourceCte(source, query, scope, language, params));
  const facts = sources.map((source) => `select * from f_${source}`).join(' union all ');
  const dimColumns = query.dimensions.flatMap((_, i) => [`d${i}_id`, `d${i}_label`, `d${i}_ord`]);
  const measures = query.measures.map((m) => `(${MEASURE_SQL[m].sql}) as ${measureAlias(m)}_n`);
  const sortKeys = query.sort.map((s) => {
    const i = query.dimensions.indexOf(s.key as MetricDimension);
    const column = i >= 0 ? `d${i}_ord` : `${measureAlias(s.key as MetricMeasure)}_n`;
    return `${column} ${s.direction === SortDirection.DESC ? 'desc' : 'asc'} nulls last`;
  });
  const ties = query.dimensions.flatMap((_, i) => [`d${i}_ord asc nulls last`, `d${i}_id asc nulls last`]);
  const orderBy = [...sortKeys, ...ties];
  // Measures are sorted as numbers (`…_n`) and leave as text, so that no driver turns them into floats.
  const grouped =
    `select ${[...dimColumns, ...measures, 'count(*) over () as total_rows'].join(', ')} from facts` +
    (dimColumns.length ? ` group by ${dimColumns.join(', ')}` : '');
  const outer = [
    ...dimColumns,
    ...query.measures.map((m) => `${measureAlias(m)}_n::text as ${measureAlias(m)}`),
    'total_rows::int as total_rows',
  ];
  const sql =
    `with ${ctes.join(', ')}, facts as (${facts}) ` +
    `select ${outer.join(', ')} from (${grouped}) r` +
    (orderBy.length ? ` order by ${orderBy.join(', ')}` : '') +
    ` limit ${params.bind(query.limit)}`;
  return { sql, params: params.values };
}
