import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeders/seed.js';
import { openTestOrm, type TestOrm } from '../../testing/orm.js';
import { recordLine } from '../export/lines.js';
import { exportRecords } from '../export/records.js';
import { RecordKind } from '../kinds.js';
import { presetMapping } from '../mappings/presets/index.js';
import { rejectedRowsCsv } from './engine.js';
import { importFiles, memoryFile } from './testing.js';
import { ImportMode } from './types.js';

let db: TestOrm;
let rep: { email: string; team_id: number; full_name: string };
let customerTaxId: string;

beforeAll(async () => {
  db = await openTestOrm();
  await seedDemo(db.orm, new Date('2026-11-30T12:00:00Z'));
  [rep] = await db
    .em()
    .execute(`select email, team_id, full_name from member where role = 'REP' and archived_at is null order by id limit 1`);
  [{ tax_id: customerTaxId }] = await db.em().execute('select tax_id from customer where tax_id is not null order by id limit 1');
}, 120_000);
afterAll(() => db?.close());

const count = async (sql: string, params: unknown[] = []) => Number((await db.em().execute(sql, params))[0].n);

const dealsCsv = () =>
  [
    'externalId;title;customer;owner;stage;amount;expectedCloseDate;closeDate;closeReason;channel;createdAt;stageHistory',
    `D-1;Поставка серверов;${customerTaxId};${rep.email};WON;1250000.50;2026-03-31;2026-03-20;Лучшая цена;DIRECT;2026-01-10T09:00:00Z;LEAD@2026-01-10T09:00:00Z|PROPOSAL@2026-02-01T10:00:00Z|NEGOTIATION@2026-03-01T10:00:00Z|WON@2026-03-20T15:00:00Z`,
    `D-2;Лицензии "Офис";${customerTaxId};${rep.full_name};NEGOTIATION;300000;2027-02-28;;;DIRECT;2026-10-01T09:00:00Z;`,
    `D-3;Проигранный тендер;${customerTaxId};${rep.email};LOST;90000,00;2026-06-30;2026-06-15;Цена;DIRECT;;`,
  ].join('\r\n');

