import { registerEnumType } from 'type-graphql';

/** What an analyst can measure; each measure comes from one fact source (or two, for attainment). */
export enum MetricMeasure {
  REVENUE_WON = 'REVENUE_WON',
  DEALS_WON = 'DEALS_WON',
  DEALS_LOST = 'DEALS_LOST',
  DEALS_OPEN = 'DEALS_OPEN',
  PIPELINE_AMOUNT = 'PIPELINE_AMOUNT',
  WEIGHTED_PIPELINE = 'WEIGHTED_PIPELINE',
  WIN_RATE = 'WIN_RATE',
  AVERAGE_DEAL_SIZE = 'AVERAGE_DEAL_SIZE',
  AVERAGE_CYCLE_DAYS = 'AVERAGE_CYCLE_DAYS',
  QUOTA = 'QUOTA',
  ATTAINMENT = 'ATTAINMENT',
  LEADS = 'LEADS',
  QUALIFIED_LEADS = 'QUALIFIED_LEADS',
  INTERACTIONS = 'INTERACTIONS',
}

/** What results are broken down by. */
export enum MetricDimension {
  TEAM = 'TEAM',
  MEMBER = 'MEMBER',
  REGION = 'REGION',
  TEAM_KIND = 'TEAM_KIND',
  CHANNEL = 'CHANNEL',
  PRODUCT = 'PRODUCT',
  STAGE = 'STAGE',
  INDUSTRY = 'INDUSTRY',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}

export enum MetricColumnKind {
  DIMENSION = 'DIMENSION',
  MEASURE = 'MEASURE',
}

export enum MetricValueType {
  STRING = 'STRING',
  ID = 'ID',
  DATE = 'DATE',
  INTEGER = 'INTEGER',
  DECIMAL = 'DECIMAL',
  PERCENT = 'PERCENT',
  MONEY = 'MONEY',
}

