import {
  ADMIN_ONLY,
  EVERYONE,
  MEMBER_RECORD_READERS,
  MEMBER_RECORD_WRITERS,
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
  once,
  openDealOf,
  otherSellerOf,
  sharedCustomer,
  stages,
  wonDealOf,
} from '../testing/matrix-records.js';

/**
 * Authorization matrix rows of the sales process, deals and the funnel (docs/pipeline.md,
 * "Who sees and changes what"):
 * - the sales process is read by the whole organisation and changed by admins;
 * - deals are member-owned records: a rep reads their own, a manager those of their subtree, analysts
 *   and admins all (lists are filtered); the owner, the managers above and admins change them; only
 *   managers and admins reassign and split the credit; deals are not opened to embed tokens;
 * - the funnel (a FUNNEL and METRIC_VIEW widget) reads a team's records or a member's: not a rep over their team.
 */

/** A deal of the target member that is neither closed nor reassigned by the rows. */
const ownDeal = (key: string) => async (t: { memberId: string }, h: MatrixHelpers) => ({ id: await dealOf(h, t.memberId, key) });

/** A stage that only the admin case archives (the others are refused before anything happens; archiving twice changes nothing). */
const spareStage = (h: MatrixHelpers) =>
  once(h, 'spare-stage', async () => {
    const { createSalesStage } = await h.admin<{ createSalesStage: { id: string } }>(
      `mutation($i: CreateSalesStageInput!) { createSalesStage(input: $i) { id } }`,
      {
        i: { code: freshCode('MXS'), nameEn: 'Spare', nameRu: 'Запасной', probability: '30' },
      },
    );
    return createSalesStage.id;
  });

