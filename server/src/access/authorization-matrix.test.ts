import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphQLSchema } from '../schema.js';
import {
  ACTORS,
  RELATIONS,
  type Actor,
  type MatrixFixture,
  type MatrixHelpers,
  type MatrixRow,
  type MatrixTarget,
  type Relation,
} from '../testing/access-matrix.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { tokenFor } from '../testing/tokens.js';

/**
 * The authorization matrix: every row of every `<domain>/access.matrix.ts` × every kind of caller × own /
 * subtree / other target (see testing/access-matrix.ts), plus each row without credentials. It fails
 * when a Query or Mutation field of the schema has no row.
 */
const modules = import.meta.glob<{ rows: MatrixRow[] }>('../**/access.matrix.ts', { eager: true });
const rows = Object.entries(modules)
  .sort(([a], [b]) => a.localeCompare(b))
  .flatMap(([, module]) => module.rows);

let server: TestServer;
let fixture: MatrixFixture;
let helpers: MatrixHelpers;
const headers = {} as Record<Actor | 'NONE', Record<string, string>>;
let counter = 0;

async function post(head: Record<string, string>, document: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...head },
    body: JSON.stringify({ query: document, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

async function admin<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await post(headers.ADMIN, document, variables);
  if (body.errors?.length) throw new Error(`fixture request failed: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

async function buildFixture(): Promise<MatrixFixture> {
  const team = async (name: string, parentId?: string) =>
    (
      await admin<{ createTeam: { id: string } }>(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`, {
        i: { name, kind: 'GEOGRAPHIC', parentId },
      })
    ).createTeam.id;
  const member = async (key: string, teamId: string, role: 'MANAGER' | 'REP') =>
    (
      await admin<{ createMember: { id: string } }>(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, {
        i: { fullName: `Матрица ${key}`, email: `${key.toLowerCase()}@matrix.test`, role, teamId, hireDate: '2023-05-01' },
      })
    ).createMember.id;
  const { createTerritory } = await admin<{ createTerritory: { id: string } }>(
    `mutation { createTerritory(input: { name: "Матричная", kind: REGION, potential: "1.00", marketSize: "2.00" }) { id } }`,
  );
  const R = await team('Матрица R');
  const A = await team('Матрица A', R);
  const A1 = await team('Матрица A1', A);
  const A1a = await team('Матрица A1a', A1);
  const B = await team('Матрица B', R);
  const teams = { R, A, A1, A1a, B };
  const members = {
    mR: await member('mR', R, 'MANAGER'),
    mA: await member('mA', A, 'MANAGER'),
    mA1: await member('mA1', A1, 'MANAGER'),
    mA1a: await member('mA1a', A1a, 'MANAGER'),
    mB: await member('mB', B, 'MANAGER'),
    rA1: await member('rA1', A1, 'REP'),
    rA1b: await member('rA1b', A1, 'REP'),
    rA1a: await member('rA1a', A1a, 'REP'),
    rB: await member('rB', B, 'REP'),
  };
  const managerOf = { [R]: members.mR, [A]: members.mA, [A1]: members.mA1, [A1a]: members.mA1a, [B]: members.mB };
  for (const [teamId, managerId] of Object.entries(managerOf)) {
    await admin(`mutation($t: ID!, $m: ID) { setTeamManager(teamId: $t, managerId: $m) { id } }`, { t: teamId, m: managerId });
  }
  return { teams, members, managerOf, territoryId: createTerritory.id };
}

function targetOf(actor: Actor, relation: Relation): MatrixTarget {
  const { teams: t, members: m } = fixture;
  const repSide = actor === 'REP' || actor === 'EMBED_MEMBER';
  if (relation === 'other') return { relation, teamId: t.B, memberId: m.rB };
  if (relation === 'own') return repSide ? { relation, teamId: t.A1, memberId: m.rA1 } : { relation, teamId: t.A, memberId: m.mA };
  return repSide ? { relation, teamId: t.A1a, memberId: m.rA1a } : { relation, teamId: t.A1, memberId: m.rA1 };
}

