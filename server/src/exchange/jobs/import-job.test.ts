import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLClient } from 'graphql-request';
import { expectGraphQLError, startTestServer, type TestServer } from '../../testing/server.js';

const SERVICE_KEY = 'service-key-of-the-intranet-backend-0001';
let server: TestServer;
let admin: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer({
    env: { MAX_BODY_BYTES: '8000000', IMPORT_MAX_BYTES: '100000', EMBED_SERVICE_KEY: SERVICE_KEY, IMPORT_JOBS: 'true' },
  });
  admin = server.client('ADMIN');
});
afterAll(() => server?.close());

const JOB = `query($id: ID!) { importJob(id: $id) {
  id status dryRun mode source errorCount failure attempts rejectedRowsUrl requestedBy createdAt startedAt finishedAt
  files { kind format name mapping bytes }
  progress { phase kind processedRows processedBytes totalBytes percent }
  counts { kind rows created updated unchanged rejected }
  errors(first: 10) { file row column rule message } } }`;

const START = `mutation($i: StartImportInput!) { startImport(input: $i) { id status } }`;

/** Territories in the generic layout: the one kind that references nothing. */
function territoriesCsv(...rows: string[]): string {
  return ['externalId,name,kind,potential,marketSize', ...rows].join('\n');
}

function territoryFile(content: string, extra: Record<string, unknown> = {}) {
  return { kind: 'TERRITORIES', format: 'CSV', name: 'territories.csv', content, ...extra };
}

/** The fields of a job the tests read by name; the rest is compared whole. */
interface JobView {
  id: string;
  status: string;
  counts: unknown[];
  errors: unknown[];
  rejectedRowsUrl: string;
  startedAt: string | null;
  finishedAt: string | null;
}

