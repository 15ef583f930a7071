import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import type { DemoContext } from './context.js';
import { addDays, isoDate } from './bulk.js';
import { MemberRole } from '../org/enums.js';
import { createChannel, createProduct, createProductLine } from '../strategy/catalogue.service.js';
import type { Channel } from '../strategy/channel.entity.js';
import { KpiDirection, StrategyStatus } from '../strategy/enums.js';
import type { Product } from '../strategy/product.entity.js';
import { StrategyKpi } from '../strategy/strategy.entity.js';
import { createStrategy, reviewStrategy } from '../strategy/strategy.service.js';

export interface DemoProduct {
  product: Product;
  line: 'CLOUD' | 'NETWORK' | 'SERVICES';
}

export interface DemoCatalogue {
  channels: Map<string, Channel>;
  products: DemoProduct[];
}

const CHANNELS = [
  { code: 'DIRECT', nameEn: 'Direct field sales', nameRu: 'Прямые продажи', description: 'Встречи и переговоры менеджеров с клиентом.' },
  {
    code: 'INSIDE',
    nameEn: 'Inside sales',
    nameRu: 'Внутренние продажи',
    description: 'Исходящие звонки и рассылки отдела внутренних продаж.',
  },
  { code: 'PARTNER', nameEn: 'Partners', nameRu: 'Партнёры', description: 'Интеграторы и реселлеры.' },
  { code: 'ONLINE', nameEn: 'Online', nameRu: 'Онлайн: сайт и маркетплейсы', description: 'Заявки с сайта, вебинаров и маркетплейсов.' },
  {
    code: 'TENDER',
    nameEn: 'Tenders',
    nameRu: 'Тендеры и закупки',
    description: 'Государственные и корпоративные закупки (44-ФЗ, 223-ФЗ).',
  },
];

const LINES = [
  { code: 'CLOUD', name: 'Облачные сервисы', description: 'Инфраструктура, резервное копирование и SaaS.' },
  { code: 'NETWORK', name: 'Сетевое оборудование', description: 'Коммутаторы, маршрутизаторы, беспроводные сети.' },
  { code: 'SERVICES', name: 'Услуги', description: 'Внедрение, поддержка и обучение.' },
] as const;

const PRODUCTS: { code: string; name: string; line: DemoProduct['line']; listPrice: string }[] = [
  { code: 'CLOUD-IAAS', name: 'Облачная инфраструктура (IaaS)', line: 'CLOUD', listPrice: '1200000.00' },
  { code: 'CLOUD-BACKUP', name: 'Резервное копирование', line: 'CLOUD', listPrice: '450000.00' },
  { code: 'CLOUD-OFFICE', name: 'Облачный офис (SaaS)', line: 'CLOUD', listPrice: '300000.00' },
  { code: 'NET-SWITCH', name: 'Коммутаторы уровня доступа', line: 'NETWORK', listPrice: '850000.00' },
  { code: 'NET-ROUTER', name: 'Маршрутизаторы филиалов', line: 'NETWORK', listPrice: '1500000.00' },
  { code: 'NET-WIFI', name: 'Корпоративный Wi-Fi', line: 'NETWORK', listPrice: '600000.00' },
  { code: 'SRV-IMPL', name: 'Внедрение и миграция', line: 'SERVICES', listPrice: '900000.00' },
  { code: 'SRV-SUPPORT', name: 'Расширенная техподдержка 24/7', line: 'SERVICES', listPrice: '400000.00' },
  { code: 'SRV-TRAINING', name: 'Обучение администраторов', line: 'SERVICES', listPrice: '180000.00' },
];

/** Sales channels, product lines and products. */
async function seedCatalogue(em: EntityManager): Promise<DemoCatalogue> {
  const channels = new Map<string, Channel>();
  for (const channel of CHANNELS) channels.set(channel.code, await createChannel(em, channel));
  const lines = new Map<string, number>();
  for (const line of LINES) lines.set(line.code, (await createProductLine(em, line)).id);
  const products: DemoProduct[] = [];
  for (const p of PRODUCTS) {
    products.push({
      product: await createProduct(em, { code: p.code, name: p.name, lineId: lines.get(p.line)!, listPrice: p.listPrice }),
      line: p.line,
    });
  }
  return { channels, products };
}

/** Quarter statistics of the demo deals, so that strategy reviews record the values the data show. */
export interface QuarterFigures {
  revenue: bigint;
  won: number;
  lost: number;
  cycleDays: number[];
  newCustomers: number;
}

function quarterStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3, 1));
}

function rub(kopecks: bigint): string {
  return `${kopecks / 100n}.${(kopecks % 100n).toString().padStart(2, '0')}`;
}

function figuresOf(quarters: Map<string, QuarterFigures>, from: Date): QuarterFigures {
  return quarters.get(isoDate(from)) ?? { revenue: 0n, won: 0, lost: 0, cycleDays: [], newCustomers: 0 };
}

