import { describe, expect, it } from 'vitest';
import { MetricColumnKind, MetricValueType } from './catalogue.js';
import { attachmentHeader, metricsCsv } from './csv.js';

const column = (key: string, label: string, kind: MetricColumnKind, type: MetricValueType) => ({
  key,
  label,
  kind,
  type,
  unit: null,
  currency: null,
  format: null,
});

describe('metrics CSV', () => {
  it('starts with a BOM, quotes per RFC 4180, disarms formulas and keeps numbers locale-neutral', () => {
    const csv = metricsCsv({
      columns: [
        column('TEAM', 'Команда', MetricColumnKind.DIMENSION, MetricValueType.ID),
        column('REVENUE_WON', 'Выручка, ₽', MetricColumnKind.MEASURE, MetricValueType.MONEY),
      ],
      rows: [
        {
          cells: [
            { value: '1', label: 'Отдел "Север", Москва' },
            { value: '1250000.50', label: null },
          ],
        },
        {
          cells: [
            { value: '2', label: '=HYPERLINK("x")' },
            { value: '-3.00', label: null },
          ],
        },
        {
          cells: [
            { value: null, label: null },
            { value: null, label: null },
          ],
        },
      ],
      totalRows: 3,
      truncated: false,
    });
    expect(csv).toBe('\uFEFFКоманда,"Выручка, ₽"\r\n"Отдел ""Север"", Москва",1250000.50\r\n"\'=HYPERLINK(""x"")",-3.00\r\n,\r\n');
  });

  it('names the attachment in ASCII and in UTF-8', () => {
    expect(attachmentHeader('Выручка по командам')).toBe(
      `attachment; filename="metrics.csv"; filename*=UTF-8''${encodeURIComponent('Выручка по командам.csv')}`,
    );
    expect(attachmentHeader('Q1 revenue')).toBe(`attachment; filename="Q1-revenue.csv"; filename*=UTF-8''Q1%20revenue.csv`);
  });
});
