import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server.js';

/** The CSV export over HTTP, against the GraphQL answer for the same query and viewer. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
});
afterAll(async () => {
  await server?.close();
});

const QUERY = { measures: ['REVENUE_WON', 'WIN_RATE'], dimensions: ['TEAM', 'QUARTER'], sort: [{ dimension: 'QUARTER' }] };

/** RFC 4180 parser: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let fieldText = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (fieldText += '"'), i++;
      else if (c === '"') quoted = false;
      else fieldText += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(fieldText), (fieldText = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(fieldText), rows.push(row), (row = []), (fieldText = ''), i++;
    else fieldText += c;
  }
  return rows;
}

async function graphql(viewer: string) {
  const { salesMetrics } = await server
    .client(viewer)
    .request<{ salesMetrics: { columns: { label: string }[]; rows: { cells: { value: string; label: string | null }[] }[] } }>(
      `query($m: [MetricMeasure!]!, $d: [MetricDimension!], $s: [MetricSortInput!]) { salesMetrics(measures: $m, dimensions: $d, sort: $s, language: RU) { columns { label } rows { cells { value label } } } }`,
      { m: QUERY.measures, d: QUERY.dimensions, s: QUERY.sort },
    );
  return [salesMetrics.columns.map((c) => c.label), ...salesMetrics.rows.map((r) => r.cells.map((c) => c.label ?? c.value ?? ''))];
}

const post = (body: unknown, headers: Record<string, string>) =>
  fetch(`${server.url}/export/metrics.csv`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('GET and POST /export/metrics.csv', () => {
  it('exports a posted query as UTF-8 CSV with a BOM, the same rows as salesMetrics', async () => {
    const response = await post({ ...QUERY, language: 'RU' }, { authorization: server.bearer('ANALYST') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="metrics.csv"; filename*=UTF-8''metrics.csv`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    expect(rows[0]).toEqual(['Команда', 'Квартал', 'Выручка (выиграно)', 'Доля выигрышей']);
    expect(rows).toEqual(await graphql('ANALYST'));
    expect(response.headers.get('x-total-rows')).toBe(String(rows.length - 1));
    expect(rows[1][2]).toMatch(/^\d+\.\d{2}$/);
  });

  it("exports a saved view by id with the caller's scope and the view's name", async () => {
    const { createSavedView } = await server
      .client('ANALYST')
      .request<{ createSavedView: { id: string } }>(`mutation($i: CreateSavedViewInput!) { createSavedView(input: $i) { id } }`, {
        i: { name: 'Выручка по кварталам', chartKind: 'TABLE', sharing: 'EVERYONE', query: QUERY },
      });
    const { teams } = await server
      .client('ADMIN')
      .request<{ teams: { nodes: { manager: { id: string } | null; children: { id: string }[] }[] } }>(
        `{ teams(first: 100) { nodes { manager { id } children { id } } } }`,
      );
    const manager = teams.nodes.find((t) => t.manager && t.children.length > 0 && t !== teams.nodes[0])!.manager!.id;
    const response = await fetch(`${server.url}/export/metrics.csv?viewId=${createSavedView.id}&language=RU`, {
      headers: { authorization: server.bearer(`MANAGER:${manager}`) },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Выручка по кварталам.csv')}`);
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    expect(rows).toEqual(await graphql(`MANAGER:${manager}`));
    expect(rows.length).toBeLessThan((await graphql('ANALYST')).length);
  });

  it('answers errors as JSON with the GraphQL codes', async () => {
    const error = async (response: Response, status: number, code: string, field?: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions.code).toBe(code);
      if (field) expect(body.errors[0].extensions.field).toBe(field);
    };
    await error(await post(QUERY, {}), 401, 'UNAUTHENTICATED');
    await error(
      await post({ measures: ['QUOTA'], dimensions: ['STAGE'] }, { authorization: server.bearer('ANALYST') }),
      400,
      'BAD_USER_INPUT',
      'dimensions',
    );
    // The JSON body is checked against the same whitelists as the GraphQL enums.
    await error(
      await post({ measures: ['REVENUE_WON) from deal; --'] }, { authorization: server.bearer('ANALYST') }),
      400,
      'BAD_USER_INPUT',
      'measures[0]',
    );
    await error(
      await post({ measures: ['REVENUE_WON'], limit: 50_000 }, { authorization: server.bearer('ANALYST') }),
      400,
      'BAD_USER_INPUT',
      'limit',
    );
    await error(
      await fetch(`${server.url}/export/metrics.csv`, { headers: { authorization: server.bearer('ANALYST') } }),
      400,
      'BAD_USER_INPUT',
      'viewId',
    );
    await error(
      await fetch(`${server.url}/export/metrics.csv?viewId=999999`, { headers: { authorization: server.bearer('ANALYST') } }),
      404,
      'NOT_FOUND',
      'viewId',
    );
    await error(
      await fetch(`${server.url}/export/metrics.csv`, { method: 'PUT', headers: { authorization: server.bearer('ANALYST') } }),
      405,
      'METHOD_NOT_ALLOWED',
    );
    const { teams } = await server.client('ADMIN').request<{ teams: { nodes: { id: string }[] } }>(`{ teams(first: 1) { nodes { id } } }`);
    const { createEmbedToken } = await server
      .client('ADMIN')
      .request<{ createEmbedToken: { token: string } }>(
        `mutation($t: ID!) { createEmbedToken(input: { teamId: $t, widgets: [METRIC_VIEW] }) { token } }`,
        { t: teams.nodes[0].id },
      );
    await error(await post(QUERY, { authorization: `Bearer ${createEmbedToken.token}` }), 403, 'FORBIDDEN');
  });
});
