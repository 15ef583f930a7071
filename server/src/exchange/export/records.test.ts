import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordScope } from '../../access/policy.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { KIND_SPECS, RECORD_KINDS, RecordKind } from '../kinds.js';
import { type ExportRecord, type ExportResult, exportRecords, type StageStep } from './records.js';

/** exportRecords against the seeded demo organisation, compared with what SQL says of the same rows. */
let server: TestServer;
let em: EntityManager;
const ALL: RecordScope = { all: true };

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  em = server.app.orm.em.fork() as EntityManager;
});
afterAll(async () => {
  await server?.close();
});

async function collect(
  kind: RecordKind,
  options: { scope?: RecordScope; source?: string; updatedSince?: Date | null; pageSize?: number } = {},
): Promise<ExportResult & { records: ExportRecord[] }> {
  const records: ExportRecord[] = [];
  const result = await exportRecords(
    em,
    {
      kind,
      scope: options.scope ?? ALL,
      source: options.source ?? 'warehouse',
      updatedSince: options.updatedSince ?? null,
      pageSize: options.pageSize,
    },
    (record) => void records.push(record),
  );
  return { ...result, records };
}

/** An instant given in milliseconds since the epoch, as the export writes it. */
const instant = (ms: string) => new Date(Number(ms)).toISOString();
const ids = (records: ExportRecord[]) => records.map((record) => record.externalId);

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(query, params);
}

