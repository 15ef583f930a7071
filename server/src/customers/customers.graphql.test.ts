import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let f: PipelineFixture;
beforeAll(async () => {
  server = await startTestServer();
  f = await buildPipelineFixture(server.client());
});
afterAll(() => server?.close());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const CUSTOMER = `id name lifecycleStage allowedLifecycleTransitions lifecycleHistory { fromStage toStage reason changedAt } contacts { fullName primary }`;

async function newCustomer(name: string, ownerId = f.repId, viewer = 'ADMIN') {
  const { createCustomer } = await server
    .client(viewer)
    .request<{ createCustomer: { id: string; lifecycleStage: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id lifecycleStage } }`,
      { i: { name, industry: 'Логистика', region: 'Урал', size: 'MEDIUM', ownerId, needs: 'Связь складов', painPoints: 'Простои' } },
    );
  return createCustomer.id;
}

describe('customers and their lifecycle', () => {
  it('creates an account as a prospect with contacts, and moves it only along the lifecycle', async () => {
    const rep = server.client(`REP:${f.repId}`);
    const id = await newCustomer('ООО «Жизненный цикл»', f.repId, `REP:${f.repId}`);
    await rep.request(
      `mutation($c: ID!) { addContact(customerId: $c, input: { fullName: "Иванов Иван", jobTitle: "ИТ-директор", email: "IVANOV@example.ru" }) { id } }`,
      { c: id },
    );
    await rep.request(
      `mutation($c: ID!) { addContact(customerId: $c, input: { fullName: "Петрова Анна", primary: true, phone: "+7 (912) 000-11-22" }) { id } }`,
      { c: id },
    );
    const change = (stage: string, reason = 'причина', client = rep) =>
      client.request<{ changeCustomerLifecycle: { lifecycleStage: string } }>(
        `mutation($id: ID!, $s: LifecycleStage!, $r: String!) { changeCustomerLifecycle(id: $id, stage: $s, reason: $r) { lifecycleStage } }`,
        { id, s: stage, r: reason },
      );
    const refused = await expectGraphQLError(change('CUSTOMER'), 'BAD_USER_INPUT', 'stage');
    expect(refused.extensions?.rule).toBe('lifecycle-transition');
    expect(refused.message).toMatch(/winning a deal/);
    await expectGraphQLError(change('RETAINED'), 'BAD_USER_INPUT', 'stage');
    await expectGraphQLError(change('QUALIFIED'), 'BAD_USER_INPUT', 'stage');
    await expectGraphQLError(change('LEAD', ' '), 'BAD_USER_INPUT', 'reason');
    await change('LEAD', 'Пришёл запрос с сайта');
    await change('DISQUALIFIED', 'Нет бюджета');
    await change('LEAD', 'Бюджет появился');
    await expectGraphQLError(change('LEAD'), 'BAD_USER_INPUT', 'stage');
    await expectGraphQLError(change('LEAD', 'x', server.client('ANALYST')), 'FORBIDDEN');
    await expectGraphQLError(change('DISQUALIFIED', 'x', server.client(`REP:${f.otherRepId}`)), 'FORBIDDEN');
    const { customer } = await rep.request<{
      customer: {
        lifecycleStage: string;
        allowedLifecycleTransitions: string[];
        lifecycleHistory: { fromStage: string | null; toStage: string; reason: string }[];
        contacts: { fullName: string; primary: boolean }[];
      };
    }>(`query($id: ID!) { customer(id: $id) { ${CUSTOMER} } }`, { id });
    expect(customer.lifecycleStage).toBe('LEAD');
    expect(customer.allowedLifecycleTransitions).toEqual(['QUALIFIED', 'DISQUALIFIED']);
    expect(customer.lifecycleHistory.map((h) => [h.fromStage, h.toStage])).toEqual([
      [null, 'PROSPECT'],
      ['PROSPECT', 'LEAD'],
      ['LEAD', 'DISQUALIFIED'],
      ['DISQUALIFIED', 'LEAD'],
    ]);
    expect(customer.lifecycleHistory[2].reason).toBe('Нет бюджета');
    expect(customer.contacts).toEqual([
      { fullName: 'Петрова Анна', primary: true },
      { fullName: 'Иванов Иван', primary: false },
    ]);
  });

  it('refuses bad customer input and writes nothing', async () => {
    const admin = server.client();
    const before = (await admin.request<{ customers: { totalCount: number } }>(`{ customers { totalCount } }`)).customers.totalCount;
    const base = { name: 'ООО «Плохие данные»', industry: 'ИТ', region: 'Москва', size: 'SMALL', ownerId: f.repId };
    const create = (i: Record<string, unknown>) =>
      admin.request(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, { i: { ...base, ...i } });
    await expectGraphQLError(create({ taxId: '12345' }), 'BAD_USER_INPUT', 'taxId');
    await expectGraphQLError(create({ ownerId: '999999' }), 'NOT_FOUND', 'ownerId');
    await expectGraphQLError(create({ name: '' }), 'BAD_USER_INPUT', 'name');
    await create({ taxId: '7701234567' });
    await expectGraphQLError(create({ name: 'Другое', taxId: '7701234567' }), 'CONFLICT', 'taxId');
    const after = (await admin.request<{ customers: { totalCount: number } }>(`{ customers { totalCount } }`)).customers.totalCount;
    expect(after).toBe(before + 1);
    await expectGraphQLError(admin.request(`{ customer(id: "999999") { id } }`), 'NOT_FOUND', 'id');
  });
});

describe('leads: qualification and handoff', () => {
  const LEAD = `id status owner { id } team { id } generatedBy { id } sourceTeam { id } handedOffAt
    qualification { budget authority need timeline score threshold outcome reasons notes }
    handoff { fromMember { id } fromTeam { id } toTeam { id } toMember { id } handedOffAt }
    customer { lifecycleStage } channel { id }`;
  interface LeadShape {
    id: string;
    status: string;
    owner: { id: string };
    team: { id: string };
    handedOffAt: string | null;
    qualification: { score: number; threshold: number; outcome: string; reasons: string[] } | null;
    handoff: { fromMember: { id: string }; toTeam: { id: string }; toMember: { id: string } } | null;
    customer: { lifecycleStage: string };
  }
  const createLead = async (customerId: string, ownerId = f.insideRepId) =>
    (
      await server
        .client(`REP:${ownerId}`)
        .request<{ createLead: LeadShape }>(`mutation($i: CreateLeadInput!) { createLead(input: $i) { ${LEAD} } }`, {
          i: { title: 'Резервное копирование', customerId, channelId: f.channelId },
        })
    ).createLead;
  const qualify = (id: string, scores: Record<string, number>, viewer = `REP:${f.insideRepId}`) =>
    server
      .client(viewer)
      .request<{ qualifyLead: LeadShape }>(`mutation($id: ID!, $i: QualifyLeadInput!) { qualifyLead(id: $id, input: $i) { ${LEAD} } }`, {
        id,
        i: { notes: 'Звонок', ...scores },
      });
  const handOff = (id: string, input: Record<string, unknown>, viewer = `REP:${f.insideRepId}`) =>
    server
      .client(viewer)
      .request<{ handOffLead: { lead: LeadShape; toMember: { id: string }; fromMember: { id: string }; handedOffAt: string } }>(
        `mutation($id: ID!, $i: HandOffLeadInput!) { handOffLead(id: $id, input: $i) { handedOffAt fromMember { id } toMember { id } lead { ${LEAD} } } }`,
        { id, i: input },
      );

  it('qualifies a lead at the threshold, hands it to a field member, credits inside sales, and the deal converts it', async () => {
    const customerId = await newCustomer('ООО «Квалификация»');
    const lead = await createLead(customerId);
    expect(lead).toMatchObject({
      status: 'OPEN',
      owner: { id: f.insideRepId },
      team: { id: f.insideTeamId },
      customer: { lifecycleStage: 'LEAD' },
    });
    const { qualifyLead } = await qualify(lead.id, { budget: 2, authority: 2, need: 2, timeline: 2 });
    expect(qualifyLead).toMatchObject({
      status: 'QUALIFIED',
      qualification: { score: 8, threshold: 8, outcome: 'QUALIFIED', reasons: [] },
      customer: { lifecycleStage: 'QUALIFIED' },
    });
    await expectGraphQLError(qualify(lead.id, { budget: 3, authority: 3, need: 3, timeline: 3 }), 'CONFLICT', 'id');
    await expectGraphQLError(handOff(lead.id, { toTeamId: f.insideTeamId }), 'BAD_USER_INPUT', 'toTeamId');
    await expectGraphQLError(handOff(lead.id, { toTeamId: f.fieldTeamId, toMemberId: f.otherRepId }), 'BAD_USER_INPUT', 'toMemberId');
    await expectGraphQLError(handOff(lead.id, { toTeamId: f.fieldTeamId }, `REP:${f.repId}`), 'FORBIDDEN');
    const { handOffLead } = await handOff(lead.id, { toTeamId: f.fieldTeamId, toMemberId: f.subRepId, note: 'Ждут звонка' });
    expect(handOffLead).toMatchObject({ fromMember: { id: f.insideRepId }, toMember: { id: f.subRepId } });
    expect(handOffLead.lead).toMatchObject({
      owner: { id: f.subRepId },
      team: { id: f.subTeamId },
      handoff: { fromMember: { id: f.insideRepId }, toTeam: { id: f.fieldTeamId } },
    });
    expect(handOffLead.lead.handedOffAt).toBe(handOffLead.handedOffAt);
    await expectGraphQLError(handOff(lead.id, { toTeamId: f.fieldTeamId }, 'ADMIN'), 'CONFLICT', 'id');
    // The inside-sales member keeps seeing the lead and is credited with the handoff.
    const inside = server.client(`REP:${f.insideRepId}`);
    await inside.request(`query($id: ID!) { lead(id: $id) { id } }`, { id: lead.id });
    const credited = await inside.request<{ leadHandoffs: { totalCount: number; nodes: { lead: { id: string } }[] } }>(
      `query($m: ID) { leadHandoffs(filter: { fromMemberId: $m }) { totalCount nodes { lead { id } } } }`,
      { m: f.insideRepId },
    );
    expect(credited.leadHandoffs.nodes.map((n) => n.lead.id)).toContain(lead.id);
    // Nobody else makes a deal of it, not even for themselves: converting changes the lead.
    await expectGraphQLError(
      server.client(`REP:${f.otherRepId}`).request(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
        i: {
          title: 'Чужой лид',
          accountId: customerId,
          amount: '1',
          expectedCloseDate: inDays(30),
          leadId: lead.id,
          ownerId: f.otherRepId,
        },
      }),
      'FORBIDDEN',
    );
    // The receiver makes a deal of it: owner and channel come from the lead, which becomes CONVERTED.
    const { createDeal } = await server
      .client(`REP:${f.subRepId}`)
      .request<{ createDeal: { owner: { id: string }; channel: { id: string }; lead: { id: string; status: string } } }>(
        `mutation($i: CreateDealInput!) { createDeal(input: $i) { owner { id } channel { id } lead { id status } } }`,
        { i: { title: 'Из лида', accountId: customerId, amount: '500000', expectedCloseDate: inDays(30), leadId: lead.id } },
      );
    expect(createDeal).toEqual({ owner: { id: f.subRepId }, channel: { id: f.channelId }, lead: { id: lead.id, status: 'CONVERTED' } });
    await expectGraphQLError(
      server.client().request(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
        i: { title: 'Ещё раз', accountId: customerId, amount: '1', expectedCloseDate: inDays(30), leadId: lead.id },
      }),
      'CONFLICT',
      'leadId',
    );
  });

  it('disqualifies below the threshold or with a zero, keeping the reasons', async () => {
    const customerId = await newCustomer('ООО «Без бюджета»');
    const low = await createLead(customerId);
    const { qualifyLead } = await qualify(low.id, { budget: 0, authority: 3, need: 3, timeline: 3 });
    expect(qualifyLead.status).toBe('DISQUALIFIED');
    expect(qualifyLead.qualification).toMatchObject({ score: 9, outcome: 'DISQUALIFIED', reasons: ['budget scored 0'] });
    expect(qualifyLead.customer.lifecycleStage).toBe('DISQUALIFIED');
    const again = await createLead(customerId);
    expect(again.customer.lifecycleStage).toBe('LEAD');
    const { qualifyLead: weak } = await qualify(again.id, { budget: 1, authority: 2, need: 2, timeline: 2 });
    expect(weak.qualification?.reasons).toEqual(['total 7 is below the threshold of 8']);
    await expectGraphQLError(
      qualify((await createLead(customerId)).id, { budget: 4, authority: 2, need: 2, timeline: 2 }),
      'BAD_USER_INPUT',
      'budget',
    );
    await expectGraphQLError(handOff(again.id, { toTeamId: f.fieldTeamId }), 'CONFLICT', 'id');
    await expectGraphQLError(
      server.client().request(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
        i: { title: 'x', accountId: customerId, amount: '1', expectedCloseDate: inDays(30), leadId: again.id },
      }),
      'BAD_USER_INPUT',
      'leadId',
    );
  });

  it('filters lead lists by what the caller may read', async () => {
    const customerId = await newCustomer('ООО «Списки лидов»');
    const own = await createLead(customerId, f.otherRepId);
    const mine = await server
      .client(`REP:${f.otherRepId}`)
      .request<{ leads: { nodes: { id: string; owner: { id: string } }[] } }>(`{ leads(first: 100) { nodes { id owner { id } } } }`);
    expect(mine.leads.nodes.map((l) => l.id)).toContain(own.id);
    expect(mine.leads.nodes.every((l) => l.owner.id === f.otherRepId)).toBe(true);
    await expectGraphQLError(
      server.client(`REP:${f.repId}`).request(`query($id: ID!) { lead(id: $id) { id } }`, { id: own.id }),
      'FORBIDDEN',
    );
    const managed = await server
      .client(`MANAGER:${f.managerId}`)
      .request<{ leads: { nodes: { id: string }[] } }>(`{ leads(first: 100) { nodes { id } } }`);
    expect(managed.leads.nodes.map((l) => l.id)).not.toContain(own.id);
  });
});

describe('interactions and follow-ups', () => {
  it('logs interactions with a promised follow-up, lists overdue follow-ups and completes them', async () => {
    const customerId = await newCustomer('ООО «Взаимодействия»');
    const rep = server.client(`REP:${f.repId}`);
    const { createDeal } = await rep.request<{ createDeal: { id: string } }>(
      `mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`,
      {
        i: { title: 'Сеть склада', accountId: customerId, amount: '900000', channelId: f.channelId, expectedCloseDate: inDays(40) },
      },
    );
    const { logInteraction } = await rep.request<{
      logInteraction: { id: string; kind: string; deal: { id: string }; member: { id: string } };
    }>(`mutation($i: LogInteractionInput!) { logInteraction(input: $i) { id kind deal { id } member { id } } }`, {
      i: {
        kind: 'MEETING',
        customerId,
        dealId: createDeal.id,
        subject: 'Демонстрация',
        notes: 'Понравилось',
        followUp: { title: 'Отправить КП', dueDate: inDays(2) },
      },
    });
    expect(logInteraction).toMatchObject({ kind: 'MEETING', deal: { id: createDeal.id }, member: { id: f.repId } });
    await expectGraphQLError(
      rep.request(`mutation($i: LogInteractionInput!) { logInteraction(input: $i) { id } }`, {
        i: { kind: 'CALL', customerId: f.customerId, dealId: createDeal.id, subject: 'x' },
      }),
      'BAD_USER_INPUT',
      'dealId',
    );
    await expectGraphQLError(
      rep.request(`mutation($i: LogInteractionInput!) { logInteraction(input: $i) { id } }`, {
        i: { kind: 'CALL', customerId, subject: 'x', occurredAt: '2999-01-01T00:00:00Z' },
      }),
      'BAD_USER_INPUT',
      'occurredAt',
    );
    await expectGraphQLError(
      rep.request(`mutation($i: CreateFollowUpInput!) { createFollowUp(input: $i) { id } }`, {
        i: { customerId, title: 'Поздно', dueDate: inDays(-3) },
      }),
      'BAD_USER_INPUT',
      'dueDate',
    );
    await expectGraphQLError(
      rep.request(`mutation($i: CreateFollowUpInput!) { createFollowUp(input: $i) { id } }`, {
        i: { customerId, title: 'Чужое', dueDate: inDays(3), assigneeId: f.otherRepId },
      }),
      'FORBIDDEN',
    );
    // An overdue follow-up (made overdue in the database: the API refuses due dates in the past).
    const { createFollowUp } = await rep.request<{ createFollowUp: { id: string } }>(
      `mutation($i: CreateFollowUpInput!) { createFollowUp(input: $i) { id } }`,
      {
        i: { customerId, dealId: createDeal.id, title: 'Перезвонить', dueDate: inDays(0) },
      },
    );
    await server.app.orm.em
      .getConnection()
      .execute(`update follow_up set due_date = ? where id = ?`, [inDays(-5), Number(createFollowUp.id)]);
    const overdueQuery = `query($id: ID!) { member(id: $id) { overdueFollowUpCount overdueFollowUps { id title overdue dueDate deal { id } } } }`;
    const { member } = await rep.request<{
      member: { overdueFollowUpCount: number; overdueFollowUps: { id: string; overdue: boolean }[] };
    }>(overdueQuery, { id: f.repId });
    expect(member.overdueFollowUpCount).toBe(1);
    expect(member.overdueFollowUps).toMatchObject([{ id: createFollowUp.id, overdue: true }]);
    const listed = await rep.request<{ followUps: { nodes: { id: string }[] } }>(
      `{ followUps(filter: { overdue: true }) { nodes { id } } }`,
    );
    expect(listed.followUps.nodes.map((n) => n.id)).toEqual([createFollowUp.id]);
    await expectGraphQLError(server.client(`REP:${f.otherRepId}`).request(overdueQuery, { id: f.repId }), 'FORBIDDEN');
    const { completeFollowUp } = await server
      .client(`MANAGER:${f.managerId}`)
      .request<{ completeFollowUp: { done: boolean; overdue: boolean } }>(
        `mutation($id: ID!) { completeFollowUp(id: $id) { done overdue } }`,
        { id: createFollowUp.id },
      );
    expect(completeFollowUp).toEqual({ done: true, overdue: false });
    const after = await rep.request<{ member: { overdueFollowUpCount: number } }>(overdueQuery, { id: f.repId });
    expect(after.member.overdueFollowUpCount).toBe(0);
    const { customer } = await rep.request<{
      customer: { interactions: { subject: string }[]; followUps: { title: string }[]; deals: { id: string }[] };
    }>(`query($id: ID!) { customer(id: $id) { interactions { subject } followUps { title } deals { id } } }`, { id: customerId });
    expect(customer).toEqual({
      interactions: [{ subject: 'Демонстрация' }],
      followUps: [{ title: 'Отправить КП' }],
      deals: [{ id: createDeal.id }],
    });
    const other = await server
      .client(`REP:${f.otherRepId}`)
      .request<{ customer: { interactions: unknown[]; deals: unknown[] } }>(
        `query($id: ID!) { customer(id: $id) { interactions { subject } deals { id } } }`,
        { id: customerId },
      );
    expect(other.customer).toEqual({ interactions: [], deals: [] });
  });

  it('reads the overdue follow-ups of a whole team in a bounded number of statements', async () => {
    const query = `query($t: ID) { members(filter: { teamId: $t, includeSubteams: true }) { nodes { fullName overdueFollowUpCount overdueFollowUps(first: 5) { title customer { name } } } } }`;
    const small = await measured(server.client(), query, { t: f.subTeamId });
    const large = await measured(server.client(), query, { t: f.rootTeamId });
    expect(large.statements).toBe(small.statements);
  });
});

describe('lifetime value over the deals the caller may read', () => {
  interface Clv {
    revenueToDate: string;
    wonDeals: number;
    lifetimeValue: string;
    complete: boolean;
  }
  const CLV = `query($id: ID!) { customer(id: $id) { lifetimeValue { revenueToDate wonDeals lifetimeValue complete } } }`;
  const clvAs = async (viewer: string, id: string) =>
    (await server.client(viewer).request<{ customer: { lifetimeValue: Clv } }>(CLV, { id })).customer.lifetimeValue;
  const wonDeal = async (customerId: string, ownerId: string, amount: string) => {
    const admin = server.client();
    const { createDeal } = await admin.request<{ createDeal: { id: string } }>(
      `mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`,
      {
        i: { title: 'Поставка', accountId: customerId, amount, ownerId, channelId: f.channelId, expectedCloseDate: inDays(10) },
      },
    );
    await admin.request(`mutation($id: ID!) { winDeal(id: $id, input: { reason: "Подписали" }) { id } }`, { id: createDeal.id });
  };
  // A manager above both reps' teams (the fixture's field manager is above the rep only).
  const rootManager = async () => {
    const admin = server.client();
    const { createMember } = await admin.request<{ createMember: { id: string } }>(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
      {
        i: {
          fullName: 'Root Manager',
          email: `root.${Date.now()}@test.example.ru`,
          role: 'MANAGER',
          teamId: f.rootTeamId,
          hireDate: '2020-01-01',
        },
      },
    );
    await admin.request(`mutation($t: ID!, $m: ID) { setTeamManager(teamId: $t, managerId: $m) { id } }`, {
      t: f.rootTeamId,
      m: createMember.id,
    });
    return createMember.id;
  };

  it('sums only the won deals the caller may read and says when some were left out', async () => {
    // The rep owns the account; another team's rep won a deal with it too.
    const id = await newCustomer('ООО «Два продавца»', f.repId);
    await wonDeal(id, f.repId, '100000');
    await wonDeal(id, f.otherRepId, '250000.50');
    expect(await clvAs(`REP:${f.repId}`, id)).toEqual({
      revenueToDate: '100000.00',
      wonDeals: 1,
      lifetimeValue: '100000.00',
      complete: false,
    });
    expect(await clvAs(`REP:${f.otherRepId}`, id)).toEqual({
      revenueToDate: '250000.50',
      wonDeals: 1,
      lifetimeValue: '250000.50',
      complete: false,
    });
    expect(await clvAs(`MANAGER:${f.managerId}`, id)).toMatchObject({ revenueToDate: '100000.00', complete: false });
    const whole = { revenueToDate: '350000.50', wonDeals: 2, lifetimeValue: '350000.50', complete: true };
    expect(await clvAs(`MANAGER:${await rootManager()}`, id)).toEqual(whole);
    expect(await clvAs('ADMIN', id)).toEqual(whole);
    expect(await clvAs('ANALYST', id)).toEqual(whole);
    // Nothing readable: no amounts at all, and honest about it.
    expect(await clvAs(`REP:${f.insideRepId}`, id)).toEqual({ revenueToDate: '0.00', wonDeals: 0, lifetimeValue: '0.00', complete: false });
    const none = await newCustomer('ООО «Без сделок»', f.repId);
    expect(await clvAs(`REP:${f.repId}`, none)).toEqual({ revenueToDate: '0.00', wonDeals: 0, lifetimeValue: '0.00', complete: true });
  });

  it('reads the value of a page of customers in as many statements whatever its size', async () => {
    for (const name of ['ООО «Страница 1»', 'ООО «Страница 2»', 'ООО «Страница 3»']) {
      const id = await newCustomer(name, f.repId);
      await wonDeal(id, f.repId, '1000');
      await wonDeal(id, f.otherRepId, '2000');
    }
    const query = `query($n: Int) { customers(first: $n) { nodes { lifetimeValue { revenueToDate complete } } } }`;
    for (const viewer of [`REP:${f.repId}`, 'ADMIN']) {
      const small = await measured<{ customers: { nodes: unknown[] } }>(server.client(viewer), query, { n: 1 });
      const large = await measured<{ customers: { nodes: unknown[] } }>(server.client(viewer), query, { n: 50 });
      expect(large.data.customers.nodes.length).toBeGreaterThan(3);
      expect(large.statements).toBe(small.statements);
    }
  });
});
