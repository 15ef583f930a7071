import type { MatrixFixture, MatrixHelpers } from './access-matrix.js';

/**
 * Records that authorization matrix rows share (testing/access-matrix.ts): the matrix fixture has teams
 * and members only, so periods, the sales process, channels, customers, deals, leads, … are created here
 * through the API as an admin, once per fixture, the first time a row needs them. A row that changes a
 * record so that it can no longer serve (wins a deal, hands off a lead) asks for a fresh one instead.
 */

const caches = new WeakMap<MatrixFixture, Map<string, Promise<unknown>>>();
const values = new WeakMap<MatrixFixture, Map<string, unknown>>();

/** `make()` once per fixture and key; a failure is not cached. */
export function once<T>(h: MatrixHelpers, key: string, make: () => Promise<T>): Promise<T> {
  let cache = caches.get(h.fixture);
  if (!cache) caches.set(h.fixture, (cache = new Map()));
  let promise = cache.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = make();
    cache.set(key, promise);
    promise.then(
      (value) => {
        if (!values.has(h.fixture)) values.set(h.fixture, new Map());
        values.get(h.fixture)!.set(key, value);
      },
      () => cache.delete(key),
    );
  }
  return promise;
}

/** What `once` made for a key, for `listedId` (which runs after `variables`). */
export function known<T = string>(fixture: MatrixFixture, key: string): T {
  const cached = values.get(fixture);
  if (!cached?.has(key)) throw new Error(`no record "${key}" was prepared for this fixture`);
  return cached.get(key) as T;
}

const reused = new WeakMap<MatrixFixture, Map<string, string>>();

/**
 * A record that allowed cases use up (a deal won, a lead handed off): the one kept under `key` while
 * `usable` says it still serves (refused cases leave it as it was), else a new one from `make`. A
 * read is cheaper than making a record for every case.
 */
export async function reusable(
  h: MatrixHelpers,
  key: string,
  usable: (id: string) => Promise<boolean>,
  make: () => Promise<string>,
): Promise<string> {
  let cache = reused.get(h.fixture);
  if (!cache) reused.set(h.fixture, (cache = new Map()));
  const current = cache.get(key);
  if (current && (await usable(current))) return current;
  const id = await make();
  cache.set(key, id);
  return id;
}

let serial = 0;
/** A code of letters, digits and "_" that no other record uses (stage, channel, product codes). */
export const freshCode = (prefix = 'MX') => `${prefix}_${(serial += 1)}_${Date.now().toString(36).toUpperCase()}`;

/** A UTC day `days` from today, as YYYY-MM-DD. */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The ids of a connection's nodes or of a list, for `listed`. */
export const ids = (list: { nodes?: { id: string }[] } | { id: string }[] | null | undefined): string[] =>
  (Array.isArray(list) ? list : (list?.nodes ?? [])).map((n) => n.id);

// ---------------------------------------------------------------------------------------------------
// Organisation

/**
 * A REP of the team, for rows that need one (allocations, reassignments): the fixture's rep where the
 * team has one, else (team A, R) one created for the purpose.
 */
export function repOf(h: MatrixHelpers, teamId: string): Promise<string> {
  const { teams: t, members: m } = h.fixture;
  const existing: Record<string, string> = { [t.A1]: m.rA1, [t.A1a]: m.rA1a, [t.B]: m.rB };
  if (existing[teamId]) return Promise.resolve(existing[teamId]);
  return once(h, `rep:${teamId}`, async () => {
    const { createMember } = await h.admin<{ createMember: { id: string } }>(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
      {
        i: { fullName: h.unique('Специалист'), email: `${h.unique('rep')}@matrix.test`, role: 'REP', teamId, hireDate: '2024-01-10' },
      },
    );
    return createMember.id;
  });
}

/** Another member of the target's team who may own records: its manager, or a rep when the target is the manager. */
export async function otherSellerOf(h: MatrixHelpers, teamId: string, memberId: string): Promise<string> {
  const manager = h.fixture.managerOf[teamId];
  return manager === memberId ? repOf(h, teamId) : manager;
}

/** An INSIDE_SALES team (with one rep) below `parentId`: inside sales generates and hands off leads. */
export function insideSalesOf(h: MatrixHelpers, parentId: string): Promise<{ teamId: string; repId: string }> {
  return once(h, `inside:${parentId}`, async () => {
    const { createTeam } = await h.admin<{ createTeam: { id: string } }>(
      `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`,
      {
        i: { name: h.unique('Внутренние продажи'), kind: 'INSIDE_SALES', parentId },
      },
    );
    const { createMember } = await h.admin<{ createMember: { id: string } }>(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
      {
        i: {
          fullName: h.unique('Оператор'),
          email: `${h.unique('inside')}@matrix.test`,
          role: 'REP',
          teamId: createTeam.id,
          hireDate: '2024-01-10',
        },
      },
    );
    return { teamId: createTeam.id, repId: createMember.id };
  });
}