describe('exportRecords', () => {
  it.each(RECORD_KINDS)('exports every %s record, the fields in spec order', async (kind) => {
    const [{ count }] = await sql<{ count: string }>(`select count(*) from ${KIND_SPECS[kind].table}`);
    const { records, rows } = await collect(kind);
    expect(Number(count)).toBeGreaterThan(0);
    expect(rows).toBe(Number(count));
    expect(records).toHaveLength(rows);
    for (const record of records) expect(Object.keys(record)).toEqual(KIND_SPECS[kind].fields.map((field) => field.name));
  });

  it('pages by (changed column, id): a page of 2 gives what a page of 1000 gives', async () => {
    for (const kind of [RecordKind.TEAMS, RecordKind.MEMBERS, RecordKind.QUOTAS, RecordKind.GOALS]) {
      const small = await collect(kind, { pageSize: 2 });
      expect(small.records).toEqual((await collect(kind)).records);
    }
    // Deals carry the most joins (references, codes, the stage history): one rep's, a few pages' worth.
    const [rep] = await sql<{ id: number }>('select owner_id as id from deal group by owner_id order by count(*) desc limit 1');
    const scope: RecordScope = { all: false, teamPaths: [], memberId: rep.id };
    const small = await collect(RecordKind.DEALS, { scope, pageSize: 2 });
    expect(small.rows).toBeGreaterThan(4);
    expect(small.records).toEqual((await collect(RecordKind.DEALS, { scope })).records);
  });

  it('orders by the changed column, then id', async () => {
    const deals = await sql<{ id: number }>('select id from deal order by updated_at, id');
    expect(ids((await collect(RecordKind.DEALS)).records)).toEqual(deals.map((row) => String(row.id)));
    const members = await sql<{ id: number }>('select id from member order by created_at, id');
    expect(ids((await collect(RecordKind.MEMBERS, { pageSize: 7 })).records)).toEqual(members.map((row) => String(row.id)));
  });

  it('writes values in the shapes the importer reads back', async () => {
    const [deal] = await sql<{
      id: number;
      amount: string;
      expected: string;
      created: string;
      stage: string;
      owner: number;
      customer: number;
    }>(
      `select d.id, d.amount::text as amount, to_char(d.expected_close_date, 'YYYY-MM-DD') as expected, floor(extract(epoch from d.created_at) * 1000)::bigint::text as created,
              s.code as stage, d.owner_id as owner, d.account_id as customer
         from deal d join sales_stage s on s.id = d.stage_id where d.close_date is not null order by d.id limit 1`,
    );
    const { records } = await collect(RecordKind.DEALS);
    const record = records.find((r) => r.externalId === String(deal.id))!;
    expect(record).toMatchObject({
      amount: deal.amount,
      expectedCloseDate: deal.expected,
      createdAt: instant(deal.created),
      stage: deal.stage,
      owner: String(deal.owner),
      customer: String(deal.customer),
    });
    expect(record.amount).toMatch(/^\d+\.\d{2}$/);
    expect(record.closeDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const history = record.stageHistory as StageStep[];
    const changes = await sql<{ code: string; at: string }>(
      `select s.code, floor(extract(epoch from c.changed_at) * 1000)::bigint::text as at from deal_stage_change c join sales_stage s on s.id = c.to_stage_id
        where c.deal_id = ? order by c.changed_at, c.id`,
      [deal.id],
    );
    expect(history).toEqual(changes.map((change) => ({ stage: change.code, changedAt: instant(change.at) })));
    expect(history.at(-1)?.stage).toBe(deal.stage);

    const { records: customers } = await collect(RecordKind.CUSTOMERS);
    expect(customers.every((customer) => typeof customer.keyAccount === 'boolean')).toBe(true);
    const { records: quotas } = await collect(RecordKind.QUOTAS);
    expect(quotas[0].periodKind).toMatch(/^(MONTH|QUARTER|YEAR)$/);
    expect(quotas[0].periodStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('names records and references by their external id in the requested source, else by their own id', async () => {
    const [deal] = await sql<{ id: number; customer: number; owner: number }>(
      'select id, account_id as customer, owner_id as owner from deal order by id limit 1',
    );
    await sql(
      `insert into external_ref (source, kind, external_id, record_id) values ('crm', 'deals', 'D-1', ?), ('crm', 'customers', 'C-1', ?),
         ('other', 'customers', 'X-9', ?)`,
      [deal.id, deal.customer, deal.customer],
    );
    const inCrm = (await collect(RecordKind.DEALS, { source: 'crm' })).records.find((r) => r.externalId === 'D-1');
    expect(inCrm).toMatchObject({ customer: 'C-1', owner: String(deal.owner) });
    const elsewhere = (await collect(RecordKind.DEALS, { source: 'legacy' })).records.find((r) => r.externalId === String(deal.id));
    expect(elsewhere).toMatchObject({ customer: String(deal.customer) });
    await sql(`delete from external_ref where source in ('crm', 'other')`);
  });

  it('exports only records changed after updatedSince, and returns the instant of the export as the cursor', async () => {
    const before = Date.now();
    const [middle] = await sql<{ at: string }>(
      'select floor(extract(epoch from updated_at) * 1000)::bigint::text as at from deal order by updated_at, id offset 10 limit 1',
    );
    const since = new Date(Number(middle.at));
    const [{ count }] = await sql<{ count: string }>('select count(*) from deal where updated_at > ?::timestamptz', [since.toISOString()]);
    const { rows, cursor } = await collect(RecordKind.DEALS, { updatedSince: since });
    expect(rows).toBe(Number(count));
    expect(Date.parse(cursor)).toBeGreaterThanOrEqual(before - 1000);
    expect(cursor).toBe(new Date(cursor).toISOString());
    expect((await collect(RecordKind.DEALS, { updatedSince: new Date(cursor) })).rows).toBe(0);
  });

  it('keeps a manager to their subtrees and a rep to their own records', async () => {
    const [manager] = await sql<{ id: number; path: string }>(
      `select m.id, t.path from team t join member m on m.id = t.manager_id where t.parent_id is not null and t.archived_at is null
        order by t.id limit 1`,
    );
    const managerScope: RecordScope = { all: false, teamPaths: [manager.path], memberId: manager.id };
    const subtreeDeals = await sql<{ id: number }>(
      `select d.id from deal d join team t on t.id = d.team_id where t.path like ? or d.owner_id = ? order by d.updated_at, d.id`,
      [`${manager.path}%`, manager.id],
    );
    const deals = (await collect(RecordKind.DEALS, { scope: managerScope })).records;
    expect(deals.map((r) => r.externalId)).toEqual(subtreeDeals.map((d) => String(d.id)));
    expect(deals.length).toBeLessThan((await collect(RecordKind.DEALS)).rows);

    const [rep] = await sql<{ id: number; team: number }>(
      `select m.id, m.team_id as team from member m where m.role = 'REP' and m.archived_at is null
        and exists (select 1 from deal d where d.owner_id = m.id) order by m.id limit 1`,
    );
    const repScope: RecordScope = { all: false, teamPaths: [], memberId: rep.id };
    const own = await sql<{ id: number }>('select id from deal where owner_id = ? order by updated_at, id', [rep.id]);
    expect((await collect(RecordKind.DEALS, { scope: repScope })).records.map((r) => r.externalId)).toEqual(own.map((d) => String(d.id)));
    expect((await collect(RecordKind.MEMBERS, { scope: repScope })).records.map((r) => r.externalId)).toEqual([String(rep.id)]);
    expect((await collect(RecordKind.TEAMS, { scope: repScope })).rows).toBe(0);
    const followUps = (await collect(RecordKind.FOLLOW_UPS, { scope: repScope })).records;
    expect(followUps.every((f) => f.assignee === String(rep.id))).toBe(true);
    const goals = (await collect(RecordKind.GOALS, { scope: repScope })).records;
    expect(goals.every((g) => g.member === String(rep.id) || g.team === String(rep.team))).toBe(true);
    // Accounts, contacts and territories are shared by the whole sales organisation.
    expect((await collect(RecordKind.CUSTOMERS, { scope: repScope })).rows).toBe((await collect(RecordKind.CUSTOMERS)).rows);
  });
});
