import {
  ADMIN_ONLY,
  STAFF,
  TEAM_MANAGERS,
  TEAM_RECORD_READERS,
  notEmbedded,
  type MatrixHelpers,
  type MatrixRow,
} from '../testing/access-matrix.js';
import {
  channelId,
  dealOf,
  freshCode,
  ids,
  inDays,
  known,
  leadOf,
  newProduct,
  once,
  productLineId,
  strategyInput,
  strategyOf,
} from '../testing/matrix-records.js';

/**
 * Authorization matrix rows of channels, products, product lines, strategies and channel effectiveness
 * (docs/pipeline.md):
 * - the catalogue (channels, product lines, products) and strategies are read by the whole organisation
 *   and not opened to embed tokens; the catalogue and organisation-wide strategies are changed by admins,
 *   a team's strategies by the managers of its subtree and admins;
 * - channel effectiveness aggregates the leads and deals the caller reads; over a team it reads the
 *   team's records (not its reps).
 */

/** A channel or product that only the admin case changes or archives (the others are refused first). */
const spareChannel = (h: MatrixHelpers) =>
  once(
    h,
    'spare-channel',
    async () =>
      (
        await h.admin<{ createChannel: { id: string } }>(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { id } }`, {
          i: { code: freshCode('MXC'), nameEn: 'Partner', nameRu: 'Партнёры' },
        })
      ).createChannel.id,
  );
const spareProduct = (h: MatrixHelpers) => once(h, 'spare-product', () => newProduct(h));
const product = (h: MatrixHelpers) => once(h, 'product', () => newProduct(h));

export const rows: MatrixRow[] = [
  // Channels
  {
    operation: 'channel',
    target: 'none',
    document: `query($id: ID!) { channel(id: $id) { id code } }`,
    variables: async (_t, h) => ({ id: await channelId(h) }),
    allowed: STAFF,
  },
  {
    operation: 'channels',
    target: 'none',
    document: `{ channels { id } }`,
    variables: async (_t, h) => (await channelId(h), {}),
    listed: (data) => ids(data.channels),
    listedId: (_t, f) => known(f, 'channel'),
    allowed: STAFF,
  },
  {
    operation: 'createChannel',
    target: 'none',
    document: `mutation($i: CreateChannelInput!) { createChannel(input: $i) { id } }`,
    variables: () => ({ i: { code: freshCode('MXC'), nameEn: 'Online', nameRu: 'Онлайн' } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateChannel',
    target: 'none',
    document: `mutation($id: ID!, $i: UpdateChannelInput!) { updateChannel(id: $id, input: $i) { id } }`,
    variables: async (_t, h) => ({ id: await spareChannel(h), i: { description: h.unique('Описание') } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'archiveChannel',
    target: 'none',
    document: `mutation($id: ID!) { archiveChannel(id: $id) { id } }`,
    variables: async (_t, h) => ({ id: await spareChannel(h) }),
    allowed: ADMIN_ONLY,
  },

  // Product lines and products
  {
    operation: 'productLines',
    target: 'none',
    document: `{ productLines { id } }`,
    variables: async (_t, h) => (await productLineId(h), {}),
    listed: (data) => ids(data.productLines),
    listedId: (_t, f) => known(f, 'line'),
    allowed: STAFF,
  },
  {
    operation: 'createProductLine',
    target: 'none',
    document: `mutation($i: CreateProductLineInput!) { createProductLine(input: $i) { id } }`,
    variables: (_t, h) => ({ i: { code: freshCode('MXL'), name: h.unique('Линейка') } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'product',
    target: 'none',
    document: `query($id: ID!) { product(id: $id) { id name } }`,
    variables: async (_t, h) => ({ id: await product(h) }),
    allowed: STAFF,
  },
  {
    operation: 'products',
    target: 'none',
    document: `query($l: ID!) { products(first: 50, filter: { lineId: $l }) { nodes { id } } }`,
    variables: async (_t, h) => (await product(h), { l: await productLineId(h) }),
    listed: (data) => ids(data.products),
    listedId: (_t, f) => known(f, 'product'),
    allowed: STAFF,
  },
  {
    operation: 'createProduct',
    target: 'none',
    document: `mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
    variables: async (_t, h) => ({ i: { code: freshCode('MXP'), name: h.unique('Продукт'), lineId: await productLineId(h) } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateProduct',
    target: 'none',
    document: `mutation($id: ID!, $i: UpdateProductInput!) { updateProduct(id: $id, input: $i) { id } }`,
    variables: async (_t, h) => ({ id: await spareProduct(h), i: { description: h.unique('Описание') } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'archiveProduct',
    target: 'none',
    document: `mutation($id: ID!) { archiveProduct(id: $id) { id } }`,
    variables: async (_t, h) => ({ id: await spareProduct(h) }),
    allowed: ADMIN_ONLY,
  },

  // Strategies
  {
    operation: 'strategy',
    target: 'none',
    document: `query($id: ID!) { strategy(id: $id) { id name } }`,
    variables: async (_t, h) => ({ id: (await strategyOf(h, h.fixture.teams.B)).id }),
    allowed: STAFF,
  },
  {
    operation: 'strategies',
    target: 'none',
    document: `query($t: ID!) { strategies(first: 50, filter: { teamId: $t }) { nodes { id } } }`,
    variables: async (_t, h) => (await strategyOf(h, h.fixture.teams.B), { t: h.fixture.teams.B }),
    listed: (data) => ids(data.strategies),
    listedId: (_t, f) => known<{ id: string }>(f, `strategy:${f.teams.B}`).id,
    allowed: STAFF,
  },
  {
    operation: 'createStrategy',
    target: 'team',
    document: `mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { id } }`,
    variables: async (t, h) => ({ i: await strategyInput(h, t.teamId) }),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'createStrategy',
    target: 'none',
    document: `mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { id } }`,
    variables: async (_t, h) => ({ i: await strategyInput(h, null) }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateStrategy',
    target: 'team',
    document: `mutation($id: ID!, $i: UpdateStrategyInput!) { updateStrategy(id: $id, input: $i) { id } }`,
    variables: async (t, h) => ({ id: (await strategyOf(h, t.teamId)).id, i: { description: h.unique('Описание') } }),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'updateStrategy',
    target: 'none',
    document: `mutation($id: ID!, $i: UpdateStrategyInput!) { updateStrategy(id: $id, input: $i) { id } }`,
    variables: async (_t, h) => ({ id: (await strategyOf(h, null)).id, i: { description: h.unique('Описание') } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'reviewStrategy',
    target: 'team',
    document: `mutation($id: ID!, $i: ReviewStrategyInput!) { reviewStrategy(strategyId: $id, input: $i) { id } }`,
    variables: async (t, h) => {
      const strategy = await strategyOf(h, t.teamId);
      return {
        id: strategy.id,
        i: { summary: 'Квартальный обзор', kpiValues: strategy.kpiIds.map((kpiId) => ({ kpiId, value: '900000' })) },
      };
    },
    allowed: TEAM_MANAGERS,
  },

  // Channel effectiveness: over the leads and deals the caller reads
  {
    operation: 'channelEffectiveness',
    target: 'team',
    document: `query($t: ID!, $from: Date) { channelEffectiveness(filter: { teamId: $t, from: $from }) { leads dealsWon channel { id } } }`,
    variables: async (t, h) => (
      await Promise.all([dealOf(h, t.memberId, 'read'), leadOf(h, t.memberId)]), { t: t.teamId, from: inDays(-1) }
    ),
    allowed: notEmbedded(TEAM_RECORD_READERS),
  },
  {
    operation: 'channelEffectiveness',
    target: 'none',
    document: `{ channelEffectiveness { leads dealsWon } }`,
    allowed: STAFF,
  },
];