function isAllowed(row: MatrixRow, actor: Actor, relation: Relation | null): boolean {
  const rule = row.allowed[actor];
  return rule === true || (Array.isArray(rule) && relation !== null && rule.includes(relation));
}

beforeAll(async () => {
  server = await startTestServer();
  headers.ADMIN = { authorization: `Bearer ${tokenFor('ADMIN')}` };
  headers.NONE = {};
  fixture = await buildFixture();
  helpers = { fixture, admin, unique: (prefix = 'x') => `${prefix}-${(counter += 1)}-${Date.now().toString(36)}` };
  headers.ANALYST = { authorization: `Bearer ${tokenFor('ANALYST')}` };
  headers.MANAGER = { authorization: `Bearer ${tokenFor(`MANAGER:${fixture.members.mA}`)}` };
  headers.REP = { authorization: `Bearer ${tokenFor(`REP:${fixture.members.rA1}`)}` };
  const embed = async (scope: Record<string, string>) =>
    (
      await admin<{ createEmbedToken: { token: string } }>(
        `mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { token } }`,
        {
          i: { ...scope, widgets: ['QUOTA_GAUGE', 'FUNNEL', 'TEAM_CARD', 'LEADERBOARD', 'METRIC_VIEW', 'FORECAST'] },
        },
      )
    ).createEmbedToken.token;
  headers.EMBED_TEAM = { authorization: `Bearer ${await embed({ teamId: fixture.teams.A })}` };
  headers.EMBED_MEMBER = { authorization: `Bearer ${await embed({ memberId: fixture.members.rA1 })}` };
});
afterAll(() => server?.close());

async function runCase(row: MatrixRow, actor: Actor, relation: Relation | null): Promise<void> {
  const target = targetOf(actor, relation ?? 'own');
  const variables = row.variables ? await row.variables(target, helpers) : undefined;
  const { status, body } = await post(headers[actor], row.document, variables);
  const errors = body.errors ?? [];
  const label = `${row.operation} as ${actor}${relation ? ` on ${relation}` : ''}`;
  const listedId = row.listedId ? row.listedId(target, fixture) : row.target === 'member' ? target.memberId : target.teamId;
  if (isAllowed(row, actor, relation)) {
    expect(errors, `${label} should be allowed`).toEqual([]);
    if (row.listed) expect(row.listed(body.data), `${label} should list ${listedId}`).toContain(listedId);
  } else if (errors.length) {
    expect(errors[0].extensions?.code, `${label} should be refused: ${errors[0].message}`).toBe('FORBIDDEN');
    expect(status, label).toBeLessThan(500);
  } else {
    expect(row.listed, `${label} should be refused, but it answered ${JSON.stringify(body.data)}`).toBeDefined();
    expect(row.listed!(body.data), `${label} should not list ${listedId}`).not.toContain(listedId);
  }
}

describe('authorization matrix', () => {
  it('has a row for every Query and Mutation field of the schema', async () => {
    const schema = await buildGraphQLSchema();
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
    const covered = new Set(rows.map((row) => row.operation));
    expect(
      fields.filter((field) => !covered.has(field)),
      'fields without a row in any <domain>/access.matrix.ts',
    ).toEqual([]);
    expect(
      rows.filter((row) => !fields.includes(row.operation)).map((row) => row.operation),
      'rows of fields that do not exist',
    ).toEqual([]);
  });

  for (const row of rows) {
    describe(`${row.operation} (${row.target})`, () => {
      it('refuses a caller without credentials', async () => {
        const variables = row.variables ? await row.variables(targetOf('ADMIN', 'own'), helpers) : undefined;
        const { status, body } = await post(headers.NONE, row.document, variables);
        expect(status).toBe(401);
        expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      });
      for (const actor of ACTORS) {
        for (const relation of row.target === 'none' ? [null] : RELATIONS) {
          const verdict = isAllowed(row, actor, relation) ? 'allowed' : 'refused';
          it(`${actor}${relation ? ` × ${relation}` : ''}: ${verdict}`, () => runCase(row, actor, relation));
        }
      }
    });
  }
});