// ---------------------------------------------------------------------------------------------------
// Goals

/** The planning period the rows use: one quarter far from every other period (periods of a kind never overlap). */
export const matrixPeriod = (h: MatrixHelpers) =>
  once(
    h,
    'period',
    async () =>
      (
        await h.admin<{ createPeriod: { id: string } }>(
          `mutation { createPeriod(input: { kind: QUARTER, startDate: "2031-01-01", endDate: "2031-03-31" }) { id } }`,
        )
      ).createPeriod.id,
  );

/** A day inside `matrixPeriod`. */
export const MATRIX_PERIOD_DAY = '2031-02-14';

export type Owner = { memberId: string } | { teamId: string };

/** The current quota of an owner (id and version), or null. */
export async function findQuota(h: MatrixHelpers, owner: Owner, metric: string): Promise<{ id: string; version: number } | null> {
  const periodId = await matrixPeriod(h);
  const filter = 'memberId' in owner ? { memberId: owner.memberId, ownerKind: 'MEMBER' } : { teamId: owner.teamId, ownerKind: 'TEAM' };
  const { quotas } = await h.admin<{ quotas: { nodes: { id: string; version: number }[] } }>(
    `query($f: QuotaFilter) { quotas(first: 5, filter: $f) { nodes { id version } } }`,
    { f: { ...filter, periodId, metric } },
  );
  return quotas.nodes[0] ?? null;
}

/** A REVENUE quota of the owner in the matrix period. */
export const quotaOf = (h: MatrixHelpers, owner: Owner) =>
  once(h, `quota:${JSON.stringify(owner)}`, async () => {
    const { setQuota } = await h.admin<{ setQuota: { id: string } }>(`mutation($i: SetQuotaInput!) { setQuota(input: $i) { id } }`, {
      i: { ...owner, periodId: await matrixPeriod(h), metric: 'REVENUE', target: '1000000.00' },
    });
    return setQuota.id;
  });

/** A SMART goal draft for an owner in the matrix period. */
export async function goalInput(h: MatrixHelpers, owner: Owner): Promise<Record<string, unknown>> {
  return {
    kind: 'QUANTITATIVE',
    statement: 'Закрыть квартал с выручкой выше плана',
    ...owner,
    periodId: await matrixPeriod(h),
    objective: 'SALES_GROWTH',
    metric: 'REVENUE',
    target: '1500000.00',
  };
}

/** A goal of the owner set by an admin; `purpose` keeps goals that rows change apart from the others. */
export const goalOf = (h: MatrixHelpers, owner: Owner, purpose = 'read') =>
  once(
    h,
    `goal:${purpose}:${JSON.stringify(owner)}`,
    async () =>
      (
        await h.admin<{ createGoal: { id: string } }>(`mutation($i: CreateGoalInput!) { createGoal(input: $i) { id } }`, {
          i: await goalInput(h, owner),
        })
      ).createGoal.id,
  );

// ---------------------------------------------------------------------------------------------------
// Pipeline and catalogue

/** The sales process: two open stages, WON and LOST. */
export const stages = (h: MatrixHelpers) =>
  once(h, 'stages', async () => {
    const create = async (code: string, probability: string, outcome: string) =>
      (
        await h.admin<{ createSalesStage: { id: string } }>(`mutation($i: CreateSalesStageInput!) { createSalesStage(input: $i) { id } }`, {
          i: { code, nameEn: code, nameRu: `Этап ${code}`, probability, outcome },
        })
      ).createSalesStage.id;
    const open1 = await create('MX_FIRST', '20', 'OPEN');
    const open2 = await create('MX_SECOND', '60', 'OPEN');
    return { open1, open2, won: await create('MX_WON', '100', 'WON'), lost: await create('MX_LOST', '0', 'LOST') };
  });

export const channelId = (h: MatrixHelpers) =>
  once(
    h,
    'channel',
    async () =>
      (
        await h.admin<{ createChannel: { id: string } }>(`mutation($i: CreateChannelInput!) { createChannel(input: $i) { id } }`, {
          i: { code: 'MX_DIRECT', nameEn: 'Direct', nameRu: 'Прямые продажи' },
        })
      ).createChannel.id,
  );

