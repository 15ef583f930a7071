import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphQLError, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let sql: pg.Client;
/** A manager of a team with sub-teams, the manager above them, a rep below them and a rep elsewhere. */
let people: { manager: number; managerPath: string; above: number; repInside: number; repOutside: number };

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  sql = new pg.Client({ connectionString: server.app.databaseUrl });
  await sql.connect();
  const {
    rows: [team],
  } = await sql.query(
    `select t.manager_id, t.path, p.manager_id as above from team t join team p on p.id = t.parent_id
      where t.manager_id is not null and p.manager_id is not null and exists (select 1 from team c where c.parent_id = t.id) order by t.id limit 1`,
  );
  const rep = async (inside: boolean) =>
    (
      await sql.query(
        `select m.id from member m join team t on t.id = m.team_id where m.role = 'REP' and (t.path like $1 || '%') = $2 order by m.id limit 1`,
        [team.path, inside],
      )
    ).rows[0].id;
  people = {
    manager: team.manager_id,
    managerPath: team.path,
    above: team.above,
    repInside: await rep(true),
    repOutside: await rep(false),
  };
});
afterAll(async () => {
  await sql?.end();
  await server?.close();
});

const CREATE = `mutation($i: CreateSavedViewInput!) { createSavedView(input: $i) { id name chartKind sharing mine version query { measures dimensions filter { from } sort { measure direction } limit } } }`;
const OPEN = `query($id: ID!) { savedView(id: $id) { id name mine result { rows { cells { value } } } } }`;
const LIST = `{ savedViews(first: 100) { nodes { id } } }`;

const input = (sharing: string, extra: Record<string, unknown> = {}) => ({
  name: `Выручка по командам ${sharing}`,
  chartKind: 'BAR',
  sharing,
  query: { measures: ['REVENUE_WON'], dimensions: ['TEAM'], sort: [{ measure: 'REVENUE_WON', direction: 'DESC' }] },
  ...extra,
});

async function create(viewer: string, value: Record<string, unknown>) {
  return (
    await server
      .client(viewer)
      .request<{ createSavedView: { id: string; version: number } & Record<string, unknown> }>(CREATE, { i: value })
  ).createSavedView;
}
const listed = async (viewer: string) =>
  (await server.client(viewer).request<{ savedViews: { nodes: { id: string }[] } }>(LIST)).savedViews.nodes.map((n) => n.id);
const open = (viewer: string, id: string) =>
  server
    .client(viewer)
    .request<{ savedView: { id: string; mine: boolean; result: { rows: { cells: { value: string }[] }[] } } }>(OPEN, { id });