describe('importing deals with their history', () => {
  it('writes past deals with stage history, status, close dates and the owner’s team; again: changes nothing', async () => {
    const auditBefore = await count('select count(*) as n from audit_entry');
    const first = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'deals.csv', dealsCsv())]);
    expect(first.errors).toEqual([]);
    expect(first.applied).toBe(true);
    expect(first.counts).toEqual([{ kind: 'deals', rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 }]);
    const deals = await db.em().execute(
      `select d.id, d.title, d.status, d.amount::text, d.close_date::text, d.team_id, d.version, s.code as stage, f.code as furthest, d.created_at
         from deal d join external_ref x on x.record_id = d.id and x.kind = 'deals' and x.source = 'test'
         join sales_stage s on s.id = d.stage_id join sales_stage f on f.id = d.furthest_stage_id order by x.external_id`,
    );
    expect(deals.map((d) => [d.title, d.status, d.amount, d.close_date, d.stage, d.furthest, d.team_id])).toEqual([
      ['Поставка серверов', 'WON', '1250000.50', '2026-03-20', 'WON', 'NEGOTIATION', rep.team_id],
      ['Лицензии "Офис"', 'OPEN', '300000.00', null, 'NEGOTIATION', 'NEGOTIATION', rep.team_id],
      ['Проигранный тендер', 'LOST', '90000.00', '2026-06-15', 'LOST', 'LOST', rep.team_id],
    ]);
    expect(new Date(deals[0].created_at).toISOString()).toBe('2026-01-10T09:00:00.000Z');
    const history = await db
      .em()
      .execute(
        `select s.code, c.changed_at, c.from_entered_at from deal_stage_change c join sales_stage s on s.id = c.to_stage_id where c.deal_id = ? order by c.changed_at`,
        [deals[0].id],
      );
    expect(history.map((h) => h.code)).toEqual(['LEAD', 'PROPOSAL', 'NEGOTIATION', 'WON']);
    expect(await count('select count(*) as n from audit_entry')).toBe(auditBefore + 1);

    const again = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'deals.csv', dealsCsv())]);
    expect(again.counts).toEqual([{ kind: 'deals', rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 }]);
    const versions = await db
      .em()
      .execute(`select version from deal where id = any(array[?]::int[]) order by id`, [deals.map((d) => d.id)]);
    expect(versions.map((v) => v.version)).toEqual(deals.map((d) => d.version).sort());
    expect(await count('select count(*) as n from audit_entry')).toBe(auditBefore + 1);
    expect(await count('select count(*) as n from deal_stage_change where deal_id = ?', [deals[0].id])).toBe(4);
  });

  it('refuses each bad row by its rule; all or nothing writes none of them', async () => {
    const before = await count('select count(*) as n from deal');
    const csv = [
      'externalId,title,customer,owner,stage,amount,expectedCloseDate,closeDate,channel,createdAt',
      `B-1,No amount,${customerTaxId},${rep.email},LEAD,,2027-01-31,,DIRECT,`,
      `B-2,Bad precision,${customerTaxId},${rep.email},LEAD,12.345,2027-01-31,,DIRECT,`,
      `B-3,Future close,${customerTaxId},${rep.email},WON,100,2027-01-31,2099-01-01,DIRECT,`,
      `B-4,Unknown stage,${customerTaxId},${rep.email},MAGIC,100,2027-01-31,,DIRECT,`,
      `B-5,Unknown owner,${customerTaxId},nobody@example.com,LEAD,100,2027-01-31,,DIRECT,`,
      `B-6,Twice,${customerTaxId},${rep.email},LEAD,100,2027-01-31,,DIRECT,`,
      `B-6,Twice again,${customerTaxId},${rep.email},LEAD,100,2027-01-31,,DIRECT,`,
      `B-7,Close before creation,${customerTaxId},${rep.email},LOST,100,2026-01-31,2026-01-01,DIRECT,2026-02-01T00:00:00Z`,
      `B-8,Fine,${customerTaxId},${rep.email},LEAD,100,2027-01-31,,DIRECT,`,
    ].join('\n');
    const outcome = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'bad.csv', csv)]);
    expect(outcome.applied).toBe(false);
    expect(outcome.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [2, 'amount', 'required'],
      [3, 'amount', 'two-decimals'],
      [4, 'closeDate', 'not-in-future'],
      [5, 'stage', 'unknown-code'],
      [6, 'owner', 'unknown-reference'],
      [8, 'externalId', 'duplicate-row'],
      [9, 'closeDate', 'close-before-created'],
    ]);
    expect(outcome.counts[0]).toMatchObject({ rows: 9, rejected: 7, created: 2 });
    expect(await count('select count(*) as n from deal')).toBe(before);

    const partial = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'bad.csv', csv)], { mode: ImportMode.PARTIAL });
    expect(partial.applied).toBe(true);
    expect(await count('select count(*) as n from deal')).toBe(before + 2);
    const rejected = rejectedRowsCsv(partial);
    expect(rejected.split('\r\n')[0]).toBe(
      '\uFEFFexternalId,title,customer,owner,stage,amount,expectedCloseDate,closeDate,channel,createdAt,file,row,errors',
    );
    expect(rejected).toContain('B-2,Bad precision');
    expect(rejected).toContain('two-decimals');
  });

  it('a dry run reports what it would do and writes nothing', async () => {
    const before = await count('select count(*) as n from deal');
    const csv = `externalId,title,customer,owner,stage,amount,expectedCloseDate,channel\nDRY-1,Dry,${customerTaxId},${rep.email},LEAD,100,2027-01-31,DIRECT\n`;
    const outcome = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'dry.csv', csv)], { dryRun: true });
    expect(outcome).toMatchObject({ applied: false, errorCount: 0, counts: [{ kind: 'deals', created: 1 }] });
    expect(await count('select count(*) as n from deal')).toBe(before);
  });
});

