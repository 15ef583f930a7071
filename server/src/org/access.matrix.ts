import { ADMIN_ONLY, CARD_READERS, STAFF, notEmbedded, type MatrixHelpers, type MatrixRow } from '../testing/access-matrix.js';

/** Authorization matrix rows of the organisation (teams, members, territories, objectives). */

const freshTeam = async (parentId: string, h: MatrixHelpers) =>
  (
    await h.admin<{ createTeam: { id: string } }>(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`, {
      i: { name: h.unique('Команда'), kind: 'GEOGRAPHIC', parentId },
    })
  ).createTeam.id;

const freshMember = async (teamId: string, h: MatrixHelpers) =>
  (
    await h.admin<{ createMember: { id: string } }>(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, {
      i: { fullName: h.unique('Сотрудник'), email: `${h.unique('m')}@matrix.test`, role: 'REP', teamId, hireDate: '2024-01-10' },
    })
  ).createMember.id;

const freshTerritory = async (h: MatrixHelpers) =>
  (
    await h.admin<{ createTerritory: { id: string } }>(`mutation($i: CreateTerritoryInput!) { createTerritory(input: $i) { id } }`, {
      i: { name: h.unique('Территория'), kind: 'REGION', potential: '100.00', marketSize: '1000.00' },
    })
  ).createTerritory.id;

export const rows: MatrixRow[] = [
  // Reads
  {
    operation: 'team',
    target: 'team',
    document: `query($id: ID!) { team(id: $id) { id name } }`,
    variables: (t) => ({ id: t.teamId }),
    allowed: CARD_READERS,
  },
  {
    operation: 'teams',
    target: 'team',
    document: `query($id: ID!) { teams(first: 50, filter: { subtreeOf: $id }) { nodes { id } } }`,
    variables: (t) => ({ id: t.teamId }),
    listed: (data) => data.teams.nodes.map((n: { id: string }) => n.id),
    allowed: notEmbedded(CARD_READERS),
  },
  {
    operation: 'member',
    target: 'member',
    document: `query($id: ID!) { member(id: $id) { id fullName } }`,
    variables: (t) => ({ id: t.memberId }),
    allowed: CARD_READERS,
  },
  {
    operation: 'members',
    target: 'member',
    document: `query($team: ID!) { members(first: 50, filter: { teamId: $team }) { nodes { id } } }`,
    variables: (t) => ({ team: t.teamId }),
    listed: (data) => data.members.nodes.map((n: { id: string }) => n.id),
    allowed: notEmbedded(CARD_READERS),
  },
  {
    operation: 'territory',
    target: 'none',
    document: `query($id: ID!) { territory(id: $id) { id name } }`,
    variables: (_t, h) => ({ id: h.fixture.territoryId }),
    allowed: STAFF,
  },
  {
    operation: 'territories',
    target: 'none',
    document: `{ territories(first: 50) { nodes { id } } }`,
    listed: (data) => data.territories.nodes.map((n: { id: string }) => n.id),
    listedId: (_t, fixture) => fixture.territoryId,
    allowed: STAFF,
  },
  { operation: 'objectives', target: 'none', document: `{ objectives { code } }`, allowed: STAFF },

  // Changes to the organisation: admins only
  {
    operation: 'createTeam',
    target: 'team',
    document: `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`,
    variables: (t, h) => ({ i: { name: h.unique('Новая'), kind: 'PRODUCT', parentId: t.teamId } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateTeam',
    target: 'team',
    document: `mutation($id: ID!, $i: UpdateTeamInput!) { updateTeam(id: $id, input: $i) { id } }`,
    variables: (t, h) => ({ id: t.teamId, i: { description: h.unique('Описание') } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'setTeamManager',
    target: 'team',
    document: `mutation($t: ID!, $m: ID) { setTeamManager(teamId: $t, managerId: $m) { id } }`,
    variables: (t, h) => ({ t: t.teamId, m: h.fixture.managerOf[t.teamId] }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'archiveTeam',
    target: 'team',
    document: `mutation($id: ID!) { archiveTeam(id: $id) { id } }`,
    variables: async (t, h) => ({ id: await freshTeam(t.teamId, h) }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'createMember',
    target: 'team',
    document: `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
    variables: (t, h) => ({
      i: { fullName: h.unique('Новый'), email: `${h.unique('n')}@matrix.test`, role: 'REP', teamId: t.teamId, hireDate: '2024-02-01' },
    }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateMember',
    target: 'member',
    document: `mutation($id: ID!, $i: UpdateMemberInput!) { updateMember(id: $id, input: $i) { id } }`,
    variables: (t) => ({ id: t.memberId, i: { capability: '3.50' } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'moveMember',
    target: 'team',
    document: `mutation($m: ID!, $t: ID!) { moveMember(memberId: $m, teamId: $t) { id } }`,
    variables: async (t, h) => ({ m: await freshMember(t.teamId, h), t: h.fixture.teams.R }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'archiveMember',
    target: 'team',
    document: `mutation($id: ID!) { archiveMember(id: $id) { id } }`,
    variables: async (t, h) => ({ id: await freshMember(t.teamId, h) }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'createTerritory',
    target: 'none',
    document: `mutation($i: CreateTerritoryInput!) { createTerritory(input: $i) { id } }`,
    variables: (_t, h) => ({ i: { name: h.unique('Регион'), kind: 'REGION', potential: '10.00', marketSize: '20.00' } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateTerritory',
    target: 'none',
    document: `mutation($id: ID!, $i: UpdateTerritoryInput!) { updateTerritory(id: $id, input: $i) { id } }`,
    variables: async (_t, h) => ({ id: await freshTerritory(h), i: { description: 'обновлено' } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'archiveTerritory',
    target: 'none',
    document: `mutation($id: ID!) { archiveTerritory(id: $id) { id } }`,
    variables: async (_t, h) => ({ id: await freshTerritory(h) }),
    allowed: ADMIN_ONLY,
  },
];
