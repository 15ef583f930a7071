import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(() => server?.close());

interface TeamNode {
  id: string;
  name: string;
  kind: string;
  depth: number;
  manager: { id: string; fullName: string; role: string } | null;
  members: { id: string; fullName: string; role: string; email: string }[];
  territory: { name: string; potential: string } | null;
  parent: { id: string } | null;
}

interface TeamsPage {
  teams: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: TeamNode }[] };
}

const TEAMS = /* GraphQL */ `
  query Teams($first: Int, $after: String, $filter: TeamFilter) {
    teams(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id name kind depth manager { id fullName role } members { id fullName role email } territory { name potential } parent { id } } }
    }
  }
`;

describe('organisation graph over HTTP', () => {
  it('lists the demo organisation with its managers and members', async () => {
    const { teams } = await server.client().request<TeamsPage>(TEAMS, { first: 50 });
    expect(teams.totalCount).toBe(14);
    expect(new Set(teams.edges.map((e) => e.node.kind))).toEqual(new Set(['GEOGRAPHIC', 'PRODUCT', 'KEY_ACCOUNT', 'INSIDE_SALES']));
    for (const { node } of teams.edges) {
      expect(node.manager?.role).toBe('MANAGER');
      expect(node.members.length).toBeGreaterThan(0);
    }
  });

  it('pages through teams with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const { teams }: TeamsPage = await server.client().request<TeamsPage>(TEAMS, { first: 4, after });
      seen.push(...teams.edges.map((e) => e.node.name));
      if (!teams.pageInfo.hasNextPage) break;
      after = teams.pageInfo.endCursor;
    }
    const { teams: all } = await server.client().request<TeamsPage>(TEAMS, { first: 100 });
    expect(seen).toEqual(all.edges.map((e) => e.node.name));
    expect([...seen].sort((a, b) => a.localeCompare(b))).toHaveLength(14);
  });

  it('filters by kind, parent, subtree and text', async () => {
    const kinds = await server.client().request<TeamsPage>(TEAMS, { filter: { kind: 'KEY_ACCOUNT' } });
    expect(kinds.teams.edges.map((e) => e.node.name).sort()).toEqual(['Госсектор', 'Ключевые клиенты', 'Федеральные сети']);
    const key = kinds.teams.edges.find((e) => e.node.name === 'Ключевые клиенты')!.node.id;
    const children = await server.client().request<TeamsPage>(TEAMS, { filter: { parentId: key } });
    expect(children.teams.edges.map((e) => e.node.name)).toEqual(['Госсектор', 'Федеральные сети']);
    const subtree = await server.client().request<TeamsPage>(TEAMS, { filter: { subtreeOf: key } });
    expect(subtree.teams.totalCount).toBe(3);
    const text = await server.client().request<TeamsPage>(TEAMS, { filter: { text: 'СЕВЕР' } });
    expect(text.teams.edges.map((e) => e.node.name)).toEqual(['Северо-Запад']);
    const wildcard = await server.client().request<TeamsPage>(TEAMS, { filter: { text: '%' } });
    expect(wildcard.teams.totalCount).toBe(0);
  });

  it('answers the subtree, ancestors and headcount of a team', async () => {
    const { teams } = await server.client().request<TeamsPage>(TEAMS, { filter: { rootsOnly: true } });
    const rootId = teams.edges[0].node.id;
    const data = await server
      .client()
      .request<{ team: { descendants: { name: string; depth: number }[]; headcount: number } }>(
        `query($id: ID!) { team(id: $id) { headcount descendants(includeSelf: true) { name depth } } }`,
        { id: rootId },
      );
    expect(data.team.descendants).toHaveLength(14);
    expect(data.team.descendants[0].depth).toBe(0);
    const { members } = await server.client().request<{ members: { totalCount: number } }>(`{ members(first: 1) { totalCount } }`);
    expect(data.team.headcount).toBe(members.totalCount);
  });

  it('costs a bounded number of SQL statements for teams with managers and members, whatever their number', async () => {
    const query = `query($first: Int) { teams(first: $first) { totalCount edges { node { id name manager { fullName } members { fullName role } territory { name } parent { name } children { name } } } } }`;
    const small = await measured(server.client(), query, { first: 5 });
    const admin = server.client();
    const { teams } = await admin.request<TeamsPage>(TEAMS, { filter: { rootsOnly: true } });
    const { createTerritory } = await admin.request<{ createTerritory: { id: string } }>(
      `mutation { createTerritory(input: { name: "Тестовая", kind: REGION, potential: "1000.00", marketSize: "5000" }) { id } }`,
    );
    for (let i = 0; i < 45; i += 1) {
      await admin.request(`mutation($input: CreateTeamInput!) { createTeam(input: $input) { id } }`, {
        input: { name: `Нагрузочная ${i}`, kind: 'GEOGRAPHIC', parentId: teams.edges[0].node.id, territoryId: createTerritory.id },
      });
    }
    const large = await measured<{ teams: { edges: unknown[] } }>(server.client(), query, { first: 50 });
    expect(large.data.teams.edges).toHaveLength(50);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(7);
  });
});