export const productLineId = (h: MatrixHelpers) =>
  once(
    h,
    'line',
    async () =>
      (
        await h.admin<{ createProductLine: { id: string } }>(
          `mutation($i: CreateProductLineInput!) { createProductLine(input: $i) { id } }`,
          { i: { code: 'MX_LINE', name: 'Матричная линейка' } },
        )
      ).createProductLine.id,
  );

export async function newProduct(h: MatrixHelpers): Promise<string> {
  const { createProduct } = await h.admin<{ createProduct: { id: string } }>(
    `mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
    {
      i: { code: freshCode('MXP'), name: h.unique('Продукт'), lineId: await productLineId(h), listPrice: '1000.00' },
    },
  );
  return createProduct.id;
}

export async function newCustomer(h: MatrixHelpers, ownerId: string): Promise<string> {
  const { createCustomer } = await h.admin<{ createCustomer: { id: string } }>(
    `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
    {
      i: { name: h.unique('ООО «Матрица»'), industry: 'ИТ', region: 'Москва', size: 'MEDIUM', ownerId },
    },
  );
  return createCustomer.id;
}

/** An account owned by the member; `purpose` keeps accounts that rows change apart. */
export const customerOf = (h: MatrixHelpers, ownerId: string, purpose = 'read') =>
  once(h, `customer:${purpose}:${ownerId}`, () => newCustomer(h, ownerId));

/** The account that rows only read or attach records to (owned by rB, outside every subtree but R). */
export const sharedCustomer = (h: MatrixHelpers) => customerOf(h, h.fixture.members.rB, 'shared');

/** An open deal owned by the member, in the first open stage, with the shared account. */
export async function newDeal(h: MatrixHelpers, ownerId: string): Promise<string> {
  const [{ open1 }, channel, account] = await Promise.all([stages(h), channelId(h), sharedCustomer(h)]);
  const { createDeal } = await h.admin<{ createDeal: { id: string } }>(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
    i: {
      title: h.unique('Сделка'),
      accountId: account,
      ownerId,
      amount: '250000.00',
      channelId: channel,
      stageId: open1,
      expectedCloseDate: inDays(30),
    },
  });
  return createDeal.id;
}

/** A deal of the member that rows read or change without closing it. */
export const dealOf = (h: MatrixHelpers, ownerId: string, purpose = 'read') =>
  once(h, `deal:${purpose}:${ownerId}`, () => newDeal(h, ownerId));

/** A new lead generated by the member, with the shared account. */
export async function newLead(h: MatrixHelpers, ownerId: string, qualified = false): Promise<string> {
  const [channel, customer] = await Promise.all([channelId(h), sharedCustomer(h)]);
  const { createLead } = await h.admin<{ createLead: { id: string } }>(`mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`, {
    i: { title: h.unique('Лид'), customerId: customer, channelId: channel, ownerId },
  });
  if (qualified) {
    await h.admin(`mutation($id: ID!) { qualifyLead(id: $id, input: { budget: 3, authority: 3, need: 3, timeline: 3 }) { id } }`, {
      id: createLead.id,
    });
  }
  return createLead.id;
}

export const leadOf = (h: MatrixHelpers, ownerId: string) => once(h, `lead:${ownerId}`, () => newLead(h, ownerId));

/** A lead generated by inside sales (below R) and handed off to the member. */
export const handedOffTo = (h: MatrixHelpers, teamId: string, memberId: string) =>
  once(h, `handoff:${memberId}`, async () => {
    const inside = await insideSalesOf(h, h.fixture.teams.R);
    const lead = await newLead(h, inside.repId, true);
    await h.admin(`mutation($id: ID!, $i: HandOffLeadInput!) { handOffLead(id: $id, input: $i) { id } }`, {
      id: lead,
      i: { toTeamId: teamId, toMemberId: memberId },
    });
    return lead;
  });

/** An interaction the member had with the shared account. */
export const interactionOf = (h: MatrixHelpers, memberId: string) =>
  once(h, `interaction:${memberId}`, async () => {
    const { logInteraction } = await h.admin<{ logInteraction: { id: string } }>(
      `mutation($i: LogInteractionInput!) { logInteraction(input: $i) { id } }`,
      {
        i: { kind: 'CALL', customerId: await sharedCustomer(h), memberId, subject: 'Звонок по матрице' },
      },
    );
    return logInteraction.id;
  });