/**
 * Strategies: an active organisation-wide growth strategy reviewed every quarter since it started,
 * an active key-account strategy and a draft for the cloud team; reviews record the KPI values that the
 * demo deals give for the quarter just ended.
 */
async function seedStrategies(em: EntityManager, context: DemoContext): Promise<void> {
  const { org, catalogue, pipeline } = context;
  if (!org || !catalogue || !pipeline) throw new Error('seedStrategies runs after the organisation, the catalogue and the pipeline');
  const manager = (key: string) => org.members.find((m) => m.role === MemberRole.MANAGER && m.team.id === org.teams.get(key)!.id)!;
  const channelIds = (codes: string[]) => codes.map((code, i) => ({ channelId: catalogue.channels.get(code)!.id, priority: i + 1 }));
  const product = (code: string) => catalogue.products.find((p) => p.product.code === code)!.product.id;
  const quarters = pipeline.quarterFigures;
  const today = context.today;
  const firstQuarter = quarterStart(addDays(today, -450));

  const growth = await createStrategy(em, {
    name: 'Рост продаж 2025–2026',
    description: 'Рост выручки на 25% в год за счёт регионов, партнёрского канала и повторных продаж.',
    ownerId: manager('national').id,
    status: StrategyStatus.ACTIVE,
    startDate: isoDate(firstQuarter),
    targetAudience: 'ИТ-директора и руководители инфраструктуры компаний от 200 сотрудников; закупочные комиссии госзаказчиков.',
    trends: [
      'Импортозамещение сетевого оборудования и ПО',
      'Переход малого и среднего бизнеса в облака',
      'Рост требований к резервному копированию после инцидентов',
      'Консолидация закупок у федеральных сетей',
    ],
    usp: 'Поставка, внедрение и поддержка из одних рук в любом регионе России за 30 дней.',
    salesProcessNotes: 'Лиды квалифицируются по BANT отделом внутренних продаж и передаются полевым командам по региону клиента.',
    reviewEveryMonths: 3,
    segments: [
      {
        name: 'Средний бизнес в регионах',
        description: 'Производство и логистика от 200 до 1000 сотрудников.',
        marketSize: '2400000000.00',
        growthPercent: '12.50',
      },
      {
        name: 'Федеральные торговые сети',
        description: 'Сети с сотнями магазинов и распределительными центрами.',
        marketSize: '900000000.00',
        growthPercent: '6.00',
      },
      {
        name: 'Государственный сектор',
        description: 'Региональные органы власти и бюджетные учреждения.',
        marketSize: '1250000000.00',
        growthPercent: '9.00',
      },
      {
        name: 'Малый бизнес онлайн',
        description: 'Компании до 100 сотрудников, покупающие облачные сервисы онлайн.',
        marketSize: '600000000.00',
        growthPercent: '18.00',
      },
    ],
    competitors: [
      {
        name: 'ТехноСфера',
        strengths: ['Крупные федеральные контракты', 'Собственное производство'],
        weaknesses: ['Долгие сроки поставки', 'Слабое присутствие в регионах'],
        marketSharePercent: '22.00',
        notes: 'Выигрываем сроками и сервисом в регионах.',
      },
      {
        name: 'Облако.Про',
        strengths: ['Низкая цена облака', 'Быстрый онлайн-старт'],
        weaknesses: ['Нет выездной поддержки', 'Нет сетевого оборудования'],
        marketSharePercent: '15.50',
        notes: 'Продаём комплекс: облако + сеть + поддержка.',
      },
      {
        name: 'СетьИнтегратор',
        strengths: ['Сильная партнёрская сеть'],
        weaknesses: ['Зависимость от одного вендора', 'Высокая цена внедрения'],
        marketSharePercent: '11.00',
      },
    ],
    propositions: [
      {
        statement: 'Запуск облачной инфраструктуры за 5 рабочих дней с миграцией под ключ.',
        segmentName: 'Средний бизнес в регионах',
        productId: product('CLOUD-IAAS'),
      },
      {
        statement: 'Единый подрядчик на сеть всех магазинов с заменой оборудования за 24 часа.',
        segmentName: 'Федеральные торговые сети',
        productId: product('NET-SWITCH'),
      },
      { statement: 'Решения из реестра отечественного ПО и оборудования, готовые к 44-ФЗ.', segmentName: 'Государственный сектор' },
    ],
    channels: channelIds(['DIRECT', 'PARTNER', 'INSIDE', 'ONLINE', 'TENDER']),
    kpis: [
      { name: 'Выручка за квартал', unit: 'RUB', target: '260000000', direction: KpiDirection.HIGHER_IS_BETTER },
      { name: 'Доля выигранных сделок', unit: '%', target: '30', direction: KpiDirection.HIGHER_IS_BETTER },
      { name: 'Средний цикл сделки', unit: 'days', target: '45', direction: KpiDirection.LOWER_IS_BETTER },
      { name: 'Новые клиенты за квартал', unit: 'customers', target: '35', direction: KpiDirection.HIGHER_IS_BETTER },
    ],
  });
  const keyAccounts = await createStrategy(em, {
    name: 'Ключевые клиенты: удержание и рост',
    description: 'Повторные продажи федеральным сетям и госзаказчикам.',
    teamId: org.teams.get('key')!.id,
    ownerId: manager('key').id,
    status: StrategyStatus.ACTIVE,
    startDate: isoDate(quarterStart(addDays(today, -270))),
    targetAudience: 'Топ-50 клиентов по выручке.',
    trends: ['Долгосрочные рамочные договоры', 'Требования к SLA 99,9%'],
    usp: 'Персональный менеджер и инженер для каждого ключевого клиента.',
    reviewEveryMonths: 6,
    competitors: [{ name: 'ТехноСфера', strengths: ['Федеральный масштаб'], weaknesses: ['Бюрократия', 'Шаблонные предложения'] }],
    channels: channelIds(['DIRECT', 'TENDER']),
    kpis: [
      { name: 'Выручка ключевых клиентов за полугодие', unit: 'RUB', target: '120000000' },
      { name: 'Доля удержанных клиентов', unit: '%', target: '85' },
    ],
  });
  await createStrategy(em, {
    name: 'Облачные сервисы 2027',
    teamId: org.teams.get('cloud')!.id,
    ownerId: manager('cloud').id,
    status: StrategyStatus.DRAFT,
    startDate: `${today.getUTCFullYear() + 1}-01-01`,
    usp: 'Российское облако с гарантированным SLA и поддержкой на русском языке 24/7.',
    trends: ['Спрос на частные облака', 'Рост цен у зарубежных провайдеров'],
    channels: channelIds(['ONLINE', 'PARTNER']),
    kpis: [{ name: 'Новые облачные клиенты за квартал', unit: 'customers', target: '40' }],
  });
  await em.flush();

  // Quarterly reviews of the growth strategy, recording what the deals of the quarter gave.
  const kpis = await em.find(StrategyKpi, { strategy: growth.id }, { orderBy: { id: 'asc' } });
  const CHANGES = [
    ['Усилен партнёрский канал: запущена программа сертификации партнёров.'],
    ['Онлайн-заявки переданы во внутренние продажи для квалификации в течение суток.', 'Снижен порог скидки для повторных продаж.'],
    [],
    ['Добавлен этап демонстрации для облачных сделок.', 'Пересмотрены цели по госсектору.'],
    ['Перераспределены территории между Поволжьем и Уралом.'],
    [],
  ];
  let index = 0;
  for (let q = firstQuarter; ; index += 1) {
    const next = new Date(Date.UTC(q.getUTCFullYear(), q.getUTCMonth() + 3, 1));
    const reviewOn = addDays(next, 9);
    if (reviewOn > today) break;
    const f = figuresOf(quarters, q);
    const winRate = f.won + f.lost ? ((f.won * 10000) / (f.won + f.lost) / 100).toFixed(2) : '0';
    const cycle = f.cycleDays.length ? (f.cycleDays.reduce((a, b) => a + b, 0) / f.cycleDays.length).toFixed(1) : '0';
    await reviewStrategy(
      em,
      growth.id,
      {
        reviewedOn: isoDate(reviewOn),
        summary: `Итоги квартала с ${isoDate(q)}: выручка ${rub(f.revenue)} ₽, выиграно ${f.won} сделок, новых клиентов ${f.newCustomers}.`,
        changes: CHANGES[index % CHANGES.length],
        kpiValues: [
          { kpiId: kpis[0].id, value: rub(f.revenue) },
          { kpiId: kpis[1].id, value: winRate },
          { kpiId: kpis[2].id, value: cycle },
          { kpiId: kpis[3].id, value: String(f.newCustomers) },
        ],
      },
      manager('national').id,
    );
    q = next;
  }
  const keyKpis = await em.find(StrategyKpi, { strategy: keyAccounts.id }, { orderBy: { id: 'asc' } });
  const reviewOn = addDays(new Date(`${keyAccounts.startDate}T00:00:00Z`), 183);
  if (reviewOn <= today) {
    await reviewStrategy(
      em,
      keyAccounts.id,
      {
        reviewedOn: isoDate(reviewOn),
        summary: 'Полугодие: удержание выше цели, выручка немного ниже плана из-за переноса тендеров.',
        changes: ['Для каждой сети назначен инженер сопровождения.'],
        kpiValues: [
          { kpiId: keyKpis[0].id, value: '112500000' },
          { kpiId: keyKpis[1].id, value: '88.5' },
        ],
      },
      manager('key').id,
    );
  }
}

/** The catalogue: channels, product lines and products. */
export class CatalogueSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    context.catalogue = await seedCatalogue(em);
  }
}

/** Sales strategies with their analysis, KPIs and reviews, from the seeded deals. */
export class StrategySeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    await seedStrategies(em, context);
  }
}
