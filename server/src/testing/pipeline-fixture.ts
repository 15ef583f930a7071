import type { GraphQLClient } from 'graphql-request';

/** A small sales organisation built through the API, for tests that need exact control over the data. */
export interface PipelineFixture {
  rootTeamId: string;
  fieldTeamId: string;
  subTeamId: string;
  otherTeamId: string;
  insideTeamId: string;
  managerId: string;
  repId: string;
  subRepId: string;
  otherRepId: string;
  insideRepId: string;
  stageIds: { LEAD: string; QUALIFIED: string; PROPOSAL: string; NEGOTIATION: string; WON: string; LOST: string };
  channelId: string;
  productId: string;
  customerId: string;
}

let counter = 0;

export async function buildPipelineFixture(admin: GraphQLClient): Promise<PipelineFixture> {
  counter += 1;
  const tag = `${Date.now() % 100000}-${counter}`;
  const team = async (name: string, kind: string, parentId?: string) =>
    (
      await admin.request<{ createTeam: { id: string } }>(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`, {
        i: { name: `${name} ${tag}`, kind, parentId },
      })
    ).createTeam.id;
  const member = async (name: string, role: string, teamId: string) =>
    (
      await admin.request<{ createMember: { id: string } }>(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, {
        i: { fullName: name, email: `${name.toLowerCase()}.${tag}@test.example.ru`, role, teamId, hireDate: '2020-01-01' },
      })
    ).createMember.id;
  const rootTeamId = await team('Тестовый отдел', 'GEOGRAPHIC');
  const fieldTeamId = await team('Поле', 'GEOGRAPHIC', rootTeamId);
  const subTeamId = await team('Подкоманда', 'GEOGRAPHIC', fieldTeamId);
  const otherTeamId = await team('Другая', 'GEOGRAPHIC', rootTeamId);
  const insideTeamId = await team('Внутренние', 'INSIDE_SALES', rootTeamId);
  const managerId = await member('Manager', 'MANAGER', fieldTeamId);
  await admin.request(`mutation($t: ID!, $m: ID) { setTeamManager(teamId: $t, managerId: $m) { id } }`, { t: fieldTeamId, m: managerId });
  const repId = await member('Rep', 'REP', fieldTeamId);
  const subRepId = await member('Subrep', 'REP', subTeamId);
  const otherRepId = await member('Otherrep', 'REP', otherTeamId);
  const insideRepId = await member('Insiderep', 'REP', insideTeamId);

  const { salesStages } = await admin.request<{ salesStages: { id: string; code: string }[] }>(`{ salesStages { id code } }`);
  const stageIds: Record<string, string> = Object.fromEntries(salesStages.map((s) => [s.code, s.id]));
  const stages: [string, string, string, string, string][] = [
    ['LEAD', 'Lead', 'Лид', '10', 'OPEN'],
    ['QUALIFIED', 'Qualified', 'Квалифицирован', '25', 'OPEN'],
    ['PROPOSAL', 'Proposal', 'Предложение', '50', 'OPEN'],
    ['NEGOTIATION', 'Negotiation', 'Переговоры', '75', 'OPEN'],
    ['WON', 'Won', 'Выиграна', '100', 'WON'],
    ['LOST', 'Lost', 'Проиграна', '0', 'LOST'],
  ];
  for (const [code, nameEn, nameRu, probability, outcome] of stages) {
    if (stageIds[code]) continue;
    const { createSalesStage } = await admin.request<{ createSalesStage: { id: string } }>(
      `mutation($i: CreateSalesStageInput!) { createSalesStage(input: $i) { id } }`,
      { i: { code, nameEn, nameRu, probability, outcome } },
    );
    stageIds[code] = createSalesStage.id;
  }
  const { createChannel } = await admin.request<{ createChannel: { id: string } }>(
    `mutation($i: CreateChannelInput!) { createChannel(input: $i) { id } }`,
    { i: { code: `T${tag.replace('-', '_')}`, nameEn: 'Test channel', nameRu: 'Тестовый канал' } },
  );
  const { createProductLine } = await admin.request<{ createProductLine: { id: string } }>(
    `mutation($i: CreateProductLineInput!) { createProductLine(input: $i) { id } }`,
    { i: { code: `L${tag.replace('-', '_')}`, name: 'Линейка' } },
  );
  const { createProduct } = await admin.request<{ createProduct: { id: string } }>(
    `mutation($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
    { i: { code: `P${tag.replace('-', '_')}`, name: 'Продукт', lineId: createProductLine.id, listPrice: '100000.00' } },
  );
  const { createCustomer } = await admin.request<{ createCustomer: { id: string } }>(
    `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
    { i: { name: `ООО «Тест ${tag}»`, industry: 'Ритейл', region: 'Москва', size: 'LARGE', ownerId: repId } },
  );
  return {
    rootTeamId,
    fieldTeamId,
    subTeamId,
    otherTeamId,
    insideTeamId,
    managerId,
    repId,
    subRepId,
    otherRepId,
    insideRepId,
    stageIds: stageIds as PipelineFixture['stageIds'],
    channelId: createChannel.id,
    productId: createProduct.id,
    customerId: createCustomer.id,
  };
}