export const rows: MatrixRow[] = [
  // The sales process
  {
    operation: 'salesStages',
    target: 'none',
    document: `{ salesStages { id code } }`,
    variables: async (_t, h) => (await stages(h), {}),
    listed: (data) => ids(data.salesStages),
    listedId: (_t, f) => known<{ open1: string }>(f, 'stages').open1,
    allowed: STAFF,
  },
  {
    operation: 'salesStage',
    target: 'none',
    document: `query($id: ID!) { salesStage(id: $id) { id code } }`,
    variables: async (_t, h) => ({ id: (await stages(h)).open1 }),
    allowed: STAFF,
  },
  {
    operation: 'createSalesStage',
    target: 'none',
    document: `mutation($i: CreateSalesStageInput!) { createSalesStage(input: $i) { id } }`,
    variables: async (_t, h) => (await stages(h), { i: { code: freshCode('MXN'), nameEn: 'New', nameRu: 'Новый', probability: '35' } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateSalesStage',
    target: 'none',
    document: `mutation($id: ID!, $i: UpdateSalesStageInput!) { updateSalesStage(id: $id, input: $i) { id } }`,
    variables: async (_t, h) => ({ id: (await stages(h)).open2, i: { nameEn: h.unique('Second') } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'reorderSalesStages',
    target: 'none',
    document: `mutation($ids: [ID!]!) { reorderSalesStages(stageIds: $ids) { id } }`,
    variables: async (_t, h) => {
      await stages(h);
      const { salesStages } = await h.admin<{ salesStages: { id: string; outcome: string }[] }>(`{ salesStages { id outcome } }`);
      return { ids: salesStages.filter((s) => s.outcome === 'OPEN').map((s) => s.id) };
    },
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'archiveSalesStage',
    target: 'none',
    document: `mutation($id: ID!) { archiveSalesStage(id: $id) { id archivedAt } }`,
    variables: async (_t, h) => ({ id: await spareStage(h) }),
    allowed: ADMIN_ONLY,
  },

  // Deals: member-owned records
  {
    operation: 'deal',
    target: 'member',
    document: `query($id: ID!) { deal(id: $id) { id title } }`,
    variables: ownDeal('read'),
    allowed: notEmbedded(MEMBER_RECORD_READERS),
  },
  {
    operation: 'deals',
    target: 'member',
    document: `query($m: ID!) { deals(first: 50, filter: { ownerId: $m }) { nodes { owner { id } } } }`,
    variables: async (t, h) => (await dealOf(h, t.memberId, 'read'), { m: t.memberId }),
    listed: (data) => data.deals.nodes.map((n: { owner: { id: string } }) => n.owner.id),
    allowed: notEmbedded(MEMBER_RECORD_READERS),
  },
  {
    operation: 'createDeal',
    target: 'member',
    document: `mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`,
    variables: async (t, h) => ({
      i: {
        title: h.unique('Новая сделка'),
        accountId: await sharedCustomer(h),
        ownerId: t.memberId,
        amount: '1000.00',
        channelId: await channelId(h),
        expectedCloseDate: inDays(60),
      },
    }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'updateDeal',
    target: 'member',
    document: `mutation($id: ID!, $i: UpdateDealInput!) { updateDeal(id: $id, input: $i) { id } }`,
    variables: async (t, h) => ({ ...(await ownDeal('update')(t, h)), i: { title: h.unique('Переименованная сделка') } }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    // Reassigning: only the managers above and admins, not the owner.
    operation: 'updateDeal',
    target: 'member',
    document: `mutation($id: ID!, $i: UpdateDealInput!) { updateDeal(id: $id, input: $i) { id owner { id } } }`,
    variables: async (t, h) => ({
      id: await openDealOf(h, t.memberId, 'reassign'),
      i: { ownerId: await otherSellerOf(h, t.teamId, t.memberId) },
    }),
    allowed: { ADMIN: true, MANAGER: ['own', 'subtree'] },
  },
  {
    // Splitting the credit: like reassigning, only the managers above and admins.
    operation: 'setDealCredits',
    target: 'member',
    document: `mutation($id: ID!, $c: [DealCreditInput!]!) { setDealCredits(dealId: $id, credits: $c) { id credits { percent } } }`,
    variables: async (t, h) => ({ id: await openDealOf(h, t.memberId, 'credit'), c: [{ memberId: t.memberId, percent: '100' }] }),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'moveDeal',
    target: 'member',
    document: `mutation($id: ID!, $s: ID!) { moveDeal(id: $id, stageId: $s, note: "матрица") { id } }`,
    variables: async (t, h) => {
      const [{ id }, { open1, open2 }] = await Promise.all([ownDeal('move')(t, h), stages(h)]);
      const { deal } = await h.admin<{ deal: { stage: { id: string } } }>(`query($id: ID!) { deal(id: $id) { stage { id } } }`, { id });
      return { id, s: deal.stage.id === open1 ? open2 : open1 };
    },
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'winDeal',
    target: 'member',
    document: `mutation($id: ID!) { winDeal(id: $id, input: { reason: "Лучшая цена" }) { id status } }`,
    variables: async (t, h) => ({ id: await openDealOf(h, t.memberId, 'close') }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'loseDeal',
    target: 'member',
    document: `mutation($id: ID!) { loseDeal(id: $id, input: { reason: "Выбрали конкурента" }) { id status } }`,
    variables: async (t, h) => ({ id: await openDealOf(h, t.memberId, 'close') }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'reopenDeal',
    target: 'member',
    document: `mutation($id: ID!) { reopenDeal(id: $id, input: { reason: "Клиент вернулся" }) { id status } }`,
    variables: async (t, h) => ({ id: await wonDealOf(h, t.memberId) }),
    allowed: MEMBER_RECORD_WRITERS,
  },

  // The funnel: a team's records or a member's
  {
    operation: 'funnel',
    target: 'team',
    document: `query($t: ID!) { funnel(filter: { teamId: $t }) { winRate stages { deals } } }`,
    variables: async (t, h) => (await dealOf(h, t.memberId, 'read'), { t: t.teamId }),
    allowed: TEAM_RECORD_READERS,
  },
  {
    operation: 'funnel',
    target: 'member',
    document: `query($m: ID!) { funnel(filter: { memberId: $m }) { winRate stages { deals } } }`,
    variables: async (t, h) => (await dealOf(h, t.memberId, 'read'), { m: t.memberId }),
    allowed: MEMBER_RECORD_READERS,
  },
  {
    // Without a team or member the funnel covers whatever deals the caller reads.
    operation: 'funnel',
    target: 'none',
    document: `{ funnel(filter: {}) { winRate stages { deals } } }`,
    allowed: EVERYONE,
  },
];