async function finished(id: string): Promise<JobView> {
  for (let i = 0; i < 400; i += 1) {
    const { importJob } = await admin.request<{ importJob: JobView }>(JOB, { id });
    if (importJob.status === 'SUCCEEDED' || importJob.status === 'FAILED') return importJob;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import job ${id} did not finish`);
}

async function territoryNamed(name: string): Promise<boolean> {
  const { territories } = await admin.request<{ territories: { nodes: { name: string }[] } }>(
    `query($t: String) { territories(filter: { text: $t }) { nodes { name } } }`,
    { t: name },
  );
  return territories.nodes.some((node) => node.name === name);
}

describe('startImport and importJob', () => {
  it('queues a job that a runner applies; importJob follows it to SUCCEEDED with its counts, and the start is audited', async () => {
    const content = territoriesCsv('t-north,Job North,REGION,100.00,200.00', 't-south,Job South,REGION,50.00,70.00');
    const { startImport } = await admin.request<{ startImport: { id: string; status: string } }>(START, {
      i: { source: 'jobs-test', files: [territoryFile(content)] },
    });
    expect(startImport.status).toBe('QUEUED');
    const job = await finished(startImport.id);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      dryRun: false,
      mode: 'ALL_OR_NOTHING',
      source: 'jobs-test',
      errorCount: 0,
      failure: null,
      attempts: 1,
      rejectedRowsUrl: null,
      files: [{ kind: 'TERRITORIES', format: 'CSV', name: 'territories.csv', mapping: null, bytes: Buffer.byteLength(content) }],
      progress: { phase: 'DONE', percent: 100, totalBytes: Buffer.byteLength(content) },
      counts: [{ kind: 'TERRITORIES', rows: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 }],
      errors: [],
    });
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();
    expect(await territoryNamed('Job North')).toBe(true);

    const { auditLog } = await admin.request<{ auditLog: { nodes: { outcome: string; changes: { entity: string }[] }[] } }>(
      `{ auditLog(filter: { operation: "startImport" }) { nodes { outcome changes { entity } } } }`,
    );
    expect(auditLog.nodes[auditLog.nodes.length - 1]).toMatchObject({ outcome: 'OK' });
    expect(auditLog.nodes.some((entry) => entry.changes.some((change) => change.entity === 'ImportJob'))).toBe(true);

    const again = await admin.request<{ startImport: { id: string } }>(START, {
      i: { source: 'jobs-test', files: [territoryFile(content)] },
    });
    expect((await finished(again.startImport.id)).counts).toEqual([
      { kind: 'TERRITORIES', rows: 2, created: 0, updated: 0, unchanged: 2, rejected: 0 },
    ]);
  });

  it('runs a dry run to the end and writes nothing', async () => {
    const { startImport } = await admin.request<{ startImport: { id: string } }>(START, {
      i: { source: 'jobs-test', dryRun: true, files: [territoryFile(territoriesCsv('t-dry,Dry Territory,REGION,1.00,2.00'))] },
    });
    const job = await finished(startImport.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', dryRun: true, counts: [{ kind: 'TERRITORIES', rows: 1, created: 1 }] });
    expect(await territoryNamed('Dry Territory')).toBe(false);
  });

  it('fails an all-or-nothing job with a bad row, names the row, column and rule, and writes nothing', async () => {
    const { startImport } = await admin.request<{ startImport: { id: string } }>(START, {
      i: {
        source: 'jobs-test',
        files: [territoryFile(territoriesCsv('t-good,Good Territory,REGION,1.00,2.00', 't-bad,Bad Territory,NOWHERE,1.00,2.00'))],
      },
    });
    const job = await finished(startImport.id);
    expect(job).toMatchObject({ status: 'FAILED', errorCount: 1, failure: null, rejectedRowsUrl: null });
    expect(job.errors).toEqual([expect.objectContaining({ file: 'territories.csv', row: 3, column: 'kind' })]);
    expect(await territoryNamed('Good Territory')).toBe(false);
  });

  it('lists jobs newest first, a page at a time', async () => {
    const first = await admin.request<{ importJobs: { nodes: { id: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(
      `{ importJobs(first: 2) { nodes { id } pageInfo { endCursor hasNextPage } } }`,
    );
    const ids = first.importJobs.nodes.map((node) => Number(node.id));
    expect(ids[0]).toBeGreaterThan(ids[1]);
    expect(first.importJobs.pageInfo.hasNextPage).toBe(true);
    const next = await admin.request<{ importJobs: { nodes: { id: string }[] } }>(
      `query($a: String) { importJobs(first: 2, after: $a) { nodes { id } } }`,
      { a: first.importJobs.pageInfo.endCursor },
    );
    expect(Number(next.importJobs.nodes[0].id)).toBeLessThan(ids[1]);
    expect((await admin.request<{ importJob: null }>(`{ importJob(id: "999999") { id } }`)).importJob).toBeNull();
  });

  it('is for admins only', async () => {
    const analyst = server.client('ANALYST');
    await expectGraphQLError(analyst.request(START, { i: { source: 's', files: [territoryFile(territoriesCsv())] } }), 'FORBIDDEN');
    await expectGraphQLError(analyst.request(`{ importJobs { nodes { id } } }`), 'FORBIDDEN');
    await expectGraphQLError(analyst.request(`{ importJob(id: "1") { id } }`), 'FORBIDDEN');
  });

  it('refuses bad input with the rule it breaks', async () => {
    const file = territoryFile(territoriesCsv('t-x,X,REGION,1.00,2.00'));
    const refused = async (input: Record<string, unknown>, field: string, rule: string) => {
      const error = await expectGraphQLError(admin.request(START, { i: { source: 'jobs-test', ...input } }), 'BAD_USER_INPUT', field);
      expect(error.extensions?.rule).toBe(rule);
    };
    await refused({ files: [] }, 'input.files', 'import-files');
    await refused({ files: Array.from({ length: 21 }, () => file) }, 'input.files', 'import-files');
    await refused({ files: [{ ...file, mapping: 'no-such-crm' }] }, 'mapping', 'unknown-mapping');
    await refused({ files: [{ ...file, mapping: 'generic', mappingFile: '{}' }] }, 'input.files.0.mapping', 'mapping-choice');
    await refused({ files: [{ ...file, delimiter: '|' }] }, 'input.files.0.delimiter', 'enum');
    await refused({ files: [{ ...file, content: 'x'.repeat(5 * 1024 * 1024 + 1) }] }, 'input.files.0.content', 'inline-file-size');
    await refused({ files: [file], source: '  ' }, 'source', 'import-source');
  });
});

describe('POST /import', () => {
  const post = (query: string, body: string, headers: Record<string, string> = { authorization: server.bearer('ADMIN') }) =>
    fetch(`${server.url}/import?${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body });
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: server.bearer('ADMIN') } });

  it('stores the body, answers 202 with the job and its Location, and gives the rejected rows of a PARTIAL run as CSV', async () => {
    const csv = territoriesCsv('h-good,Http Good,REGION,1.00,2.00', 'h-bad,Http Bad,NOWHERE,1.00,2.00');
    const response = await post('kind=territories&format=csv&source=http-test&mode=PARTIAL&name=regions.csv', csv);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { data: { importJob: { id: string; status: string } } };
    expect(body.data.importJob.status).toBe('QUEUED');
    expect(response.headers.get('location')).toBe(`/import/jobs/${body.data.importJob.id}`);

    const job = await finished(body.data.importJob.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', mode: 'PARTIAL', errorCount: 1, counts: [{ created: 1, rejected: 1 }] });
    expect(job.rejectedRowsUrl).toBe(`/import/jobs/${job.id}/rejected.csv`);
    expect(await territoryNamed('Http Good')).toBe(true);

    const asJson = await get(`/import/jobs/${job.id}`);
    expect(asJson.status).toBe(200);
    expect(((await asJson.json()) as { data: { importJob: Record<string, unknown> } }).data.importJob).toMatchObject({
      id: job.id,
      status: 'SUCCEEDED',
      files: [{ name: 'regions.csv', kind: 'TERRITORIES', format: 'CSV' }],
      counts: [{ kind: 'TERRITORIES', created: 1, rejected: 1 }],
    });
    const rejected = await get(job.rejectedRowsUrl);
    expect(rejected.status).toBe(200);
    expect(rejected.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await rejected.text();
    expect(text).toContain('Http Bad');
    expect(text).not.toContain('Http Good');
  });

  it('answers 404 for a job without rejected rows and for no job', async () => {
    const response = await post('kind=territories&format=CSV&source=http-test', territoriesCsv('h-ok,Http Ok,REGION,1.00,2.00'));
    const { id } = ((await response.json()) as { data: { importJob: { id: string } } }).data.importJob;
    await finished(id);
    expect((await get(`/import/jobs/${id}/rejected.csv`)).status).toBe(404);
    expect((await get('/import/jobs/999999')).status).toBe(404);
  });

  it('takes the service key as an admin', async () => {
    const response = await post('kind=territories&format=CSV&source=http-test&dryRun=true', territoriesCsv('h-k,Key,REGION,1.00,2.00'), {
      'x-service-key': SERVICE_KEY,
    });
    expect(response.status).toBe(202);
  });

  it('refuses a body over IMPORT_MAX_BYTES with 413, bad parameters with 400 and non-admins with 403', async () => {
    const large = await post('kind=territories&format=CSV&source=http-test', 'x'.repeat(100_001));
    expect(large.status).toBe(413);
    expect(((await large.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const noKind = await post('format=CSV&source=http-test', territoriesCsv());
    expect(noKind.status).toBe(400);
    expect(((await noKind.json()) as { errors: { extensions: { rule: string } }[] }).errors[0].extensions.rule).toBe('required');
    const badKind = await post('kind=planets&format=CSV&source=s', territoriesCsv());
    expect(badKind.status).toBe(400);
    const analyst = await post('kind=territories&format=CSV&source=s', territoriesCsv(), { authorization: server.bearer('ANALYST') });
    expect(analyst.status).toBe(403);
    const anonymous = await post('kind=territories&format=CSV&source=s', territoriesCsv(), {});
    expect(anonymous.status).toBe(401);
  });
});
