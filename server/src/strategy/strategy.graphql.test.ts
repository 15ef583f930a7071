import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { expectGraphQLError, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let f: PipelineFixture;
beforeAll(async () => {
  server = await startTestServer();
  f = await buildPipelineFixture(server.client());
});
afterAll(() => server?.close());

const today = () => new Date().toISOString().slice(0, 10);
/** Last year: every date of the scenario is in the past whenever the test runs. */
const Y = new Date().getUTCFullYear() - 1;
const STRATEGY = `id name status startDate usp trends targetAudience reviewEveryMonths nextReviewDue team { id } owner { id }
  segments { name marketSize growthPercent } competitors { name strengths weaknesses marketSharePercent }
  sellingPropositions { statement segment { name } product { id } } channels { priority role channel { id } }
  salesProcess { code } kpis { id name unit target direction } reviews { reviewedOn summary changes kpiValues { kpi { name } value target met } }`;

interface StrategyShape {
  id: string;
  status: string;
  nextReviewDue: string;
  segments: { name: string }[];
  competitors: { name: string; strengths: string[]; weaknesses: string[] }[];
  sellingPropositions: { statement: string; segment: { name: string } | null; product: { id: string } | null }[];
  channels: { priority: number; channel: { id: string } }[];
  salesProcess: { code: string }[];
  kpis: { id: string; name: string; target: string; direction: string }[];
  reviews: { reviewedOn: string; changes: string[]; kpiValues: { kpi: { name: string }; value: string; target: string; met: boolean }[] }[];
}

function input(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Рост в регионах',
    teamId: f.fieldTeamId,
    ownerId: f.managerId,
    status: 'ACTIVE',
    startDate: `${Y}-01-01`,
    targetAudience: 'ИТ-директора среднего бизнеса',
    trends: ['Импортозамещение', 'Облака'],
    usp: 'Поставка и внедрение за 30 дней',
    segments: [{ name: 'Средний бизнес', marketSize: '1000000000', growthPercent: '-2.5' }, { name: 'Госсектор' }],
    competitors: [{ name: 'ТехноСфера', strengths: ['Цена'], weaknesses: ['Сроки', 'Поддержка'], marketSharePercent: '20' }],
    propositions: [{ statement: 'Запуск за 5 дней', segmentName: 'Средний бизнес', productId: f.productId }],
    channels: [{ channelId: f.channelId, role: 'Основной' }],
    kpis: [
      { name: 'Выручка', unit: 'RUB', target: '1000000' },
      { name: 'Цикл сделки', unit: 'days', target: '45', direction: 'LOWER_IS_BETTER' },
    ],
    ...overrides,
  };
}