describe('credit splits', () => {
  it('records a split by e-mail, keeps it on a second run, refuses one that does not add up', async () => {
    const [other, manager] = await db
      .em()
      .execute(`select email from member where role in ('REP', 'MANAGER') and email <> ? and archived_at is null order by id limit 2`, [
        rep.email,
      ]);
    const row = (id: string, credits: string) =>
      `externalId,title,customer,owner,stage,amount,expectedCloseDate,closeDate,channel,credits\n${id},Split,${customerTaxId},${rep.email},WON,1000,2026-05-31,2026-05-20,DIRECT,"${credits}"\n`;
    const split = `${rep.email}=60.00|${other.email}=40|${manager.email}=+10`;
    const first = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'split.csv', row('S-1', split))]);
    expect(first.errors).toEqual([]);
    const lines = await db.em().execute(
      `select m.email, c.percent::text, c.overlay, c.deal_close_date::text from deal_credit c join member m on m.id = c.member_id
         join external_ref x on x.record_id = c.deal_id and x.kind = 'deals' and x.external_id = 'S-1' order by c.id`,
    );
    expect(lines.map((l) => [l.email, l.percent, l.overlay, l.deal_close_date])).toEqual([
      [rep.email, '60.00', false, '2026-05-20'],
      [other.email, '40.00', false, '2026-05-20'],
      [manager.email, '10.00', true, '2026-05-20'],
    ]);
    const again = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'split.csv', row('S-1', split))]);
    expect(again.counts[0]).toMatchObject({ unchanged: 1, updated: 0 });
    const exported: string[] = [];
    await exportRecords(db.em(), { kind: RecordKind.DEALS, scope: { all: true }, source: 'test', updatedSince: null }, (record) => {
      if (record.externalId === 'S-1') exported.push(recordLine(record, 'csv'));
    });
    // Members without an id in the source are written with their own ids.
    expect(exported[0]).toMatch(/,\d+=60\.00\|\d+=40\.00\|\d+=\+10\.00\r\n$/);
    const bad = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'split.csv', row('S-2', `${rep.email}=60|${other.email}=30`))]);
    expect(bad.errors.map((e) => [e.column, e.rule])).toEqual([['credits', 'credit-total']]);
    const ownerless = await importFiles(db.em(), [memoryFile(RecordKind.DEALS, 'split.csv', row('S-3', `${other.email}=100`))]);
    expect(ownerless.errors.map((e) => e.rule)).toEqual(['credit-owner']);
  });
});

describe('quotas', () => {
  it('creates the calendar period it names, and keeps every change in the quota history as IMPORT', async () => {
    const file = (target: string) =>
      memoryFile(
        RecordKind.QUOTAS,
        'quotas.csv',
        `externalId,member,periodKind,periodStart,metric,target\nQ-1,${rep.email},QUARTER,2031-04-01,REVENUE,${target}\n`,
      );
    expect((await importFiles(db.em(), [file('5000000')])).counts[0]).toMatchObject({ created: 1 });
    expect((await importFiles(db.em(), [file('5500000.50')])).counts[0]).toMatchObject({ updated: 1 });
    expect((await importFiles(db.em(), [file('5500000.50')])).counts[0]).toMatchObject({ unchanged: 1 });
    const history = await db.em().execute(
      `select c.old_target::text, c.new_target::text, c.version, c.source, c.note, p.name from quota_change c join quota q on q.id = c.quota_id
         join period p on p.id = q.period_id join external_ref x on x.record_id = q.id and x.kind = 'quotas' and x.external_id = 'Q-1' order by c.id`,
    );
    expect(history.map((h) => [h.old_target, h.new_target, h.version, h.source, h.note, h.name])).toEqual([
      [null, '5000000.00', 1, 'IMPORT', 'imported from test', 'II квартал 2031'],
      ['5000000.00', '5500000.50', 2, 'IMPORT', 'imported from test', 'II квартал 2031'],
    ]);
  });
});

describe('importing an organisation', () => {
  it('writes teams parents first, refuses cycles, sets managers once the members are in', async () => {
    const teams = [
      'externalId,name,kind,parent,manager',
      'T-child,Дочерняя,GEOGRAPHIC,T-root,M-1',
      'T-root,Корневая,GEOGRAPHIC,,',
      'T-a,Цикл А,GEOGRAPHIC,T-b,',
      'T-b,Цикл Б,GEOGRAPHIC,T-a,',
    ].join('\n');
    const members = [
      'externalId,fullName,email,role,team,capability,hireDate',
      'M-1,Анна Новикова,anna.new@example.ru,MANAGER,T-child,4.5,2024-02-01',
    ].join('\n');
    const files = [memoryFile(RecordKind.MEMBERS, 'members.csv', members), memoryFile(RecordKind.TEAMS, 'teams.csv', teams)];
    const refused = await importFiles(db.em(), files);
    expect(refused.errors.map((e) => [e.file, e.row, e.rule])).toEqual([
      ['teams.csv', 4, 'team-cycle'],
      ['teams.csv', 5, 'team-cycle'],
    ]);
    const outcome = await importFiles(db.em(), files, { mode: ImportMode.PARTIAL });
    expect(outcome.counts.find((c) => c.kind === 'teams')).toMatchObject({ created: 2, rejected: 2 });
    const [child] = await db
      .em()
      .execute(
        `select t.path, p.path as parent_path, m.email from team t join team p on p.id = t.parent_id join member m on m.id = t.manager_id where t.name = 'Дочерняя'`,
      );
    expect(child.path.startsWith(child.parent_path)).toBe(true);
    expect(child.email).toBe('anna.new@example.ru');
    const again = await importFiles(db.em(), files, { mode: ImportMode.PARTIAL });
    expect(again.counts.map((c) => [c.kind, c.created, c.updated, c.unchanged])).toEqual([
      ['teams', 0, 0, 2],
      ['members', 0, 0, 1],
    ]);
  });
});

