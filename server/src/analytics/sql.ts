import type { RecordScope } from '../access/policy.js';
import {
  DealDateBasis,
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
  'subtree_revenue_won',
  'team_quota',
  'split_revenue_won',
] as const;
type Base = (typeof BASES)[number];

const sum = (base: Base) => `coalesce(sum(${base}), 0)`;

/**
 * Revenue won by credit (docs/pipeline.md, "Credit splits"): the deals source counts every deal in full
 * for its owner and its team; `split_revenue_won` (the f_credits CTE, see creditsCte) moves the amount of
 * split deals to their shares. Deal counts, win rate, cycle, average deal size and the open pipeline stay
 * whole deals of their owner and team.
 */
const CREDITED_REVENUE = `(${sum('revenue_won')} + ${sum('split_revenue_won')})`;

/** Measures: the bases they add up and how they are derived from the sums. */
const MEASURE_SQL: Record<MetricMeasure, { bases: Base[]; sql: string; statuses?: string[] }> = {
  REVENUE_WON: { bases: ['revenue_won', 'split_revenue_won'], sql: `round(${CREDITED_REVENUE}, 2)`, statuses: ['WON'] },
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
  ATTAINMENT: {
    bases: ['revenue_won', 'split_revenue_won', 'quota'],
    sql: `round(${CREDITED_REVENUE} / nullif(sum(quota), 0), 4)`,
    statuses: ['WON'],
  },
  LEADS: { bases: ['leads'], sql: `${sum('leads')}::bigint` },
  QUALIFIED_LEADS: { bases: ['qualified_leads'], sql: `${sum('qualified_leads')}::bigint` },
  INTERACTIONS: { bases: ['interactions'], sql: `${sum('interactions')}::bigint` },
};

/**
 * ATTAINMENT by team is a team's attainment as Team.attainment (goals/attainment.ts) computes it: revenue
 * won over the team's whole subtree / the team's own REVENUE quota. It applies when the rows are teams:
 * a TEAM dimension, and neither a MEMBER dimension nor a member filter (then rows are members' figures).
 */
const TEAM_ATTAINMENT = {
  bases: ['subtree_revenue_won', 'team_quota'] as Base[],
  sql: `round(${sum('subtree_revenue_won')} / nullif(sum(team_quota), 0), 4)`,
};

export function teamAttainment(query: MetricsQuery): boolean {
  return query.measures.includes('ATTAINMENT' as MetricMeasure) && query.dimensions.includes(MetricDimension.TEAM) && !memberRows(query);
}

/** Rows are members' figures (a MEMBER dimension or a member filter): overlay credit shares count in them. */
function memberRows(query: MetricsQuery): boolean {
  return query.dimensions.includes(MetricDimension.MEMBER) || Boolean(query.filter.memberIds);
}

function measureSql(measure: MetricMeasure, query: MetricsQuery): { bases: Base[]; sql: string; statuses?: string[] } {
  return measure === 'ATTAINMENT' && teamAttainment(query) ? TEAM_ATTAINMENT : MEASURE_SQL[measure];
}

const UTC_DAY = (column: string) => `(${column} at time zone 'UTC')::date`;

interface SourceSql {
  /** Rows of the source with its team `t`, member `m` and territory `tr` (and customer `c`, channel `ch`, …). */
  from: string;
  /** The date that places a row in the period and in time buckets. */
  date(query: MetricsQuery): string;
  /**
   * The instant that date is the UTC day of, when it is a partition key: the period is then compared on
   * it, so that only the partitions of the period are read (docs/scaling.md#partitioned-history).
   */
  instant?: string;
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
    instant: 'i.occurred_at',
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
  const rolled = teamAttainment(query);
  return [...new Set(query.measures.flatMap((m) => (rolled && m === 'ATTAINMENT' ? [] : MEASURES[m].sources)))];
}

function quotaPeriodKind(query: MetricsQuery): string {
  const time = query.dimensions.find((d) => ['MONTH', 'QUARTER', 'YEAR'].includes(d));
  return time ?? query.filter.quotaPeriodKind;
}

