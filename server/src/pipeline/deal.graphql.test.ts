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

const DEAL_FIELDS = `id title status amount version expectedCloseDate closeDate closeReason weightedAmount
  stage { code } furthestStage { code } team { id } owner { id } account { id lifecycleStage } channel { id } product { id }
  stageHistory { fromStage { code } toStage { code } fromEnteredAt note changedBy { id } }`;
const CREATE = `mutation($i: CreateDealInput!) { createDeal(input: $i) { ${DEAL_FIELDS} } }`;
const MOVE = `mutation($id: ID!, $s: ID!, $v: Int) { moveDeal(id: $id, stageId: $s, expectedVersion: $v) { ${DEAL_FIELDS} } }`;
const WIN = `mutation($id: ID!, $i: WinDealInput!) { winDeal(id: $id, input: $i) { ${DEAL_FIELDS} } }`;
const LOSE = `mutation($id: ID!, $i: LoseDealInput!) { loseDeal(id: $id, input: $i) { ${DEAL_FIELDS} } }`;
const REOPEN = `mutation($id: ID!, $i: ReopenDealInput!) { reopenDeal(id: $id, input: $i) { ${DEAL_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateDealInput!) { updateDeal(id: $id, input: $i) { ${DEAL_FIELDS} } }`;

interface DealShape {
  id: string;
  status: string;
  amount: string;
  version: number;
  closeDate: string | null;
  closeReason: string | null;
  weightedAmount: string;
  stage: { code: string };
  furthestStage: { code: string };
  team: { id: string };
  owner: { id: string };
  account: { id: string; lifecycleStage: string };
  stageHistory: {
    fromStage: { code: string } | null;
    toStage: { code: string };
    fromEnteredAt: string | null;
    note: string | null;
    changedBy: { id: string } | null;
  }[];
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function newDeal(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Поставка серверов',
    accountId: f.customerId,
    ownerId: f.repId,
    amount: '1250000.50',
    channelId: f.channelId,
    productId: f.productId,
    expectedCloseDate: inDays(60),
    ...overrides,
  };
}

