import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let f: PipelineFixture;
let archivedId: string;
beforeAll(async () => {
  server = await startTestServer();
  f = await buildPipelineFixture(server.client());
  const admin = server.client();
  const { createMember } = await admin.request<{ createMember: { id: string } }>(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
    { i: { fullName: 'Ушедший', email: `gone.${Date.now()}@test.example.ru`, role: 'REP', teamId: f.otherTeamId, hireDate: '2020-01-01' } },
  );
  archivedId = createMember.id;
  await admin.request(`mutation($id: ID!) { archiveMember(id: $id) { id } }`, { id: archivedId });
}, 120_000);
afterAll(() => server?.close());

const CREDITS = `id version credits { member { id } team { id } percent overlay implicit amount setAt }`;
const SET = `mutation($d: ID!, $c: [DealCreditInput!]!, $v: Int) { setDealCredits(dealId: $d, credits: $c, expectedVersion: $v) { ${CREDITS} } }`;
const READ = `query($id: ID!) { deal(id: $id) { ${CREDITS} } }`;

interface Line {
  member: { id: string };
  team: { id: string };
  percent: string;
  overlay: boolean;
  implicit: boolean;
  amount: string;
  setAt: string | null;
}
interface DealCredits {
  id: string;
  version: number;
  credits: Line[];
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function newDeal(ownerId = f.repId, amount = '1000000.00'): Promise<string> {
  const { createDeal } = await server
    .client()
    .request<{ createDeal: { id: string } }>(`mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`, {
      i: { title: 'Сделка с разделом', accountId: f.customerId, ownerId, amount, channelId: f.channelId, expectedCloseDate: inDays(30) },
    });
  return createDeal.id;
}

const read = async (id: string) => (await server.client().request<{ deal: DealCredits }>(READ, { id })).deal;
const split = (client: ReturnType<TestServer['client']>, d: string, c: unknown[], v?: number) =>
  client.request<{ setDealCredits: DealCredits }>(SET, { d, c, v });
const shares = (lines: Line[]) => lines.map((l) => [l.member.id, l.team.id, l.percent, l.overlay, l.amount]);

/** 60 % owner (field team), 40 % a rep of another team, 10 % overlay for a rep of the inside team. */
const SIXTY_FORTY = () => [
  { memberId: f.repId, percent: '60' },
  { memberId: f.otherRepId, percent: '40.00' },
  { memberId: f.insideRepId, percent: '10', overlay: true },
];

describe('deal credit splits', () => {
  it("lists the owner's implicit 100 % while the deal is not split", async () => {
    const deal = await read(await newDeal(f.repId, '1234.56'));
    expect(deal.credits).toEqual([
      {
        member: { id: f.repId },
        team: { id: f.fieldTeamId },
        percent: '100.00',
        overlay: false,
        implicit: true,
        amount: '1234.56',
        setAt: null,
      },
    ]);
  });

  it('splits 60/40 across two teams with a 10 % overlay, each line with its team and amount; an empty list undoes it', async () => {
    const id = await newDeal(f.repId, '1000000.01');
    const before = await read(id);
    const { setDealCredits } = await split(server.client(`MANAGER:${f.managerId}`), id, SIXTY_FORTY(), before.version);
    // 1 000 000.01 × 60 % = 600 000.006 → 600 000.01; × 40 % = 400 000.004 → 400 000.00; × 10 % = 100 000.001 → 100 000.00
    expect(shares(setDealCredits.credits)).toEqual([
      [f.repId, f.fieldTeamId, '60.00', false, '600000.01'],
      [f.otherRepId, f.otherTeamId, '40.00', false, '400000.00'],
      [f.insideRepId, f.insideTeamId, '10.00', true, '100000.00'],
    ]);
    expect(setDealCredits.credits.every((l) => !l.implicit && l.setAt !== null)).toBe(true);
    expect(setDealCredits.version).toBe(before.version + 1);

    const { setDealCredits: undone } = await split(server.client(), id, []);
    expect(shares(undone.credits)).toEqual([[f.repId, f.fieldTeamId, '100.00', false, '1000000.01']]);
    expect(undone.credits[0].implicit).toBe(true);
  });

  it('costs the same number of SQL statements for the credits of one deal or of a page of deals', async () => {
    for (let i = 0; i < 3; i += 1) await split(server.client(), await newDeal(f.subRepId), [{ memberId: f.subRepId, percent: '100' }]);
    const page = (first: number) =>
      measured<{ deals: { nodes: { credits: Line[] }[] } }>(
        server.client(),
        `query($m: ID!, $n: Int!) { deals(first: $n, filter: { ownerId: $m }) { nodes { credits { member { id } team { id } percent amount } } } }`,
        { m: f.subRepId, n: first },
      );
    const [one, three] = [await page(1), await page(3)];
    expect(three.data.deals.nodes.map((n) => n.credits.map((l) => [l.member.id, l.team.id, l.percent]))).toEqual(
      Array.from({ length: 3 }, () => [[f.subRepId, f.subTeamId, '100.00']]),
    );
    expect(one.statements).toBeGreaterThan(0);
    expect(three.statements).toBe(one.statements);
  });

  it('keeps the team a line was first set with while its member stays credited', async () => {
    const id = await newDeal();
    await split(server.client(), id, [
      { memberId: f.repId, percent: '50' },
      { memberId: f.otherRepId, percent: '50' },
    ]);
    await server
      .client()
      .request(`mutation($m: ID!, $t: ID!) { moveMember(memberId: $m, teamId: $t) { id } }`, { m: f.otherRepId, t: f.subTeamId });
    try {
      const { setDealCredits } = await split(server.client(), id, [
        { memberId: f.repId, percent: '70' },
        { memberId: f.otherRepId, percent: '30' },
      ]);
      expect(shares(setDealCredits.credits).map((s) => s.slice(0, 3))).toEqual([
        [f.repId, f.fieldTeamId, '70.00'],
        [f.otherRepId, f.otherTeamId, '30.00'],
      ]);
    } finally {
      await server
        .client()
        .request(`mutation($m: ID!, $t: ID!) { moveMember(memberId: $m, teamId: $t) { id } }`, { m: f.otherRepId, t: f.otherTeamId });
    }
  });

  describe('refuses bad input with the rule it breaks, changing nothing', () => {
    let id: string;
    let before: DealCredits;
    beforeAll(async () => {
      id = await newDeal();
      before = (await split(server.client(), id, SIXTY_FORTY())).setDealCredits;
    });
    const cases: [string, () => unknown[], string, string, string][] = [
      [
        'a zero share',
        () => [
          { memberId: f.repId, percent: '100' },
          { memberId: f.otherRepId, percent: '0' },
        ],
        'BAD_USER_INPUT',
        'credits[1].percent',
        'credit-percent',
      ],
      [
        'an overlay above 100',
        () => [
          { memberId: f.repId, percent: '100' },
          { memberId: f.otherRepId, percent: '100.01', overlay: true },
        ],
        'BAD_USER_INPUT',
        'credits[1].percent',
        'credit-percent',
      ],
      [
        'three decimals',
        () => [
          { memberId: f.repId, percent: '99.995' },
          { memberId: f.otherRepId, percent: '0.005' },
        ],
        'BAD_USER_INPUT',
        'credits[0].percent',
        'decimals',
      ],
      [
        'regular shares summing to 99.99',
        () => [
          { memberId: f.repId, percent: '59.99' },
          { memberId: f.otherRepId, percent: '40' },
        ],
        'BAD_USER_INPUT',
        'credits',
        'credit-total',
      ],
      [
        'regular shares summing to 110 (overlay not counted)',
        () => [
          { memberId: f.repId, percent: '70' },
          { memberId: f.otherRepId, percent: '40' },
          { memberId: f.insideRepId, percent: '10', overlay: true },
        ],
        'BAD_USER_INPUT',
        'credits',
        'credit-total',
      ],
      ['a split without the owner', () => [{ memberId: f.otherRepId, percent: '100' }], 'BAD_USER_INPUT', 'credits', 'credit-owner'],
      [
        'the owner as an overlay only',
        () => [
          { memberId: f.otherRepId, percent: '100' },
          { memberId: f.repId, percent: '10', overlay: true },
        ],
        'BAD_USER_INPUT',
        'credits',
        'credit-owner',
      ],
      [
        'a member twice',
        () => [
          { memberId: f.repId, percent: '50' },
          { memberId: f.repId, percent: '50' },
        ],
        'BAD_USER_INPUT',
        'credits[1].memberId',
        'unique',
      ],
      [
        'an archived member',
        () => [
          { memberId: f.repId, percent: '50' },
          { memberId: archivedId, percent: '50' },
        ],
        'BAD_USER_INPUT',
        'credits[1].memberId',
        'archived',
      ],
      [
        'a member that does not exist',
        () => [
          { memberId: f.repId, percent: '50' },
          { memberId: '99999999', percent: '50' },
        ],
        'NOT_FOUND',
        'credits[1].memberId',
        '',
      ],
      [
        'more than 20 lines',
        () => [
          { memberId: f.repId, percent: '100' },
          ...Array.from({ length: 20 }, (_, i) => ({ memberId: String(1000 + i), percent: '1', overlay: true })),
        ],
        'BAD_USER_INPUT',
        'credits',
        'range',
      ],
    ];
    for (const [name, credits, code, field, rule] of cases) {
      it(name, async () => {
        const error = await expectGraphQLError(split(server.client(), id, credits()), code, field);
        if (rule) expect(error.extensions?.rule).toBe(rule);
        expect(await read(id)).toEqual(before);
      });
    }

    it('a stale version', async () => {
      const error = await expectGraphQLError(split(server.client(), id, [], before.version - 1), 'CONFLICT', 'expectedVersion');
      expect(error.extensions?.rule).toBe('stale-version');
      expect(await read(id)).toEqual(before);
    });
  });

  it("is for the managers above the deal's team and admins: not its owner, not another team's manager, not an analyst", async () => {
    const id = await newDeal();
    const credits = SIXTY_FORTY();
    await expectGraphQLError(split(server.client(`REP:${f.repId}`), id, credits), 'FORBIDDEN');
    await expectGraphQLError(split(server.client('ANALYST'), id, credits), 'FORBIDDEN');
    const { setDealCredits } = await split(server.client(`MANAGER:${f.managerId}`), id, credits);
    expect(setDealCredits.credits).toHaveLength(3);
  });

  it('changes a won deal for an admin only, and never a lost one', async () => {
    const manager = server.client(`MANAGER:${f.managerId}`);
    const won = await newDeal();
    await server.client().request(`mutation($id: ID!) { winDeal(id: $id, input: { reason: "Цена" }) { id } }`, { id: won });
    const error = await expectGraphQLError(split(manager, won, SIXTY_FORTY()), 'CONFLICT', 'dealId');
    expect(error.extensions?.rule).toBe('credit-closed');
    expect((await split(server.client(), won, SIXTY_FORTY())).setDealCredits.credits).toHaveLength(3);

    const lost = await newDeal();
    await server.client().request(`mutation($id: ID!) { loseDeal(id: $id, input: { reason: "Конкурент" }) { id } }`, { id: lost });
    const refused = await expectGraphQLError(split(server.client(), lost, SIXTY_FORTY()), 'CONFLICT', 'dealId');
    expect(refused.extensions?.rule).toBe('credit-closed');
  });

  describe('reassigning a split deal', () => {
    const reassign = (id: string, ownerId: string) =>
      server
        .client()
        .request<{ updateDeal: DealCredits }>(
          `mutation($id: ID!, $o: ID!) { updateDeal(id: $id, input: { ownerId: $o }) { ${CREDITS} } }`,
          {
            id,
            o: ownerId,
          },
        );

    it("passes the previous owner's share to the new owner, for the deal's new team", async () => {
      const id = await newDeal();
      await split(server.client(), id, SIXTY_FORTY());
      const { updateDeal } = await reassign(id, f.subRepId);
      expect(shares(updateDeal.credits).map((s) => s.slice(0, 4))).toEqual([
        [f.subRepId, f.subTeamId, '60.00', false],
        [f.otherRepId, f.otherTeamId, '40.00', false],
        [f.insideRepId, f.insideTeamId, '10.00', true],
      ]);
    });

    it('adds it to a new owner who already had a regular share', async () => {
      const id = await newDeal();
      await split(server.client(), id, SIXTY_FORTY());
      const { updateDeal } = await reassign(id, f.otherRepId);
      expect(shares(updateDeal.credits).map((s) => s.slice(0, 4))).toEqual([
        [f.otherRepId, f.otherTeamId, '100.00', false],
        [f.insideRepId, f.insideTeamId, '10.00', true],
      ]);
    });

    it('refuses a new owner who holds an overlay share, changing nothing', async () => {
      const id = await newDeal();
      const before = (await split(server.client(), id, SIXTY_FORTY())).setDealCredits;
      const error = await expectGraphQLError(reassign(id, f.insideRepId), 'CONFLICT', 'ownerId');
      expect(error.extensions?.rule).toBe('credit-overlay-owner');
      expect(await read(id)).toEqual(before);
    });
  });
});