export enum MetricLanguage {
  EN = 'EN',
  RU = 'RU',
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

/** Which date places a deal in the period and in time buckets. */
export enum DealDateBasis {
  CLOSE = 'CLOSE',
  CREATED = 'CREATED',
}

/** The tables measures are computed from. */
export type FactSource = 'deals' | 'quotas' | 'leads' | 'interactions';

/** Every money amount of the graph is in rubles. */
export const CURRENCY = 'RUB';

export interface MeasureSpec {
  sources: FactSource[];
  type: MetricValueType;
  unit: string | null;
  format: string;
  label: Record<MetricLanguage, string>;
  description: string;
}

export const MEASURES: Record<MetricMeasure, MeasureSpec> = {
  REVENUE_WON: {
    sources: ['deals'],
    type: MetricValueType.MONEY,
    unit: CURRENCY,
    format: 'money:2',
    label: { EN: 'Revenue won', RU: 'Выручка (выиграно)' },
    description:
      'Sum of the amounts of deals won (status WON), placed by their close date. A split deal counts by its credit shares: ' +
      "for each credited member their share, overlay shares included when rows are members' (MEMBER dimension or filter); for each " +
      'regular share its team; other dimensions see the whole deal.',
  },
  DEALS_WON: {
    sources: ['deals'],
    type: MetricValueType.INTEGER,
    unit: 'deals',
    format: 'integer',
    label: { EN: 'Deals won', RU: 'Выиграно сделок' },
    description: 'Number of deals won, placed by their close date; each deal once, for its owner and team (credit splits aside).',
  },
  DEALS_LOST: {
    sources: ['deals'],
    type: MetricValueType.INTEGER,
    unit: 'deals',
    format: 'integer',
    label: { EN: 'Deals lost', RU: 'Проиграно сделок' },
    description: 'Number of deals lost, placed by their close date.',
  },
  DEALS_OPEN: {
    sources: ['deals'],
    type: MetricValueType.INTEGER,
    unit: 'deals',
    format: 'integer',
    label: { EN: 'Open deals', RU: 'Открытых сделок' },
    description: 'Number of open deals, placed by their expected close date.',
  },
  PIPELINE_AMOUNT: {
    sources: ['deals'],
    type: MetricValueType.MONEY,
    unit: CURRENCY,
    format: 'money:2',
    label: { EN: 'Pipeline', RU: 'Воронка (сумма)' },
    description: 'Sum of the amounts of open deals, placed by their expected close date.',
  },
  WEIGHTED_PIPELINE: {
    sources: ['deals'],
    type: MetricValueType.MONEY,
    unit: CURRENCY,
    format: 'money:2',
    label: { EN: 'Weighted pipeline', RU: 'Взвешенная воронка' },
    description: 'Σ amount × stage probability / 100 over open deals, rounded to kopecks once after summing.',
  },
  WIN_RATE: {
    sources: ['deals'],
    type: MetricValueType.PERCENT,
    unit: 'fraction',
    format: 'percent:1',
    label: { EN: 'Win rate', RU: 'Доля выигрышей' },
    description: 'won / (won + lost) as a fraction with 4 decimals; null without closed deals.',
  },
  AVERAGE_DEAL_SIZE: {
    sources: ['deals'],
    type: MetricValueType.MONEY,
    unit: CURRENCY,
    format: 'money:2',
    label: { EN: 'Average deal size', RU: 'Средняя сделка' },
    description:
      'Amounts of the deals won / deals won, 2 decimals, whole deals of their owner and team (credit splits aside); null without won deals.',
  },
  AVERAGE_CYCLE_DAYS: {
    sources: ['deals'],
    type: MetricValueType.DECIMAL,
    unit: 'days',
    format: 'decimal:1',
    label: { EN: 'Average cycle, days', RU: 'Средний цикл, дней' },
    description: 'Average days from creation to close of the deals won, 1 decimal; null without won deals.',
  },
  QUOTA: {
    sources: ['quotas'],
    type: MetricValueType.MONEY,
    unit: CURRENCY,
    format: 'money:2',
    label: { EN: 'Quota', RU: 'План' },
    description: "Sum of the members' REVENUE quotas of the periods of one kind lying in the period.",
  },
  ATTAINMENT: {
    sources: ['deals', 'quotas'],
    type: MetricValueType.PERCENT,
    unit: 'fraction',
    format: 'percent:1',
    label: { EN: 'Attainment', RU: 'Выполнение плана' },
    description:
      "Revenue won (credited as REVENUE_WON) / quota as a fraction with 4 decimals; null without a quota. Broken down by TEAM (without MEMBER dimension or filter), each team's attainment as on its card: " +
      "revenue won over the team's whole subtree / the team's own REVENUE quota; otherwise Σ revenue won / Σ members' REVENUE quotas of the same rows.",
  },
  LEADS: {
    sources: ['leads'],
    type: MetricValueType.INTEGER,
    unit: 'leads',
    format: 'integer',
    label: { EN: 'Leads', RU: 'Лиды' },
    description: 'Number of leads, placed by their creation date.',
  },
  QUALIFIED_LEADS: {
    sources: ['leads'],
    type: MetricValueType.INTEGER,
    unit: 'leads',
    format: 'integer',
    label: { EN: 'Qualified leads', RU: 'Квалифицированные лиды' },
    description: 'Number of leads now QUALIFIED or CONVERTED, placed by their creation date.',
  },
  INTERACTIONS: {
    sources: ['interactions'],
    type: MetricValueType.INTEGER,
    unit: 'interactions',
    format: 'integer',
    label: { EN: 'Interactions', RU: 'Взаимодействия' },
    description: 'Number of calls, e-mails, meetings and notes, placed by when they occurred.',
  },
};

export const TIME_DIMENSIONS = [
  MetricDimension.DAY,
  MetricDimension.WEEK,
  MetricDimension.MONTH,
  MetricDimension.QUARTER,
  MetricDimension.YEAR,
] as const;

export interface DimensionSpec {
  type: MetricValueType;
  format: string | null;
  label: Record<MetricLanguage, string>;
  description: string;
}

export const DIMENSIONS: Record<MetricDimension, DimensionSpec> = {
  TEAM: {
    type: MetricValueType.ID,
    format: null,
    label: { EN: 'Team', RU: 'Команда' },
    description:
      'The team the record is credited to (for revenue won, the team of each regular credit share), not rolled up to parent teams.',
  },
  MEMBER: {
    type: MetricValueType.ID,
    format: null,
    label: { EN: 'Member', RU: 'Сотрудник' },
    description:
      'The owner of the deal or lead (for revenue won, each member credited with a share), the author of the interaction, the member the quota is set for.',
  },
  REGION: {
    type: MetricValueType.ID,
    format: null,
    label: { EN: 'Region', RU: 'Регион' },
    description: "The territory of the record's team; empty for teams without one.",
  },
  TEAM_KIND: {
    type: MetricValueType.STRING,
    format: null,
    label: { EN: 'Team kind', RU: 'Тип команды' },
    description: "The kind of the record's team (GEOGRAPHIC, PRODUCT, KEY_ACCOUNT, INSIDE_SALES).",
  },
  CHANNEL: {
    type: MetricValueType.ID,
    format: null,
    label: { EN: 'Channel', RU: 'Канал' },
    description: 'The sales channel of the deal or lead.',
  },
  PRODUCT: {
    type: MetricValueType.ID,
    format: null,
    label: { EN: 'Product', RU: 'Продукт' },
    description: 'The product of the deal; empty for deals without one.',
  },
  STAGE: { type: MetricValueType.ID, format: null, label: { EN: 'Stage', RU: 'Этап' }, description: 'The current stage of the deal.' },
  INDUSTRY: {
    type: MetricValueType.STRING,
    format: null,
    label: { EN: 'Customer industry', RU: 'Отрасль клиента' },
    description: 'The industry of the customer.',
  },
  DAY: { type: MetricValueType.DATE, format: 'date:day', label: { EN: 'Day', RU: 'День' }, description: 'Day of the record date.' },
  WEEK: {
    type: MetricValueType.DATE,
    format: 'date:week',
    label: { EN: 'Week', RU: 'Неделя' },
    description: 'ISO week (from Monday) of the record date; the value is its Monday.',
  },
  MONTH: {
    type: MetricValueType.DATE,
    format: 'date:month',
    label: { EN: 'Month', RU: 'Месяц' },
    description: 'Month of the record date; the value is its first day.',
  },
  QUARTER: {
    type: MetricValueType.DATE,
    format: 'date:quarter',
    label: { EN: 'Quarter', RU: 'Квартал' },
    description: 'Quarter of the record date; the value is its first day.',
  },
  YEAR: {
    type: MetricValueType.DATE,
    format: 'date:year',
    label: { EN: 'Year', RU: 'Год' },
    description: 'Year of the record date; the value is its first day.',
  },
};

/**
 * Dimensions each fact source can be broken down by. Everything else makes no sense: quotas are set per
 * member and period (not per stage, product, channel or industry, nor per day or week), leads have no
 * product nor stage, interactions no channel, product nor stage.
 */
export const SOURCE_DIMENSIONS: Record<FactSource, readonly MetricDimension[]> = {
  deals: Object.values(MetricDimension),
  quotas: [
    MetricDimension.TEAM,
    MetricDimension.MEMBER,
    MetricDimension.REGION,
    MetricDimension.TEAM_KIND,
    MetricDimension.MONTH,
    MetricDimension.QUARTER,
    MetricDimension.YEAR,
  ],
  leads: [
    MetricDimension.TEAM,
    MetricDimension.MEMBER,
    MetricDimension.REGION,
    MetricDimension.TEAM_KIND,
    MetricDimension.CHANNEL,
    MetricDimension.INDUSTRY,
    ...TIME_DIMENSIONS,
  ],
  interactions: [
    MetricDimension.TEAM,
    MetricDimension.MEMBER,
    MetricDimension.REGION,
    MetricDimension.TEAM_KIND,
    MetricDimension.INDUSTRY,
    ...TIME_DIMENSIONS,
  ],
};

export const SOURCE_NAMES: Record<FactSource, string> = {
  deals: 'deals',
  quotas: 'quotas (set per member and month, quarter or year)',
  leads: 'leads',
  interactions: 'interactions',
};

export const LIMITS = { maxMeasures: 8, maxDimensions: 3, defaultRows: 1000, maxRows: 10_000, maxFilterValues: 100 };

registerEnumType(MetricMeasure, {
  name: 'MetricMeasure',
  description: 'A measure of salesMetrics (docs/analytics.md).',
  valuesConfig: Object.fromEntries(Object.entries(MEASURES).map(([key, spec]) => [key, { description: spec.description }])),
});
registerEnumType(MetricDimension, {
  name: 'MetricDimension',
  description: 'A dimension salesMetrics breaks measures down by; at most one time dimension (DAY … YEAR) per query.',
  valuesConfig: Object.fromEntries(Object.entries(DIMENSIONS).map(([key, spec]) => [key, { description: spec.description }])),
});
registerEnumType(MetricColumnKind, {
  name: 'MetricColumnKind',
  description: 'Whether a result column is a dimension (what rows are grouped by) or a measure.',
  valuesConfig: {
    DIMENSION: { description: 'A dimension: the cell carries a value (key) and a label.' },
    MEASURE: { description: 'A measure: the cell carries a number as a string.' },
  },
});
registerEnumType(MetricValueType, {
  name: 'MetricValueType',
  description: 'How to read the values of a result column.',
  valuesConfig: {
    STRING: { description: 'Text; value and label are the same.' },
    ID: { description: 'A record id (value) with its name (label).' },
    DATE: { description: 'First day of a time bucket, ISO (value), with a label such as 2026-Q1.' },
    INTEGER: { description: 'A whole number as a string.' },
    DECIMAL: { description: 'A decimal number as a string, e.g. "12.5".' },
    PERCENT: { description: 'A fraction as a decimal string with 4 decimals ("0.4521" is 45.21 %).' },
    MONEY: { description: 'An amount as a decimal string with 2 decimals, in the column currency.' },
  },
});
registerEnumType(MetricLanguage, {
  name: 'MetricLanguage',
  description: 'Language of column labels and of stage and channel names.',
  valuesConfig: { EN: { description: 'English.' }, RU: { description: 'Russian.' } },
});
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort order.',
  valuesConfig: { ASC: { description: 'Ascending (empty values last).' }, DESC: { description: 'Descending (empty values last).' } },
});
registerEnumType(DealDateBasis, {
  name: 'DealDateBasis',
  description: 'Which date of a deal places it in the period and in time buckets.',
  valuesConfig: {
    CLOSE: { description: 'Close date for won and lost deals, expected close date for open deals (as in forecasts).' },
    CREATED: { description: 'Creation date (UTC) of the deal: cohorts of deals by when they were opened.' },
  },
});