describe('saved views', () => {
  it('saves the checked query with its defaults spelled out, owned by the analyst', async () => {
    const view = await create('ANALYST', input('PRIVATE'));
    expect(view).toMatchObject({ chartKind: 'BAR', sharing: 'PRIVATE', mine: true, version: 1 });
    expect(view.query).toEqual({
      measures: ['REVENUE_WON'],
      dimensions: ['TEAM'],
      filter: { from: null },
      sort: [{ measure: 'REVENUE_WON', direction: 'DESC' }],
      limit: 1000,
    });
  });

  it("runs a view shared with everyone with the viewer's access: a manager sees their subtree only", async () => {
    const view = await create('ANALYST', input('EVERYONE'));
    const all = (await open('ANALYST', view.id)).savedView.result.rows.map((r) => r.cells[0].value).sort();
    const mine = (await open(`MANAGER:${people.manager}`, view.id)).savedView.result.rows.map((r) => r.cells[0].value).sort();
    const { rows } = await sql.query(
      `select distinct d.team_id::text as id from deal d join team t on t.id = d.team_id where d.status = 'WON' and (t.path like $1 || '%' or d.owner_id = $2)`,
      [people.managerPath, people.manager],
    );
    expect(mine).toEqual(rows.map((r) => r.id).sort());
    expect(mine.length).toBeLessThan(all.length);
    expect(await listed(`REP:${people.repOutside}`)).toContain(view.id);
  });

  it('opens TEAM views to the owner team subtree and the managers above, and private views to their owner and admins only', async () => {
    const team = await create(`MANAGER:${people.manager}`, input('TEAM'));
    expect(await listed(`REP:${people.repInside}`)).toContain(team.id);
    expect(await listed(`MANAGER:${people.above}`)).toContain(team.id);
    expect(await listed(`REP:${people.repOutside}`)).not.toContain(team.id);
    await expectGraphQLError(open(`REP:${people.repOutside}`, team.id), 'NOT_FOUND', 'id');
    expect(await listed('ANALYST')).not.toContain(team.id);

    const secret = await create(`MANAGER:${people.manager}`, input('PRIVATE'));
    expect(await listed(`MANAGER:${people.above}`)).not.toContain(secret.id);
    await expectGraphQLError(open('ANALYST', secret.id), 'NOT_FOUND', 'id');
    expect((await open('ADMIN', secret.id)).savedView.mine).toBe(false);
  });

  it('lets the owner change and delete a view; others are refused', async () => {
    const view = await create('ANALYST', input('EVERYONE'));
    const UPDATE = `mutation($id: ID!, $i: UpdateSavedViewInput!) { updateSavedView(id: $id, input: $i) { name chartKind version query { measures } } }`;
    const { updateSavedView } = await server.client('ANALYST').request<{ updateSavedView: Record<string, unknown> }>(UPDATE, {
      id: view.id,
      i: { name: 'Воронка', chartKind: 'PIE', query: { measures: ['PIPELINE_AMOUNT'], dimensions: ['STAGE'] }, expectedVersion: 1 },
    });
    expect(updateSavedView).toEqual({ name: 'Воронка', chartKind: 'PIE', version: 2, query: { measures: ['PIPELINE_AMOUNT'] } });
    await expectGraphQLError(
      server.client('ANALYST').request(UPDATE, { id: view.id, i: { name: 'x', expectedVersion: 1 } }),
      'CONFLICT',
      'input.expectedVersion',
    );
    await expectGraphQLError(server.client(`MANAGER:${people.manager}`).request(UPDATE, { id: view.id, i: { name: 'Моё' } }), 'FORBIDDEN');
    await expectGraphQLError(
      server.client(`MANAGER:${people.manager}`).request(`mutation($id: ID!) { deleteSavedView(id: $id) }`, { id: view.id }),
      'FORBIDDEN',
    );
    await expectGraphQLError(server.client(`REP:${people.repInside}`).request(CREATE, { i: input('PRIVATE') }), 'FORBIDDEN');
    // An analyst's way through the read-only guard is for saved views alone, not for what rides along.
    await expectGraphQLError(
      server
        .client('ANALYST')
        .request(
          `mutation($i: CreateSavedViewInput!) { createSavedView(input: $i) { id } createPeriod(input: { kind: MONTH, startDate: "2199-01-01", endDate: "2199-01-31" }) { id } }`,
          { i: input('PRIVATE') },
        ),
      'FORBIDDEN',
    );
    expect(await server.client('ANALYST').request(`mutation($id: ID!) { deleteSavedView(id: $id) }`, { id: view.id })).toEqual({
      deleteSavedView: view.id,
    });
    await expectGraphQLError(open('ANALYST', view.id), 'NOT_FOUND', 'id');
  });

  it('refuses queries that make no sense, empty names and TEAM sharing without a team, saving nothing', async () => {
    const before = await listed('ANALYST');
    await expectGraphQLError(
      create('ANALYST', input('PRIVATE', { query: { measures: ['QUOTA'], dimensions: ['STAGE'] } })),
      'BAD_USER_INPUT',
      'dimensions',
    );
    await expectGraphQLError(create('ANALYST', input('PRIVATE', { name: '  ' })), 'BAD_USER_INPUT', 'name');
    await expectGraphQLError(create('ANALYST', input('TEAM')), 'BAD_USER_INPUT', 'sharing');
    expect(await listed('ANALYST')).toEqual(before);
  });
});
