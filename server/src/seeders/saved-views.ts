import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import type { DemoContext } from './context.js';
import { MetricChartKind, SavedViewSharing } from '../analytics/catalogue.js';
import { metricsQueryToJson, parseMetricsQuery } from '../analytics/query.js';
import { SavedView } from '../analytics/saved-view.entity.js';

/** Demo views belong to the demo analyst (a service account without a member) and are shared with everyone. */
export const DEMO_VIEW_OWNER = 'subject:demo-analyst';

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** Saved views of the demo, one per chart kind, over the year to date and the last twelve months. */
async function seedSavedViews(em: EntityManager, context: DemoContext): Promise<void> {
  const today = context.today;
  const yearStart = `${today.getUTCFullYear()}-01-01`;
  const yearAgo = iso(new Date(Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth() + 1, 1)));
  const quarterStart = iso(new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1)));
  const quarterEnd = iso(new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3 + 3, 0)));
  const views: { name: string; description: string; chartKind: MetricChartKind; query: Record<string, unknown> }[] = [
    {
      name: 'Выручка по командам с начала года',
      description: 'Сумма выигранных сделок по командам, которым они засчитаны.',
      chartKind: MetricChartKind.BAR,
      query: {
        measures: ['REVENUE_WON'],
        dimensions: ['TEAM'],
        filter: { from: yearStart, to: iso(today) },
        sort: [{ measure: 'REVENUE_WON', direction: 'DESC' }],
        limit: 12,
      },
    },
    {
      name: 'Выручка по месяцам',
      description: 'Выигранные сделки за последние двенадцать месяцев.',
      chartKind: MetricChartKind.LINE,
      query: { measures: ['REVENUE_WON'], dimensions: ['MONTH'], filter: { from: yearAgo, to: iso(today) } },
    },
    {
      name: 'Лиды по каналам',
      description: 'Откуда пришли лиды за последние двенадцать месяцев.',
      chartKind: MetricChartKind.PIE,
      query: {
        measures: ['LEADS'],
        dimensions: ['CHANNEL'],
        filter: { from: yearAgo, to: iso(today) },
        sort: [{ measure: 'LEADS', direction: 'DESC' }],
      },
    },
    {
      name: 'Доля выигранных сделок с начала года',
      description: 'Выиграно / (выиграно + проиграно) по сделкам, закрытым с начала года.',
      chartKind: MetricChartKind.NUMBER,
      query: { measures: ['WIN_RATE'], filter: { from: yearStart, to: iso(today) } },
    },
    {
      name: 'Выполнение плана за квартал',
      description: 'Выручка, квартальный план сотрудников и выполнение по командам.',
      chartKind: MetricChartKind.TABLE,
      query: {
        measures: ['REVENUE_WON', 'QUOTA', 'ATTAINMENT'],
        dimensions: ['TEAM'],
        filter: { from: quarterStart, to: quarterEnd, quotaPeriodKind: 'QUARTER' },
        sort: [{ measure: 'ATTAINMENT', direction: 'DESC' }],
      },
    },
  ];
  for (const view of views) {
    em.create(SavedView, {
      ...view,
      query: metricsQueryToJson(parseMetricsQuery(view.query)),
      sharing: SavedViewSharing.EVERYONE,
      ownerKey: DEMO_VIEW_OWNER,
    });
  }
  await em.flush();
}

/** The first demo view of each chart kind, for the demo page (`{{barViewId}}`, `{{tableViewId}}`, …). */
export async function demoViewIds(em: EntityManager): Promise<Record<string, string>> {
  const rows = await em
    .getConnection()
    .execute<{ chart_kind: string; id: number }[]>(
      'select distinct on (chart_kind) chart_kind, id from saved_view where owner_key = ? order by chart_kind, id',
      [DEMO_VIEW_OWNER],
    );
  return Object.fromEntries(rows.map((r) => [`${r.chart_kind.toLowerCase()}ViewId`, String(r.id)]));
}

/** The demo analyst's saved views. */
export class SavedViewSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    await seedSavedViews(em, context);
  }
}