/** How a saved view is drawn. */
export enum MetricChartKind {
  TABLE = 'TABLE',
  BAR = 'BAR',
  LINE = 'LINE',
  PIE = 'PIE',
  NUMBER = 'NUMBER',
}
registerEnumType(MetricChartKind, {
  name: 'MetricChartKind',
  description: 'How a saved view is drawn by widgets.',
  valuesConfig: {
    TABLE: { description: 'A table of every column.' },
    BAR: { description: 'Horizontal bars: the first measure by the first dimension.' },
    LINE: { description: 'A line: the first measure along the first dimension (a time dimension reads best).' },
    PIE: { description: 'Shares of the first measure by the first dimension.' },
    NUMBER: { description: 'One big number: the first measure of the first row (a query without dimensions).' },
  },
});

/** Who may open a saved view besides its owner. */
export enum SavedViewSharing {
  PRIVATE = 'PRIVATE',
  TEAM = 'TEAM',
  EVERYONE = 'EVERYONE',
}
registerEnumType(SavedViewSharing, {
  name: 'SavedViewSharing',
  description: 'Who may open a saved view. Whoever opens it sees the results their own access allows.',
  valuesConfig: {
    PRIVATE: { description: 'Its owner only (and admins).' },
    TEAM: { description: "The members of the owner's team and of the teams below it, and the managers above them." },
    EVERYONE: { description: 'Every signed-in person, and embed tokens for METRIC_VIEW widgets.' },
  },
});