describe('organisation mutations', () => {
  const CREATE_MEMBER = `mutation($input: CreateMemberInput!) { createMember(input: $input) { id email team { id } } }`;

  it('creates, moves and archives a member, keeping the history', async () => {
    const admin = server.client();
    const { teams } = await admin.request<TeamsPage>(TEAMS, { filter: { kind: 'PRODUCT', text: 'Облачные' } });
    const { teams: others } = await admin.request<TeamsPage>(TEAMS, { filter: { text: 'Юг' } });
    const { createMember } = await admin.request<{ createMember: { id: string; email: string } }>(CREATE_MEMBER, {
      input: {
        fullName: 'Новый Сотрудник',
        email: 'New.Person@Sales.Example.ru',
        role: 'REP',
        teamId: teams.edges[0].node.id,
        hireDate: '2025-03-01',
        capability: '4.25',
      },
    });
    expect(createMember.email).toBe('new.person@sales.example.ru');
    const moved = await admin.request<{
      moveMember: { team: { id: string }; transfers: { fromTeam: { id: string }; toTeam: { id: string } }[] };
    }>(`mutation($m: ID!, $t: ID!) { moveMember(memberId: $m, teamId: $t) { team { id } transfers { fromTeam { id } toTeam { id } } } }`, {
      m: createMember.id,
      t: others.edges[0].node.id,
    });
    expect(moved.moveMember.team.id).toBe(others.edges[0].node.id);
    expect(moved.moveMember.transfers).toEqual([{ fromTeam: { id: teams.edges[0].node.id }, toTeam: { id: others.edges[0].node.id } }]);
    await admin.request(`mutation($id: ID!) { archiveMember(id: $id) { active } }`, { id: createMember.id });
    const listed = await admin.request<{ members: { totalCount: number } }>(
      `query($t: String) { members(filter: { text: $t }) { totalCount } }`,
      { t: 'new.person' },
    );
    expect(listed.members.totalCount).toBe(0);
    const kept = await admin.request<{ member: { active: boolean; archivedAt: string } }>(
      `query($id: ID!) { member(id: $id) { active archivedAt } }`,
      { id: createMember.id },
    );
    expect(kept.member.active).toBe(false);
    const history = await admin.request<{ members: { totalCount: number } }>(
      `query($t: String) { members(filter: { text: $t, includeArchived: true }) { totalCount } }`,
      { t: 'new.person' },
    );
    expect(history.members.totalCount).toBe(1);
  });

  it('refuses bad input with a typed error naming the field, and writes nothing', async () => {
    const admin = server.client();
    const before = await admin.request<{ members: { totalCount: number } }>(`{ members { totalCount } }`);
    const { teams } = await admin.request<TeamsPage>(TEAMS, { first: 1 });
    const teamId = teams.edges[0].node.id;
    const existing = await admin.request<{ members: { nodes: { email: string }[] } }>(`{ members(first: 1) { nodes { email } } }`);
    const base = { fullName: 'Кто-то', email: 'someone@sales.example.ru', role: 'REP', teamId, hireDate: '2024-01-01' };
    await expectGraphQLError(
      admin.request(CREATE_MEMBER, { input: { ...base, email: existing.members.nodes[0].email.toUpperCase() } }),
      'CONFLICT',
      'email',
    );
    await expectGraphQLError(admin.request(CREATE_MEMBER, { input: { ...base, email: 'not-an-email' } }), 'BAD_USER_INPUT', 'email');
    await expectGraphQLError(admin.request(CREATE_MEMBER, { input: { ...base, capability: '7' } }), 'BAD_USER_INPUT', 'capability');
    await expectGraphQLError(admin.request(CREATE_MEMBER, { input: { ...base, hireDate: '2999-01-01' } }), 'BAD_USER_INPUT', 'hireDate');
    await expectGraphQLError(admin.request(CREATE_MEMBER, { input: { ...base, teamId: '999999' } }), 'NOT_FOUND', 'teamId');
    await expectGraphQLError(admin.request(CREATE_MEMBER, { input: { ...base, teamId: 'abc' } }), 'BAD_USER_INPUT', 'teamId');
    await expectGraphQLError(admin.request(CREATE_MEMBER, { input: { ...base, fullName: '   ' } }), 'BAD_USER_INPUT', 'fullName');
    await expectGraphQLError(admin.request(CREATE_MEMBER, { input: { ...base, hireDate: '2024-02-30' } }), 'BAD_USER_INPUT');
    await expectGraphQLError(
      admin.request(`mutation { createTerritory(input: { name: "X", kind: REGION, potential: "10.555", marketSize: "1" }) { id } }`),
      'BAD_USER_INPUT',
      'potential',
    );
    await expectGraphQLError(
      admin.request(`mutation { createTerritory(input: { name: "X", kind: REGION, potential: "-10", marketSize: "1" }) { id } }`),
      'BAD_USER_INPUT',
      'potential',
    );
    await expectGraphQLError(admin.request(TEAMS, { first: 1000 }), 'BAD_USER_INPUT', 'first');
    await expectGraphQLError(admin.request(TEAMS, { after: 'garbage' }), 'BAD_USER_INPUT', 'after');
    await expectGraphQLError(admin.request(`{ team(id: "424242") { id } }`), 'NOT_FOUND', 'id');
    const after = await admin.request<{ members: { totalCount: number } }>(`{ members { totalCount } }`);
    expect(after.members.totalCount).toBe(before.members.totalCount);
  });

  it('refuses a manager who does not hold the MANAGER role', async () => {
    const admin = server.client();
    const { members } = await admin.request<{ members: { nodes: { id: string }[] } }>(
      `{ members(first: 1, filter: { role: REP }) { nodes { id } } }`,
    );
    const { teams } = await admin.request<TeamsPage>(TEAMS, { first: 1 });
    await expectGraphQLError(
      admin.request(`mutation($t: ID!, $m: ID) { setTeamManager(teamId: $t, managerId: $m) { id } }`, {
        t: teams.edges[0].node.id,
        m: members.nodes[0].id,
      }),
      'BAD_USER_INPUT',
      'managerId',
    );
  });

  it('names the input of a malformed Decimal, Date, ID or enum, in a literal or a variable', async () => {
    const admin = server.client();
    const { teams } = await admin.request<TeamsPage>(TEAMS, { first: 1 });
    const teamId = teams.edges[0].node.id;
    const base = { fullName: 'Кто-то', email: 'malformed@sales.example.ru', role: 'REP', teamId, hireDate: '2024-01-01' };
    const territory = { name: 'X', kind: 'REGION', potential: '1', marketSize: '1' };
    const CREATE_TERRITORY = `mutation($input: CreateTerritoryInput!) { createTerritory(input: $input) { id } }`;
    const cases: [string, () => Promise<unknown>, string, string, string | undefined][] = [
      [
        'Decimal literal',
        () => admin.request(`mutation { createTerritory(input: { name: "X", kind: REGION, potential: "abc", marketSize: "1" }) { id } }`),
        'BAD_USER_INPUT',
        'potential',
        'Decimal',
      ],
      [
        'Decimal variable',
        () => admin.request(CREATE_TERRITORY, { input: { ...territory, marketSize: 'lots' } }),
        'BAD_USER_INPUT',
        'marketSize',
        'Decimal',
      ],
      [
        'Decimal variable, a float',
        () => admin.request(CREATE_MEMBER, { input: { ...base, capability: 4.255 } }),
        'BAD_USER_INPUT',
        'capability',
        'Decimal',
      ],
      [
        'Date literal',
        () =>
          admin.request(
            `mutation { createMember(input: { fullName: "X", email: "x@sales.example.ru", role: REP, teamId: "${teamId}", hireDate: "yesterday" }) { id } }`,
          ),
        'BAD_USER_INPUT',
        'hireDate',
        'Date',
      ],
      [
        'Date variable',
        () => admin.request(CREATE_MEMBER, { input: { ...base, hireDate: '2024-02-30' } }),
        'BAD_USER_INPUT',
        'hireDate',
        'Date',
      ],
      [
        'ID variable, a float',
        () => admin.request(CREATE_MEMBER, { input: { ...base, teamId: 1.5 } }),
        'BAD_USER_INPUT',
        'teamId',
        undefined,
      ],
      [
        'ID variable, a boolean',
        () => admin.request(CREATE_MEMBER, { input: { ...base, teamId: true } }),
        'BAD_USER_INPUT',
        'teamId',
        undefined,
      ],
      [
        'ID literal, a float',
        () =>
          admin.request(
            `mutation { createMember(input: { fullName: "X", email: "x@sales.example.ru", role: REP, teamId: 1.5, hireDate: "2024-01-01" }) { id } }`,
          ),
        'GRAPHQL_VALIDATION_FAILED',
        'teamId',
        undefined,
      ],
      ['ID that is no id', () => admin.request(CREATE_MEMBER, { input: { ...base, teamId: 'abc' } }), 'BAD_USER_INPUT', 'teamId', 'id'],
      ['enum variable', () => admin.request(CREATE_MEMBER, { input: { ...base, role: 'BOSS' } }), 'BAD_USER_INPUT', 'role', undefined],
    ];
    for (const [name, send, code, field, rule] of cases) {
      const error = await expectGraphQLError(send(), code, field);
      expect(error.extensions?.field, name).toBe(field);
      if (rule) expect(error.extensions?.rule, name).toBe(rule);
    }
  });
});
