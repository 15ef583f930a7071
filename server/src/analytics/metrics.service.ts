import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordScope } from '../access/policy.js';
import { CURRENCY, DIMENSIONS, MEASURES, MetricColumnKind, MetricLanguage, MetricValueType } from './catalogue.js';
import type { MetricsQuery } from './query.js';
import { buildMetricsStatement, measureAlias } from './sql.js';
import type { MetricColumn, MetricsResult } from './types.js';

export function metricColumns(query: MetricsQuery, language: MetricLanguage): MetricColumn[] {
  const dimensions = query.dimensions.map((d) => {
    const spec = DIMENSIONS[d];
    return {
      key: d,
      label: spec.label[language],
      kind: MetricColumnKind.DIMENSION,
      type: spec.type,
      unit: null,
      currency: null,
      format: spec.format,
    };
  });
  const measures = query.measures.map((m) => {
    const spec = MEASURES[m];
    const currency = spec.type === MetricValueType.MONEY ? CURRENCY : null;
    return {
      key: m,
      label: spec.label[language],
      kind: MetricColumnKind.MEASURE,
      type: spec.type,
      unit: spec.unit,
      currency,
      format: spec.format,
    };
  });
  return [...dimensions, ...measures];
}

/**
 * Runs a checked metrics query (see query.ts) over the records `scope` lets the viewer read, in one SQL
 * statement. Rows beyond `limit` are not returned: `totalRows` and `truncated` say how many there were.
 */
export async function runMetrics(
  em: EntityManager,
  query: MetricsQuery,
  scope: RecordScope,
  language = MetricLanguage.EN,
): Promise<MetricsResult> {
  const { sql, params } = buildMetricsStatement(query, scope, language);
  const rows = await em.execute<Record<string, string | number | null>[]>(sql, params);
  const text = (value: string | number | null | undefined) => (value === null || value === undefined ? null : String(value));
  const totalRows = rows.length ? Number(rows[0].total_rows) : 0;
  return {
    columns: metricColumns(query, language),
    rows: rows.map((row) => ({
      cells: [
        ...query.dimensions.map((_, i) => ({ value: text(row[`d${i}_id`]), label: text(row[`d${i}_label`]) })),
        ...query.measures.map((m) => ({ value: text(row[measureAlias(m)]), label: null })),
      ],
    })),
    totalRows,
    truncated: totalRows > rows.length,
  };
}