/** A follow-up assigned to the member, due in a week. */
export const followUpOf = (h: MatrixHelpers, memberId: string) =>
  once(h, `follow-up:${memberId}`, async () => {
    const { createFollowUp } = await h.admin<{ createFollowUp: { id: string } }>(
      `mutation($i: CreateFollowUpInput!) { createFollowUp(input: $i) { id } }`,
      {
        i: { customerId: await sharedCustomer(h), assigneeId: memberId, title: 'Отправить предложение', dueDate: inDays(7) },
      },
    );
    return createFollowUp.id;
  });

// ---------------------------------------------------------------------------------------------------
// Strategy

/** A strategy input: of a team, or of the whole organisation without `teamId`; ACTIVE, with one KPI. */
export async function strategyInput(h: MatrixHelpers, teamId: string | null): Promise<Record<string, unknown>> {
  return {
    name: h.unique('Стратегия'),
    teamId,
    ownerId: teamId ? h.fixture.managerOf[teamId] : h.fixture.members.mR,
    status: 'ACTIVE',
    startDate: inDays(-30),
    usp: 'Внедрение за неделю',
    channels: [{ channelId: await channelId(h) }],
    kpis: [{ name: 'Выручка', unit: 'RUB', target: '1000000' }],
  };
}

/** A strategy of the team (or of the organisation) and the ids of its KPIs. */
export const strategyOf = (h: MatrixHelpers, teamId: string | null) =>
  once(h, `strategy:${teamId}`, async () => {
    const { createStrategy } = await h.admin<{ createStrategy: { id: string; kpis: { id: string }[] } }>(
      `mutation($i: CreateStrategyInput!) { createStrategy(input: $i) { id kpis { id } } }`,
      { i: await strategyInput(h, teamId) },
    );
    return { id: createStrategy.id, kpiIds: createStrategy.kpis.map((k) => k.id) };
  });

// ---------------------------------------------------------------------------------------------------
// Records that allowed cases use up

const dealState = async (h: MatrixHelpers, id: string) =>
  (await h.admin<{ deal: { status: string; owner: { id: string } } }>(`query($id: ID!) { deal(id: $id) { status owner { id } } }`, { id }))
    .deal;

/** An open deal owned by the member, for a row (`purpose`) whose allowed cases close or reassign it. */
export const openDealOf = (h: MatrixHelpers, ownerId: string, purpose: string) =>
  reusable(
    h,
    `open-deal:${purpose}:${ownerId}`,
    async (id) => {
      const deal = await dealState(h, id);
      return deal.status === 'OPEN' && deal.owner.id === ownerId;
    },
    () => newDeal(h, ownerId),
  );

/** A won deal owned by the member, for reopenDeal. */
export const wonDealOf = (h: MatrixHelpers, ownerId: string) =>
  reusable(
    h,
    `won-deal:${ownerId}`,
    async (id) => (await dealState(h, id)).status === 'WON',
    async () => {
      const id = await newDeal(h, ownerId);
      await h.admin(`mutation($id: ID!) { winDeal(id: $id, input: { reason: "Подписан договор" }) { id } }`, { id });
      return id;
    },
  );

const leadState = async (h: MatrixHelpers, id: string) =>
  (
    await h.admin<{ lead: { status: string; handedOffAt: string | null } }>(`query($id: ID!) { lead(id: $id) { status handedOffAt } }`, {
      id,
    })
  ).lead;

/** An open lead of the member, for qualifyLead. */
export const openLeadOf = (h: MatrixHelpers, ownerId: string) =>
  reusable(
    h,
    `open-lead:${ownerId}`,
    async (id) => (await leadState(h, id)).status === 'OPEN',
    () => newLead(h, ownerId),
  );

/** A qualified lead of the member not handed off yet, for handOffLead. */
export const qualifiedLeadOf = (h: MatrixHelpers, ownerId: string) =>
  reusable(
    h,
    `qualified-lead:${ownerId}`,
    async (id) => {
      const lead = await leadState(h, id);
      return lead.status === 'QUALIFIED' && lead.handedOffAt === null;
    },
    () => newLead(h, ownerId, true),
  );

/** An account owned by the member, for a row whose allowed cases give it to someone else. */
export const ownedCustomerOf = (h: MatrixHelpers, ownerId: string) =>
  reusable(
    h,
    `owned-customer:${ownerId}`,
    async (id) =>
      (await h.admin<{ customer: { owner: { id: string } } }>(`query($id: ID!) { customer(id: $id) { owner { id } } }`, { id })).customer
        .owner.id === ownerId,
    () => newCustomer(h, ownerId),
  );