describe('strategies', () => {
  it('records a strategy with its analysis, channels, process and KPIs, and reviews it over time', async () => {
    const manager = server.client(`MANAGER:${f.managerId}`);
    const { createStrategy } = await manager.request<{ createStrategy: StrategyShape }>(
      `mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { ${STRATEGY} } }`,
      { i: input() },
    );
    expect(createStrategy.competitors).toEqual([
      { name: 'ТехноСфера', strengths: ['Цена'], weaknesses: ['Сроки', 'Поддержка'], marketSharePercent: '20.00' },
    ]);
    expect(createStrategy.sellingPropositions).toEqual([
      { statement: 'Запуск за 5 дней', segment: { name: 'Средний бизнес' }, product: { id: f.productId } },
    ]);
    expect(createStrategy.channels).toEqual([{ priority: 1, role: 'Основной', channel: { id: f.channelId } }]);
    expect(createStrategy.salesProcess.map((s) => s.code)).toEqual(['LEAD', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST']);
    expect(createStrategy.nextReviewDue).toBe(`${Y}-04-01`);
    const [revenue, cycle] = createStrategy.kpis;
    const review = (values: [string, string][], reviewedOn = today(), changes: string[] = []) =>
      manager.request<{ reviewStrategy: { kpiValues: { kpi: { name: string }; met: boolean; target: string }[] } }>(
        `mutation($s: ID!, $i: ReviewStrategyInput!) { reviewStrategy(strategyId: $s, input: $i) { kpiValues { kpi { name } value target met } } }`,
        {
          s: createStrategy.id,
          i: { reviewedOn, summary: 'Итоги', changes, kpiValues: values.map(([kpiId, value]) => ({ kpiId, value })) },
        },
      );
    const first = await review(
      [
        [revenue.id, '1000000'],
        [cycle.id, '50.5'],
      ],
      `${Y}-04-05`,
      ['Добавлен партнёрский канал'],
    );
    expect(first.reviewStrategy.kpiValues.map((v) => [v.kpi.name, v.met])).toEqual([
      ['Выручка', true],
      ['Цикл сделки', false],
    ]);
    await expectGraphQLError(review([[revenue.id, '1']]), 'BAD_USER_INPUT', 'kpiValues');
    await expectGraphQLError(
      review([
        [revenue.id, '1'],
        [revenue.id, '2'],
      ]),
      'BAD_USER_INPUT',
      'kpiValues[1].kpiId',
    );
    await expectGraphQLError(
      review(
        [
          [revenue.id, '1'],
          [cycle.id, '1'],
        ],
        `${Y - 1}-12-31`,
      ),
      'BAD_USER_INPUT',
      'reviewedOn',
    );
    await expectGraphQLError(
      review([
        [revenue.id, 'abc'],
        [cycle.id, '1'],
      ]),
      'BAD_USER_INPUT',
    );
    // The target changes: the next review records the new target; the first keeps the old one.
    await manager.request(`mutation($id: ID!, $i: UpdateStrategyInput!) { updateStrategy(id: $id, input: $i) { id } }`, {
      id: createStrategy.id,
      i: {
        kpis: [
          { id: revenue.id, name: 'Выручка', unit: 'RUB', target: '2000000' },
          { name: 'Новые клиенты', unit: 'customers', target: '10' },
        ],
        competitors: [],
      },
    });
    const { strategy } = await manager.request<{ strategy: StrategyShape }>(`query($id: ID!) { strategy(id: $id) { ${STRATEGY} } }`, {
      id: createStrategy.id,
    });
    expect(strategy.kpis.map((k) => [k.name, k.target])).toEqual([
      ['Выручка', '2000000.0000'],
      ['Новые клиенты', '10.0000'],
    ]);
    expect(strategy.competitors).toEqual([]);
    expect(strategy.segments).toHaveLength(2);
    await review(
      [
        [revenue.id, '1500000'],
        [strategy.kpis[1].id, '12'],
      ],
      `${Y}-07-03`,
    );
    const { strategy: reviewed } = await manager.request<{ strategy: StrategyShape }>(
      `query($id: ID!) { strategy(id: $id) { ${STRATEGY} } }`,
      { id: createStrategy.id },
    );
    expect(reviewed.reviews.map((r) => r.reviewedOn)).toEqual([`${Y}-07-03`, `${Y}-04-05`]);
    expect(reviewed.reviews[0].kpiValues.map((v) => [v.kpi.name, v.target, v.met])).toEqual([
      ['Выручка', '2000000.0000', false],
      ['Новые клиенты', '10.0000', true],
    ]);
    expect(reviewed.reviews[1].kpiValues.map((v) => [v.kpi.name, v.target])).toEqual([
      ['Выручка', '1000000.0000'],
      ['Цикл сделки', '45.0000'],
    ]);
    expect(reviewed.reviews[1].changes).toEqual(['Добавлен партнёрский канал']);
    expect(reviewed.nextReviewDue).toBe(`${Y}-10-03`);
  });

  it('lets managers of the team and admins write strategies, and refuses bad input', async () => {
    const create = (viewer: string, overrides: Record<string, unknown> = {}) =>
      server.client(viewer).request(`mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { id } }`, { i: input(overrides) });
    await expectGraphQLError(create(`REP:${f.repId}`), 'FORBIDDEN');
    await expectGraphQLError(create('ANALYST'), 'FORBIDDEN');
    await expectGraphQLError(create(`MANAGER:${f.managerId}`, { teamId: f.otherTeamId }), 'FORBIDDEN');
    await expectGraphQLError(create(`MANAGER:${f.managerId}`, { teamId: null }), 'FORBIDDEN');
    const before = (await server.client().request<{ strategies: { totalCount: number } }>(`{ strategies { totalCount } }`)).strategies
      .totalCount;
    await expectGraphQLError(create('ADMIN', { endDate: `${Y - 1}-01-01` }), 'BAD_USER_INPUT', 'endDate');
    await expectGraphQLError(
      create('ADMIN', { propositions: [{ statement: 'x', segmentName: 'Нет такого' }] }),
      'BAD_USER_INPUT',
      'propositions[0].segmentName',
    );
    await expectGraphQLError(create('ADMIN', { segments: [{ name: 'A' }, { name: 'a' }] }), 'BAD_USER_INPUT', 'segments');
    await expectGraphQLError(create('ADMIN', { channels: [{ channelId: '999999' }] }), 'NOT_FOUND', 'channels[0].channelId');
    await expectGraphQLError(create('ADMIN', { usp: ' ' }), 'BAD_USER_INPUT', 'usp');
    await expectGraphQLError(create('ADMIN', { reviewEveryMonths: 0 }), 'BAD_USER_INPUT', 'reviewEveryMonths');
    await expectGraphQLError(
      create('ADMIN', { competitors: [{ name: 'X', strengths: [], weaknesses: [], marketSharePercent: '120' }] }),
      'BAD_USER_INPUT',
      'competitors[0].marketSharePercent',
    );
    const after = (await server.client().request<{ strategies: { totalCount: number } }>(`{ strategies { totalCount } }`)).strategies
      .totalCount;
    expect(after).toBe(before);
    const { createStrategy } = await server
      .client()
      .request<{ createStrategy: { id: string } }>(`mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { id } }`, {
        i: input({ teamId: null, status: 'DRAFT', name: 'Черновик' }),
      });
    await expectGraphQLError(
      server.client().request(`mutation($s: ID!, $i: ReviewStrategyInput!) { reviewStrategy(strategyId: $s, input: $i) { id } }`, {
        s: createStrategy.id,
        i: { summary: 'x', kpiValues: [] },
      }),
      'CONFLICT',
      'strategyId',
    );
    const read = await server
      .client(`REP:${f.repId}`)
      .request<{ strategy: { name: string } }>(`query($id: ID!) { strategy(id: $id) { name } }`, { id: createStrategy.id });
    expect(read.strategy.name).toBe('Черновик');
  });

  it('manages the catalogue of channels and products', async () => {
    const admin = server.client();
    await expectGraphQLError(
      admin.request(`mutation { createChannel(input: { code: "bad code!", nameEn: "x", nameRu: "x" }) { id } }`),
      'BAD_USER_INPUT',
      'code',
    );
    const { createChannel } = await admin.request<{ createChannel: { id: string; code: string } }>(
      `mutation { createChannel(input: { code: "events", nameEn: "Events", nameRu: "Мероприятия" }) { id code } }`,
    );
    expect(createChannel.code).toBe('EVENTS');
    await expectGraphQLError(
      admin.request(`mutation { createChannel(input: { code: "EVENTS", nameEn: "x", nameRu: "x" }) { id } }`),
      'CONFLICT',
      'code',
    );
    await admin.request(`mutation($id: ID!) { archiveChannel(id: $id) { id } }`, { id: createChannel.id });
    const { channels } = await admin.request<{ channels: { code: string }[] }>(`{ channels { code } }`);
    expect(channels.map((c) => c.code)).not.toContain('EVENTS');
    await expectGraphQLError(
      admin.request(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
        i: {
          title: 'x',
          accountId: f.customerId,
          ownerId: f.repId,
          amount: '1',
          channelId: createChannel.id,
          expectedCloseDate: '2099-01-01',
        },
      }),
      'BAD_USER_INPUT',
      'channelId',
    );
    await expectGraphQLError(
      server.client(`MANAGER:${f.managerId}`).request(`mutation { createChannel(input: { code: "M", nameEn: "x", nameRu: "x" }) { id } }`),
      'FORBIDDEN',
    );
    const { products } = await admin.request<{ products: { nodes: { code: string; line: { name: string } }[] } }>(
      `{ products { nodes { code line { name } } } }`,
    );
    expect(products.nodes.length).toBeGreaterThan(0);
  });
});
