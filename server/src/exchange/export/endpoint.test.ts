import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { KIND_SPECS, RECORD_KINDS } from '../kinds.js';

/** GET /export/records/<kind>.<format> on the seeded demo organisation, checked against SQL. */
let server: TestServer;
const logLines: { msg: string; requestId?: string; sql?: number }[] = [];

beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line)) });
  server = await startTestServer({ seed: true, logger });
});
afterAll(async () => {
  await server?.close();
});

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return server.app.orm.em.fork().getConnection().execute<T[]>(query, params);
}

function download(path: string, viewer = 'ADMIN') {
  return fetch(`${server.url}/export/records/${path}`, { headers: { authorization: server.bearer(viewer) } });
}

/** RFC 4180: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

async function csvOf(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
}

async function ndjsonOf(response: Response): Promise<Record<string, unknown>[]> {
  expect(response.status).toBe(200);
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const ids = (records: Record<string, unknown>[]) => records.map((record) => record.externalId);

/** The request log line of an answer (written once the client has read it all). */
async function sqlOf(response: Response): Promise<number> {
  await response.arrayBuffer();
  const requestId = response.headers.get('x-request-id');
  for (let tries = 0; tries < 50; tries++) {
    const line = logLines.find((l) => l.msg === 'request' && l.requestId === requestId);
    if (line) return line.sql!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no request log line');
}

describe('GET /export/records/<kind>.<format>', () => {
  it.each(RECORD_KINDS)('exports every %s record as CSV and as NDJSON', async (kind) => {
    const [{ count }] = await sql<{ count: string }>(`select count(*) from ${KIND_SPECS[kind].table}`);
    const names = KIND_SPECS[kind].fields.map((field) => field.name);
    const csvResponse = await download(`${kind}.csv?source=warehouse`);
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvResponse.headers.get('content-disposition')).toBe(`attachment; filename="${kind}.csv"`);
    expect(csvResponse.headers.get('cache-control')).toBe('no-store');
    expect(csvResponse.headers.get('x-export-cursor')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const rows = await csvOf(csvResponse);
    expect(rows[0]).toEqual(names);
    expect(rows.length - 1).toBe(Number(count));
    expect(rows.every((row) => row.length === names.length)).toBe(true);

    const ndjsonResponse = await download(`${kind}.ndjson?source=warehouse`);
    expect(ndjsonResponse.headers.get('content-type')).toBe('application/x-ndjson');
    const records = await ndjsonOf(ndjsonResponse);
    expect(records).toHaveLength(Number(count));
    expect(Object.keys(records[0])).toEqual(names);
    expect(ids(records)).toEqual(rows.slice(1).map((row) => row[0]));
  });

  it('writes the stage history as CODE@time|… in CSV and as a list in NDJSON', async () => {
    const rows = await csvOf(await download('deals.csv?source=warehouse'));
    const records = await ndjsonOf(await download('deals.ndjson?source=warehouse'));
    const column = rows[0].indexOf('stageHistory');
    const history = records[0].stageHistory as { stage: string; changedAt: string }[];
    expect(history.length).toBeGreaterThan(0);
    expect(rows[1][column]).toBe(history.map((step) => `${step.stage}@${step.changedAt}`).join('|'));
  });

  it("gives a manager their subtrees' deals and a rep their own, as SQL counts them", async () => {
    const [manager] = await sql<{ id: number; paths: string[] }>(
      `select m.id, array_agg(t.path) as paths from member m join team t on t.manager_id = m.id and t.archived_at is null
        where m.archived_at is null and t.parent_id is not null group by m.id order by m.id limit 1`,
    );
    const managed = await sql<{ id: number }>(
      `select d.id from deal d join team t on t.id = d.team_id
        where d.owner_id = ? or t.path like any (?::text[]) order by d.updated_at, d.id`,
      [manager.id, `{${manager.paths.map((path) => `"${path}%"`).join(',')}}`],
    );
    const seen = await ndjsonOf(await download('deals.ndjson?source=warehouse', `MANAGER:${manager.id}`));
    expect(ids(seen)).toEqual(managed.map((d) => String(d.id)));
    const [{ count: all }] = await sql<{ count: string }>('select count(*) from deal');
    expect(seen.length).toBeLessThan(Number(all));

    const [rep] = await sql<{ id: number }>(
      `select m.id from member m where m.role = 'REP' and m.archived_at is null and exists (select 1 from deal d where d.owner_id = m.id)
        order by m.id limit 1`,
    );
    const own = await sql<{ id: number }>('select id from deal where owner_id = ? order by updated_at, id', [rep.id]);
    const repRows = await csvOf(await download('deals.csv?source=warehouse', `REP:${rep.id}`));
    expect(repRows.slice(1).map((row) => row[0])).toEqual(own.map((d) => String(d.id)));
  });

  it('refuses embed tokens', async () => {
    const [team] = await sql<{ id: number }>('select id from team where archived_at is null order by id limit 1');
    const minted = await fetch(`${server.url}/auth/embed-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: server.bearer('ADMIN') },
      body: JSON.stringify({ teamId: String(team.id), widgets: ['FUNNEL'] }),
    });
    const { token } = (await minted.json()) as { token: string };
    const response = await fetch(`${server.url}/export/records/deals.csv?source=warehouse`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await fetch(`${server.url}/export/records/deals.csv?source=warehouse`)).status).toBe(401);
  });

  it.each([
    ['payments.csv?source=warehouse', 'export-kind'],
    ['deals.xlsx?source=warehouse', 'export-format'],
    ['deals?source=warehouse', 'export-format'],
    ['deals.csv', 'export-source'],
    [`deals.csv?source=${'x'.repeat(61)}`, 'export-source'],
    ['deals.csv?source=warehouse&updatedSince=2026-01-31', 'export-updated-since'],
    ['deals.csv?source=warehouse&updatedSince=yesterday', 'export-updated-since'],
  ])('answers 400 with a GraphQL-shaped error for %s', async (path, rule) => {
    const response = await download(path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string; rule: string; requestId: string } }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule, requestId: response.headers.get('x-request-id') });
  });

  it('exports since the last cursor exactly the records changed after it', async () => {
    const first = await download('deals.ndjson?source=warehouse');
    const cursor = first.headers.get('x-export-cursor')!;
    await first.arrayBuffer();
    const [deal] = await sql<{ id: number }>(`select id from deal where status = 'OPEN' order by id limit 1`);
    await server
      .client('ADMIN')
      .request(`mutation($id: ID!) { updateDeal(id: $id, input: { title: "Renamed for the warehouse" }) { id } }`, { id: String(deal.id) });
    const since = await ndjsonOf(await download(`deals.ndjson?source=warehouse&updatedSince=${encodeURIComponent(cursor)}`));
    expect(since.map((r) => [r.externalId, r.title])).toEqual([[String(deal.id), 'Renamed for the warehouse']]);
  });

  it('costs one statement a page of 1000 and none a record, plus a few for any kind', async () => {
    const deals = await sqlOf(await download('deals.csv?source=warehouse'));
    const territories = await sqlOf(await download('territories.csv?source=warehouse'));
    const [{ count }] = await sql<{ count: string }>('select count(*) from deal');
    const [{ count: territoryCount }] = await sql<{ count: string }>('select count(*) from territory');
    expect(Number(territoryCount)).toBeLessThan(1000);
    // A full page of 1000 is followed by one more statement; everything else is the same for any kind.
    expect(deals - territories).toBe(Math.floor(Number(count) / 1000));
    expect(territories).toBeLessThanOrEqual(6);
  });

  it('stops paging when the client goes away, and audits how far it got', async () => {
    const [{ count }] = await sql<{ count: string }>('select count(*) from interaction');
    const aborted = new AbortController();
    const response = await fetch(`${server.url}/export/records/interactions.ndjson?source=warehouse`, {
      headers: { authorization: server.bearer('ADMIN') },
      signal: aborted.signal,
    });
    const requestId = response.headers.get('x-request-id');
    await response.body!.getReader().read();
    aborted.abort();
    let entry: { arguments: { rows: number; complete: boolean } } | undefined;
    for (let tries = 0; tries < 100 && !entry; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      [entry] = await sql<{ arguments: { rows: number; complete: boolean } }>('select arguments from audit_entry where request_id = ?', [
        requestId,
      ]);
    }
    expect(entry?.arguments.complete).toBe(false);
    expect(entry?.arguments.rows).toBeLessThan(Number(count));
  });

  it('audits every export with its kind, format and row count', async () => {
    const response = await download('customers.csv?source=warehouse&updatedSince=2000-01-01T00:00:00Z', 'ANALYST');
    const rows = await csvOf(response);
    const [entry] = await sql<{ actor_role: string; outcome: string; arguments: Record<string, unknown> }>(
      'select actor_role, outcome, arguments from audit_entry where request_id = ?',
      [response.headers.get('x-request-id')],
    );
    expect(entry).toMatchObject({
      actor_role: 'ANALYST',
      outcome: 'OK',
      arguments: {
        kind: 'customers',
        format: 'csv',
        source: 'warehouse',
        updatedSince: '2000-01-01T00:00:00.000Z',
        rows: rows.length - 1,
        complete: true,
      },
    });
  });
});