describe('deals', () => {
  it("creates a deal in the first stage, credited to the owner's team, with its first stage change", async () => {
    const { createDeal } = await server.client(`REP:${f.repId}`).request<{ createDeal: DealShape }>(CREATE, { i: newDeal() });
    expect(createDeal).toMatchObject({
      status: 'OPEN',
      amount: '1250000.50',
      stage: { code: 'LEAD' },
      furthestStage: { code: 'LEAD' },
      team: { id: f.fieldTeamId },
      owner: { id: f.repId },
      version: 1,
    });
    expect(createDeal.weightedAmount).toBe('125000.05');
    expect(createDeal.stageHistory).toEqual([
      { fromStage: null, toStage: { code: 'LEAD' }, fromEnteredAt: null, note: null, changedBy: { id: f.repId } },
    ]);
  });

  it('moves, wins, keeps every stage change and makes the account a customer, then retained', async () => {
    const rep = server.client(`REP:${f.repId}`);
    const { createDeal } = await rep.request<{ createDeal: DealShape }>(CREATE, { i: newDeal() });
    const { moveDeal: moved } = await rep.request<{ moveDeal: DealShape }>(MOVE, { id: createDeal.id, s: f.stageIds.PROPOSAL, v: 1 });
    expect(moved).toMatchObject({ stage: { code: 'PROPOSAL' }, furthestStage: { code: 'PROPOSAL' }, version: 2 });
    const { moveDeal: back } = await rep.request<{ moveDeal: DealShape }>(MOVE, { id: createDeal.id, s: f.stageIds.QUALIFIED });
    expect(back).toMatchObject({ stage: { code: 'QUALIFIED' }, furthestStage: { code: 'PROPOSAL' } });
    const { winDeal } = await rep.request<{ winDeal: DealShape }>(WIN, {
      id: createDeal.id,
      i: { reason: 'Лучшие сроки поставки', amount: '1300000' },
    });
    expect(winDeal).toMatchObject({
      status: 'WON',
      closeDate: today(),
      closeReason: 'Лучшие сроки поставки',
      amount: '1300000.00',
      stage: { code: 'WON' },
    });
    expect(winDeal.stageHistory.map((c) => c.toStage.code)).toEqual(['LEAD', 'PROPOSAL', 'QUALIFIED', 'WON']);
    expect(
      winDeal.stageHistory.slice(1).every((c, i) => c.fromEnteredAt !== null && c.fromStage?.code === winDeal.stageHistory[i].toStage.code),
    ).toBe(true);
    expect(['CUSTOMER', 'RETAINED']).toContain(winDeal.account.lifecycleStage);
    const second = await rep.request<{ createDeal: DealShape }>(CREATE, { i: newDeal() });
    const { winDeal: repeat } = await rep.request<{ winDeal: DealShape }>(WIN, {
      id: second.createDeal.id,
      i: { reason: 'Повторная покупка' },
    });
    expect(repeat.account.lifecycleStage).toBe('RETAINED');
  });

  it('refuses moving into a terminal stage, changing a closed deal, and reopens only explicitly', async () => {
    const rep = server.client(`REP:${f.repId}`);
    const { createDeal } = await rep.request<{ createDeal: DealShape }>(CREATE, { i: newDeal() });
    const error = await expectGraphQLError(rep.request(MOVE, { id: createDeal.id, s: f.stageIds.WON }), 'BAD_USER_INPUT', 'stageId');
    expect(error.extensions?.rule).toBe('terminal-stage');
    await expectGraphQLError(rep.request(MOVE, { id: createDeal.id, s: f.stageIds.LOST }), 'BAD_USER_INPUT', 'stageId');
    await expectGraphQLError(rep.request(MOVE, { id: createDeal.id, s: f.stageIds.LEAD }), 'BAD_USER_INPUT', 'stageId');
    await expectGraphQLError(rep.request(LOSE, { id: createDeal.id, i: { reason: '  ' } }), 'BAD_USER_INPUT', 'reason');
    const { loseDeal } = await rep.request<{ loseDeal: DealShape }>(LOSE, { id: createDeal.id, i: { reason: 'Выбрали конкурента' } });
    expect(loseDeal).toMatchObject({ status: 'LOST', stage: { code: 'LOST' } });
    // One after the other: a refusal that arrives while an earlier one is still checked would go unhandled.
    for (const send of [
      () => rep.request(MOVE, { id: createDeal.id, s: f.stageIds.PROPOSAL }),
      () => rep.request(WIN, { id: createDeal.id, i: { reason: 'x' } }),
      () => rep.request(UPDATE, { id: createDeal.id, i: { amount: '1.00' } }),
    ]) {
      const refused = await expectGraphQLError(send(), 'CONFLICT', 'id');
      expect(refused.extensions?.rule).toBe('deal-closed');
    }
    await expectGraphQLError(rep.request(REOPEN, { id: createDeal.id, i: { reason: '' } }), 'BAD_USER_INPUT', 'reason');
    const { reopenDeal } = await rep.request<{ reopenDeal: DealShape }>(REOPEN, {
      id: createDeal.id,
      i: { reason: 'Конкурент не смог поставить' },
    });
    expect(reopenDeal).toMatchObject({ status: 'OPEN', closeDate: null, closeReason: null, stage: { code: 'LEAD' } });
    expect(reopenDeal.stageHistory.at(-1)).toMatchObject({ fromStage: { code: 'LOST' }, note: 'reopened: Конкурент не смог поставить' });
    await expectGraphQLError(rep.request(REOPEN, { id: createDeal.id, i: { reason: 'again' } }), 'CONFLICT', 'id');
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const admin = server.client();
    const count = async () => (await admin.request<{ deals: { totalCount: number } }>(`{ deals { totalCount } }`)).deals.totalCount;
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ accountId: '999999' }, 'NOT_FOUND', 'accountId'],
      [{ stageId: '999999' }, 'NOT_FOUND', 'stageId'],
      [{ stageId: f.stageIds.WON }, 'BAD_USER_INPUT', 'stageId'],
      [{ amount: '12.345' }, 'BAD_USER_INPUT', 'amount'],
      [{ amount: '-5' }, 'BAD_USER_INPUT', 'amount'],
      [{ amount: '0' }, 'BAD_USER_INPUT', 'amount'],
      [{ amount: '1e6' }, 'BAD_USER_INPUT', 'amount'],
      [{ expectedCloseDate: '2001-01-01' }, 'BAD_USER_INPUT', 'expectedCloseDate'],
      [{ channelId: null }, 'BAD_USER_INPUT', 'channelId'],
      [{ ownerId: 'abc' }, 'BAD_USER_INPUT', 'ownerId'],
      [{ title: ' ' }, 'BAD_USER_INPUT', 'title'],
    ];
    for (const [overrides, code, field] of cases) await expectGraphQLError(admin.request(CREATE, { i: newDeal(overrides) }), code, field);
    const { createDeal } = await admin.request<{ createDeal: DealShape }>(CREATE, { i: newDeal() });
    const after = await count();
    expect(after).toBe(before + 1);
    await expectGraphQLError(
      admin.request(WIN, { id: createDeal.id, i: { reason: 'x', closeDate: '2001-01-01' } }),
      'BAD_USER_INPUT',
      'closeDate',
    );
    await expectGraphQLError(
      admin.request(WIN, { id: createDeal.id, i: { reason: 'x', closeDate: inDays(3) } }),
      'BAD_USER_INPUT',
      'closeDate',
    );
    await expectGraphQLError(
      admin.request(UPDATE, { id: createDeal.id, i: { expectedCloseDate: '2001-01-01' } }),
      'BAD_USER_INPUT',
      'expectedCloseDate',
    );
    await expectGraphQLError(
      admin.request(UPDATE, { id: createDeal.id, i: { title: 'Другое', expectedVersion: 7 } }),
      'CONFLICT',
      'expectedVersion',
    );
    await expectGraphQLError(admin.request(`{ deal(id: "999999") { id } }`), 'NOT_FOUND', 'id');
    const { deal } = await admin.request<{ deal: DealShape & { title: string } }>(`query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, {
      id: createDeal.id,
    });
    expect(deal).toMatchObject({ status: 'OPEN', version: 1, title: 'Поставка серверов', stage: { code: 'LEAD' } });
  });

  it('needs a channel unless the deal is made from a lead, whose channel it then takes (rule channel-required)', async () => {
    const admin = server.client();
    const count = async () => (await admin.request<{ deals: { totalCount: number } }>(`{ deals { totalCount } }`)).deals.totalCount;
    const before = await count();
    for (const i of [newDeal({ channelId: undefined }), newDeal({ channelId: null }), newDeal({ channelId: null, leadId: null })]) {
      const refused = await expectGraphQLError(admin.request(CREATE, { i }), 'BAD_USER_INPUT', 'channelId');
      expect(refused.extensions).toMatchObject({ field: 'channelId', rule: 'channel-required' });
    }
    // The same in a literal, before any record is looked up (the account does not even exist).
    const literal = await expectGraphQLError(
      admin.request(
        `mutation { createDeal(input: { title: "Без канала", accountId: "999999", ownerId: "${f.repId}", amount: "10.00", expectedCloseDate: "${inDays(30)}" }) { id } }`,
      ),
      'BAD_USER_INPUT',
      'channelId',
    );
    expect(literal.extensions?.rule).toBe('channel-required');
    expect(await count()).toBe(before);

    // From a qualified lead: no channelId needed, the deal takes the lead's.
    const insideRep = server.client(`REP:${f.insideRepId}`);
    const { createLead } = await insideRep.request<{ createLead: { id: string; channel: { id: string } } }>(
      `mutation($i: CreateLeadInput!) { createLead(input: $i) { id channel { id } } }`,
      { i: { title: 'Серверы для филиала', customerId: f.customerId, channelId: f.channelId } },
    );
    await insideRep.request(`mutation($id: ID!, $i: QualifyLeadInput!) { qualifyLead(id: $id, input: $i) { id } }`, {
      id: createLead.id,
      i: { notes: 'Звонок', budget: 2, authority: 2, need: 2, timeline: 2 },
    });
    const { createDeal } = await admin.request<{ createDeal: DealShape & { channel: { id: string } } }>(CREATE, {
      i: newDeal({ channelId: null, leadId: createLead.id }),
    });
    expect(createDeal.channel).toEqual({ id: createLead.channel.id });
    expect(await count()).toBe(before + 1);
  });

  it('lets a rep read and write only their own deals, a manager their subtree, an analyst read everything and write nothing', async () => {
    const admin = server.client();
    const mine = (
      await admin.request<{ createDeal: DealShape }>(CREATE, { i: newDeal({ ownerId: f.subRepId, title: 'Сделка подкоманды' }) })
    ).createDeal;
    const other = (await admin.request<{ createDeal: DealShape }>(CREATE, { i: newDeal({ ownerId: f.otherRepId, title: 'Чужая сделка' }) }))
      .createDeal;
    expect(mine.team.id).toBe(f.subTeamId);

    const subRep = server.client(`REP:${f.subRepId}`);
    const manager = server.client(`MANAGER:${f.managerId}`);
    const analyst = server.client('ANALYST');
    await subRep.request(`query($id: ID!) { deal(id: $id) { id } }`, { id: mine.id });
    await expectGraphQLError(subRep.request(`query($id: ID!) { deal(id: $id) { id } }`, { id: other.id }), 'FORBIDDEN');
    const listed = await subRep.request<{ deals: { nodes: { owner: { id: string } }[] } }>(
      `{ deals(first: 100) { nodes { owner { id } } } }`,
    );
    expect(listed.deals.nodes.length).toBeGreaterThan(0);
    expect(listed.deals.nodes.every((d) => d.owner.id === f.subRepId)).toBe(true);

    await manager.request(MOVE, { id: mine.id, s: f.stageIds.QUALIFIED });
    await expectGraphQLError(manager.request(MOVE, { id: other.id, s: f.stageIds.QUALIFIED }), 'FORBIDDEN');
    const managed = await manager.request<{ deals: { nodes: { team: { id: string } }[] } }>(
      `{ deals(first: 100) { nodes { team { id } } } }`,
    );
    expect(new Set(managed.deals.nodes.map((d) => d.team.id))).toEqual(new Set([f.fieldTeamId, f.subTeamId]));
    await expectGraphQLError(subRep.request(MOVE, { id: other.id, s: f.stageIds.QUALIFIED }), 'FORBIDDEN');
    await expectGraphQLError(subRep.request(CREATE, { i: newDeal({ ownerId: f.otherRepId }) }), 'FORBIDDEN');
    await expectGraphQLError(subRep.request(UPDATE, { id: mine.id, i: { ownerId: f.repId } }), 'FORBIDDEN');

    await analyst.request(`query($id: ID!) { deal(id: $id) { id } }`, { id: other.id });
    await expectGraphQLError(analyst.request(MOVE, { id: other.id, s: f.stageIds.QUALIFIED }), 'FORBIDDEN');
    await expectGraphQLError(analyst.request(CREATE, { i: newDeal() }), 'FORBIDDEN');

    const { updateDeal } = await manager.request<{ updateDeal: DealShape }>(UPDATE, { id: mine.id, i: { ownerId: f.repId } });
    expect(updateDeal).toMatchObject({ owner: { id: f.repId }, team: { id: f.fieldTeamId } });
  });
});

describe('the sales process', () => {
  it('adds, renames and reorders stages without losing deal history, and the funnel follows the new order', async () => {
    const admin = server.client();
    const { createDeal } = await admin.request<{ createDeal: DealShape }>(CREATE, { i: newDeal({ title: 'История' }) });
    await admin.request(MOVE, { id: createDeal.id, s: f.stageIds.NEGOTIATION });
    const { createSalesStage } = await admin.request<{ createSalesStage: { id: string; position: number } }>(
      `mutation { createSalesStage(input: { code: "DEMO", nameEn: "Demo", nameRu: "Демонстрация", probability: "40", position: 3 }) { id position } }`,
    );
    expect(createSalesStage.position).toBe(3);
    const stages = async () =>
      (
        await admin.request<{ salesStages: { id: string; code: string; position: number; outcome: string }[] }>(
          `{ salesStages { id code position outcome } }`,
        )
      ).salesStages;
    expect((await stages()).map((s) => s.code)).toEqual(['LEAD', 'QUALIFIED', 'DEMO', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST']);
    await admin.request(`mutation($id: ID!) { updateSalesStage(id: $id, input: { nameRu: "Демо" }) { id } }`, { id: createSalesStage.id });
    // Put NEGOTIATION before PROPOSAL: the deal's furthest stage is recomputed from its history.
    const order = [f.stageIds.LEAD, f.stageIds.QUALIFIED, createSalesStage.id, f.stageIds.NEGOTIATION, f.stageIds.PROPOSAL];
    await admin.request(`mutation($ids: [ID!]!) { reorderSalesStages(stageIds: $ids) { id } }`, { ids: order });
    expect((await stages()).map((s) => [s.code, s.position])).toEqual([
      ['LEAD', 1],
      ['QUALIFIED', 2],
      ['DEMO', 3],
      ['NEGOTIATION', 4],
      ['PROPOSAL', 5],
      ['WON', 6],
      ['LOST', 7],
    ]);
    const { deal } = await admin.request<{ deal: DealShape }>(`query($id: ID!) { deal(id: $id) { ${DEAL_FIELDS} } }`, {
      id: createDeal.id,
    });
    expect(deal.stageHistory.map((c) => c.toStage.code)).toEqual(['LEAD', 'NEGOTIATION']);
    expect(deal.furthestStage.code).toBe('NEGOTIATION');
    await expectGraphQLError(
      admin.request(`mutation($ids: [ID!]!) { reorderSalesStages(stageIds: $ids) { id } }`, { ids: order.slice(1) }),
      'BAD_USER_INPUT',
      'stageIds',
    );
    await expectGraphQLError(
      admin.request(`mutation($id: ID!) { archiveSalesStage(id: $id) { id } }`, { id: f.stageIds.NEGOTIATION }),
      'CONFLICT',
      'id',
    );
    await admin.request(`mutation($id: ID!) { archiveSalesStage(id: $id) { id } }`, { id: createSalesStage.id });
    await admin.request(`mutation($ids: [ID!]!) { reorderSalesStages(stageIds: $ids) { id } }`, {
      ids: [f.stageIds.LEAD, f.stageIds.QUALIFIED, f.stageIds.PROPOSAL, f.stageIds.NEGOTIATION],
    });
    expect((await stages()).map((s) => s.code)).toEqual(['LEAD', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST']);
    await expectGraphQLError(
      server
        .client(`MANAGER:${f.managerId}`)
        .request(`mutation { createSalesStage(input: { code: "X", nameEn: "X", nameRu: "X", probability: "5" }) { id } }`),
      'FORBIDDEN',
    );
    await expectGraphQLError(
      admin.request(
        `mutation { createSalesStage(input: { code: "WON2", nameEn: "X", nameRu: "X", probability: "100", outcome: WON }) { id } }`,
      ),
      'CONFLICT',
      'outcome',
    );
  });
});

describe('the funnel of a known set of deals', () => {
  it('counts what reached each stage, the conversions, outcomes and win rate', async () => {
    const admin = server.client();
    const g = await buildPipelineFixture(admin);
    const create = async (stageId?: string) =>
      (
        await admin.request<{ createDeal: DealShape }>(CREATE, {
          i: {
            ...newDeal({ ownerId: g.repId, accountId: g.customerId, channelId: g.channelId, productId: g.productId }),
            amount: '100.00',
            stageId,
          },
        })
      ).createDeal.id;
    const move = (id: string, stage: string) => admin.request(MOVE, { id, s: stage });
    // A: stays in LEAD. B: LEAD → QUALIFIED → PROPOSAL, lost. C: created in QUALIFIED, won. D: LEAD → PROPOSAL → back to QUALIFIED.
    await create();
    const b = await create();
    await move(b, g.stageIds.QUALIFIED);
    await move(b, g.stageIds.PROPOSAL);
    await admin.request(LOSE, { id: b, i: { reason: 'Цена' } });
    const c = await create(g.stageIds.QUALIFIED);
    await admin.request(WIN, { id: c, i: { reason: 'Сроки', amount: '300.00' } });
    const d = await create();
    await move(d, g.stageIds.PROPOSAL);
    await move(d, g.stageIds.QUALIFIED);
    const { funnel } = await admin.request<{
      funnel: {
        deals: number;
        stages: {
          stage: { code: string };
          deals: number;
          amount: string;
          conversionFromPrevious: string | null;
          conversionFromFirst: string | null;
          medianDaysInStage: string | null;
        }[];
        won: { deals: number; amount: string };
        lost: { deals: number; amount: string };
        open: { deals: number };
        winRate: string;
      };
    }>(
      `query($f: FunnelFilter!) { funnel(filter: $f) { deals stages { stage { code } deals amount conversionFromPrevious conversionFromFirst medianDaysInStage } won { deals amount } lost { deals amount } open { deals } winRate } }`,
      { f: { teamId: g.rootTeamId, from: today(), to: today() } },
    );
    expect(funnel.stages.map((s) => [s.stage.code, s.deals, s.amount, s.conversionFromPrevious, s.conversionFromFirst])).toEqual([
      ['LEAD', 4, '600.00', null, '1.0000'],
      ['QUALIFIED', 3, '500.00', '0.7500', '0.7500'],
      ['PROPOSAL', 3, '500.00', '1.0000', '0.7500'],
      ['NEGOTIATION', 1, '300.00', '0.3333', '0.2500'],
    ]);
    expect(funnel.stages[0].medianDaysInStage).toBe('0.0');
    expect(funnel.stages[3].medianDaysInStage).toBeNull();
    expect(funnel).toMatchObject({
      deals: 4,
      won: { deals: 1, amount: '300.00' },
      lost: { deals: 1, amount: '100.00' },
      open: { deals: 2 },
      winRate: '0.5000',
    });
    const { funnel: empty } = await admin.request<{
      funnel: { deals: number; winRate: string | null; stages: { conversionFromFirst: string | null }[] };
    }>(`query($f: FunnelFilter!) { funnel(filter: $f) { deals winRate stages { conversionFromFirst } } }`, {
      f: { teamId: g.rootTeamId, to: '2001-01-01' },
    });
    expect(empty).toMatchObject({ deals: 0, winRate: null });
    expect(empty.stages.every((s) => s.conversionFromFirst === null)).toBe(true);
    await expectGraphQLError(
      admin.request(`query($f: FunnelFilter!) { funnel(filter: $f) { deals } }`, { f: { from: '2026-02-01', to: '2026-01-01' } }),
      'BAD_USER_INPUT',
      'filter.to',
    );
    await expectGraphQLError(
      server
        .client(`REP:${g.repId}`)
        .request(`query($f: FunnelFilter!) { funnel(filter: $f) { deals } }`, { f: { teamId: g.fieldTeamId } }),
      'FORBIDDEN',
    );
    const mine = await server
      .client(`REP:${g.repId}`)
      .request<{ funnel: { deals: number } }>(`query($f: FunnelFilter!) { funnel(filter: $f) { deals } }`, { f: { memberId: g.repId } });
    expect(mine.funnel.deals).toBe(4);
  });
});