/** The conditions of a source's rows; `owner` is the member a row belongs to (the line's member for credit shares). */
function conditions(source: FactSource, query: MetricsQuery, scope: RecordScope, params: Params, owner = SOURCES[source].owner): string[] {
  const spec = SOURCES[source];
  const where: string[] = [];
  if (!scope.all) {
    const paths = scope.teamPaths.map((path) => `${path}%`);
    const inSubtree = paths.length ? `t.path like any(array[${params.bind(paths)}]::text[])` : 'false';
    where.push(`(${inSubtree} or ${owner} = ${params.bind(scope.memberId)})`);
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
  if (spec.instant) {
    if (filter.from) where.push(`${spec.instant} >= ${params.bind(filter.from)}::date::timestamp at time zone 'UTC'`);
    if (filter.to) where.push(`${spec.instant} < (${params.bind(filter.to)}::date + 1)::timestamp at time zone 'UTC'`);
  } else {
    const date = spec.date(query);
    if (filter.from) where.push(`${date} >= ${params.bind(filter.from)}::date`);
    if (filter.to) where.push(`${date} <= ${params.bind(filter.to)}::date`);
  }
  if (source === 'deals') {
    const statuses = [...new Set(query.measures.flatMap((m) => measureSql(m, query).statuses ?? []))];
    where.push(`d.status = any(array[${params.bind(statuses)}]::text[])`);
  }
  return where;
}

function neededBases(query: MetricsQuery): Set<Base> {
  return new Set(query.measures.flatMap((m) => measureSql(m, query).bases));
}

/** One select of a source's rows (`from`, filtered by `where`) grouped by the dimensions into the needed base columns. */
function factSelect(
  source: FactSource,
  query: MetricsQuery,
  language: MetricLanguage,
  parts: { from: string; bases: Partial<Record<Base, string>>; where: string[] },
): string {
  const needed = neededBases(query);
  const dims = query.dimensions.flatMap((d, i) => {
    const s = dimensionSql(d, SOURCES[source].date(query), language);
    return [`${s.id} as d${i}_id`, `${s.label} as d${i}_label`, `${s.ord} as d${i}_ord`];
  });
  const bases = BASES.filter((b) => needed.has(b)).map(
    (b) => `${parts.bases[b] ? `(${parts.bases[b]})::numeric` : 'null::numeric'} as ${b}`,
  );
  const groupBy = dims.length ? ` group by ${dims.map((_, i) => i + 1).join(', ')}` : '';
  const where = parts.where.length ? ` where ${parts.where.join(' and ')}` : '';
  return `select ${[...dims, ...bases].join(', ')} from ${parts.from}${where}${groupBy}`;
}

function sourceCte(source: FactSource, query: MetricsQuery, scope: RecordScope, language: MetricLanguage, params: Params): string {
  const spec = SOURCES[source];
  return `f_${source} as (${factSelect(source, query, language, { from: spec.from, bases: spec.bases, where: conditions(source, query, scope, params) })})`;
}

/** The deal's customer, channel, stage and product, for the deal dimensions and filters of credit shares. */
const DEAL_FACTS = `join sales_stage s on s.id = d.stage_id join customer c on c.id = d.account_id join channel ch on ch.id = d.channel_id
           left join product p on p.id = d.product_id`;

/** The deal columns the deals source's dimensions, filters and bases read, for split_deals. */
const SPLIT_DEAL_COLUMNS =
  'd.id, d.amount, d.status, d.close_date, d.expected_close_date, d.created_at, d.owner_id, d.team_id, d.account_id, d.channel_id, d.product_id, d.stage_id';

/**
 * Moves the revenue of won split deals from their owner and team, where f_deals counts it in full, to
 * their credit shares, as Member.attainment and Team.attainment count it (goals/measures.ts): + amount ×
 * percent / 100 of each share for its member `m` and the team it counts for `t` (overlay shares only in
 * members' rows: they are never rolled into teams), − the amount for the deal's owner and team, placed
 * on the owner's line (a split always holds one). Every other dimension and filter is the deal's. A share
 * is read as a record of its member and team (the subtree it is credited to), the correction of the owner
 * exactly as f_deals reads the deal, so that it cancels what f_deals counted.
 *
 * Splits are rare: `split_deals` reads their lines (by the lines' copy of the close date and, with a member
 * filter, their member: deal_credit's (member, close date) index) and joins each to its deal once, the
 * line's member, team, percent and overlay beside the deal's columns. Materialized, so that the planner,
 * misjudging how many deals the date conditions leave, does not scan the period's deals again to find them.
 */
function creditsCte(query: MetricsQuery, scope: RecordScope, language: MetricLanguage, params: Params): string {
  const { filter } = query;
  const lines = [`d.status = 'WON'`];
  // For the owner's line, its member is the owner: the member filter holds for both kinds of rows.
  if (filter.memberIds) lines.push(`cr.member_id = any(array[${params.bind(filter.memberIds)}]::int[])`);
  if (filter.dateBasis === DealDateBasis.CLOSE) {
    if (filter.from) lines.push(`cr.deal_close_date >= ${params.bind(filter.from)}::date`);
    if (filter.to) lines.push(`cr.deal_close_date <= ${params.bind(filter.to)}::date`);
  }
  const splitDeals = `split_deals as materialized (
    select ${SPLIT_DEAL_COLUMNS}, cr.member_id as credit_member_id, cr.team_id as credit_team_id, cr.percent as credit_percent, cr.overlay as credit_overlay
      from deal_credit cr join deal d on d.id = cr.deal_id where ${lines.join(' and ')})`;
  const shareWhere = conditions('deals', query, scope, params, 'd.credit_member_id');
  if (!memberRows(query)) shareWhere.push('not d.credit_overlay');
  const shares = factSelect('deals', query, language, {
    from: `split_deals d join team t on t.id = d.credit_team_id join member m on m.id = d.credit_member_id
           left join territory tr on tr.id = t.territory_id ${DEAL_FACTS}`,
    bases: { split_revenue_won: 'sum(d.amount * d.credit_percent / 100)' },
    where: shareWhere,
  });
  const owners = factSelect('deals', query, language, {
    from: `split_deals d join team t on t.id = d.team_id join member m on m.id = d.owner_id
           left join territory tr on tr.id = t.territory_id ${DEAL_FACTS}`,
    bases: { split_revenue_won: '-sum(d.amount)' },
    where: [...conditions('deals', query, scope, params), 'd.credit_member_id = d.owner_id'],
  });
  return `${splitDeals}, f_credits as (${shares} union all ${owners})`;
}

/** Conditions on the rolled-up team `t` (scope, team subtrees, regions, team kinds). */
function teamConditions(query: MetricsQuery, scope: RecordScope, params: Params): string[] {
  const where: string[] = [];
  // Records of the subtrees the viewer reads: a team is rolled up only inside them (a rep reads none).
  if (!scope.all)
    where.push(scope.teamPaths.length ? `t.path like any(array[${params.bind(scope.teamPaths.map((p) => `${p}%`))}]::text[])` : 'false');
  const { filter } = query;
  if (filter.teamIds)
    where.push(
      `exists (select 1 from team ft where ft.id = any(array[${params.bind(filter.teamIds)}]::int[]) and t.path like ft.path || '%')`,
    );
  if (filter.regionIds) where.push(`t.territory_id = any(array[${params.bind(filter.regionIds)}]::int[])`);
  if (filter.teamKinds) where.push(`t.kind = any(array[${params.bind(filter.teamKinds)}]::text[])`);
  return where;
}

/**
 * The facts of the team's attainment (see TEAM_ATTAINMENT), grouped by the dimensions of team `t`: revenue
 * won over each team's subtree, by close date, and the team's own REVENUE quotas of the periods of one
 * kind, by period start, as the quotas source places them.
 */
function teamAttainmentCte(query: MetricsQuery, scope: RecordScope, language: MetricLanguage, params: Params): string {
  // The same base columns as the sources' CTEs, so that they can be `union all`-ed.
  const needed = neededBases(query);
  const part = (date: string, base: Base, value: string, from: string, where: string[]) => {
    const dims = query.dimensions.flatMap((d, i) => {
      const s = dimensionSql(d, date, language);
      return [`${s.id} as d${i}_id`, `${s.label} as d${i}_label`, `${s.ord} as d${i}_ord`];
    });
    const bases = BASES.filter((b) => needed.has(b)).map((b) => `${b === base ? `(${value})::numeric` : 'null::numeric'} as ${b}`);
    const conditions = [...where, ...teamConditions(query, scope, params)];
    const groupBy = dims.length ? ` group by ${dims.map((_, i) => i + 1).join(', ')}` : '';
    return `select ${[...dims, ...bases].join(', ')} from ${from}${conditions.length ? ` where ${conditions.join(' and ')}` : ''}${groupBy}`;
  };
  const { filter } = query;
  // Each part binds its own dates (a bound value is used once).
  const won = (closeDate: string) => {
    const where = [`d.status = 'WON'`];
    if (filter.from) where.push(`${closeDate} >= ${params.bind(filter.from)}::date`);
    if (filter.to) where.push(`${closeDate} <= ${params.bind(filter.to)}::date`);
    return where;
  };
  const revenue = part(
    'd.close_date',
    'subtree_revenue_won',
    'sum(d.amount)',
    `team t left join territory tr on tr.id = t.territory_id join team dt on dt.path like t.path || '%' join deal d on d.team_id = dt.id`,
    won('d.close_date'),
  );
  // Split deals as Team.attainment counts them (goals/measures.ts, splitCorrections): for each split deal
  // with a regular share counted for a team of the subtree, those shares less its amount if the deal's
  // own team is in the subtree (then `revenue` counted it in full).
  const split = `select d.close_date, sum(d.amount * cr.percent / 100) - case when dt.path like t.path || '%' then d.amount else 0 end as amount
      from team ct join deal_credit cr on cr.team_id = ct.id and not cr.overlay join deal d on d.id = cr.deal_id join team dt on dt.id = d.team_id
     where ct.path like t.path || '%' and ${won('cr.deal_close_date').join(' and ')}
     group by d.id, dt.id`;
  const shares = part(
    'd.close_date',
    'subtree_revenue_won',
    'sum(d.amount)',
    `team t left join territory tr on tr.id = t.territory_id cross join lateral (${split}) d`,
    [],
  );
  const quotas = [`q.metric = 'REVENUE'`, `pr.kind = ${params.bind(quotaPeriodKind(query))}`];
  if (filter.from) quotas.push(`pr.start_date >= ${params.bind(filter.from)}`);
  if (filter.to) quotas.push(`pr.end_date <= ${params.bind(filter.to)}`);
  const quota = part(
    'pr.start_date',
    'team_quota',
    'sum(q.target)',
    'quota q join period pr on pr.id = q.period_id join team t on t.id = q.team_id left join territory tr on tr.id = t.territory_id',
    quotas,
  );
  return `f_team_attainment as (${[revenue, shares, quota].join(' union all ')})`;
}

export function buildMetricsStatement(query: MetricsQuery, scope: RecordScope, language: MetricLanguage): BuiltStatement {
  const params = new Params();
  const sources = sourcesOf(query);
  const ctes = sources.map((source) => sourceCte(source, query, scope, language, params));
  const facts = sources.map((source) => `select * from f_${source}`);
  if (neededBases(query).has('split_revenue_won')) {
    ctes.push(creditsCte(query, scope, language, params));
    facts.push('select * from f_credits');
  }
  if (teamAttainment(query)) {
    ctes.push(teamAttainmentCte(query, scope, language, params));
    facts.push('select * from f_team_attainment');
  }
  const dimColumns = query.dimensions.flatMap((_, i) => [`d${i}_id`, `d${i}_label`, `d${i}_ord`]);
  const measures = query.measures.map((m) => `(${measureSql(m, query).sql}) as ${measureAlias(m)}_n`);
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
    `with ${ctes.join(', ')}, facts as (${facts.join(' union all ')}) ` +
    `select ${outer.join(', ')} from (${grouped}) r` +
    (orderBy.length ? ` order by ${orderBy.join(', ')}` : '') +
    ` limit ${params.bind(query.limit)}`;
  return { sql, params: params.values };
}