const fixture = (name: string) => readFileSync(new URL(`../../../../test/fixtures/import/${name}`, import.meta.url));
const fromFixture = (kind: RecordKind, name: string, preset?: string) =>
  memoryFile(kind, name.split('/').pop()!, fixture(name), preset ? presetMapping(preset, kind) : undefined);

describe('the fixtures of every format', () => {
  it('reads a Windows-1251 file with semicolons, JSON, NDJSON and UTF-8 CSV in one job', async () => {
    const outcome = await importFiles(db.em(), [
      fromFixture(RecordKind.DEALS, 'deals-cp1251-semicolon.csv'),
      fromFixture(RecordKind.CUSTOMERS, 'customers.json'),
      fromFixture(RecordKind.INTERACTIONS, 'interactions.ndjson'),
      fromFixture(RecordKind.MEMBERS, 'members-utf8.csv'),
    ]);
    expect(outcome.errors).toEqual([]);
    expect(outcome.counts.map((c) => [c.kind, c.created])).toEqual([
      ['members', 3],
      ['customers', 3],
      ['deals', 6],
      ['interactions', 4],
    ]);
    const [won] = await db.em().execute(
      `select d.title, d.status, (select count(*)::int from deal_stage_change c where c.deal_id = d.id) as moves
         from deal d join external_ref x on x.record_id = d.id and x.kind = 'deals' where x.external_id = 'LEG-1001'`,
    );
    expect(won).toMatchObject({ status: 'WON', moves: 5 });
    expect(won.title).toMatch(/[а-яё]/i);
  });

  it('maps Bitrix24 companies, contacts and deals, and amoCRM deals, by their presets', async () => {
    const outcome = await importFiles(
      db.em(),
      [
        fromFixture(RecordKind.CUSTOMERS, 'bitrix24-companies.csv', 'bitrix24'),
        fromFixture(RecordKind.CONTACTS, 'bitrix24-contacts.csv', 'bitrix24'),
        fromFixture(RecordKind.DEALS, 'bitrix24-deals.csv', 'bitrix24'),
      ],
      { source: 'bitrix24' },
    );
    expect(outcome.errors).toEqual([]);
    expect(outcome.counts.map((c) => [c.kind, c.created])).toEqual([
      ['customers', 3],
      ['contacts', 4],
      ['deals', 6],
    ]);
    const amo = await importFiles(db.em(), [fromFixture(RecordKind.DEALS, 'amocrm-deals.csv', 'amocrm')], { source: 'amocrm' });
    expect(amo.errors).toEqual([]);
    expect(amo.counts[0]).toMatchObject({ created: 5 });
    const [big] = await db
      .em()
      .execute(
        `select d.amount::text as amount from deal d join external_ref x on x.record_id = d.id and x.kind = 'deals' and x.source = 'bitrix24' order by d.amount desc limit 1`,
      );
    expect(big.amount).toMatch(/^\d+\.\d{2}$/);
    const lifecycle = await db
      .em()
      .execute(
        `select c.lifecycle_stage from customer c join external_ref x on x.record_id = c.id and x.kind = 'customers' and x.source = 'bitrix24'`,
      );
    expect(lifecycle.length).toBe(3);
  });

  it('refuses a zip and a binary file before reading a row, and a file with a cycle of teams row by row', async () => {
    await expect(importFiles(db.em(), [fromFixture(RecordKind.DEALS, 'bad/not-a-csv.zip')])).rejects.toMatchObject({
      details: { field: 'file' },
    });
    await expect(importFiles(db.em(), [fromFixture(RecordKind.DEALS, 'bad/binary.bin')])).rejects.toMatchObject({
      details: { field: 'file' },
    });
    const cycle = await importFiles(db.em(), [fromFixture(RecordKind.TEAMS, 'bad/teams-cycle.csv')]);
    expect(cycle.errors.map((e) => e.rule)).toEqual(['team-cycle', 'team-cycle']);
    const bad = await importFiles(db.em(), [fromFixture(RecordKind.DEALS, 'bad/deals-bad-rows.csv')], { mode: ImportMode.PARTIAL });
    expect(bad.errors.map((e) => e.rule)).toEqual([
      'required',
      'two-decimals',
      'not-in-future',
      'unknown-code',
      'unknown-reference',
      'duplicate-row',
      'close-before-created',
    ]);
    expect(bad.counts[0]).toMatchObject({ created: 2, rejected: 7 });
  });
});
