import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../seeders/seed.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { exportRecords } from './export/records.js';
import { fileStart, recordLine, type ExportFormat } from './export/lines.js';
import { importFiles, memoryFile } from './import/testing.js';
import { RECORD_KINDS, type RecordKind } from './kinds.js';

/** The demo organisation, and an empty database that holds only the sales process and the catalogue. */
let demo: TestOrm;
let empty: TestOrm;

const CATALOGUE = ['product_line', 'product', 'channel', 'sales_stage'];

beforeAll(async () => {
  [demo, empty] = await Promise.all([openTestOrm(), openTestOrm()]);
  // A day back: the demo logs interactions through the whole of its "today", which an import would find in the future.
  await seedDemo(demo.orm, new Date(Date.now() - 86_400_000));
  for (const table of CATALOGUE) {
    const rows = await demo.em().execute(`select * from ${table} order by id`);
    await empty.em().execute(`insert into ${table} select * from json_populate_recordset(null::${table}, ?::json)`, [JSON.stringify(rows)]);
  }
}, 180_000);
afterAll(async () => {
  await demo?.close();
  await empty?.close();
});

async function exportAll(db: TestOrm, format: ExportFormat): Promise<Map<RecordKind, string>> {
  const files = new Map<RecordKind, string>();
  for (const kind of RECORD_KINDS) {
    let text = fileStart(kind, format);
    await exportRecords(db.em(), { kind, scope: { all: true }, source: 'sales-graph', updatedSince: null }, (record) => {
      text += recordLine(record, format);
    });
    files.set(kind, text);
  }
  return files;
}

describe('export, import into an empty database, export again', () => {
  it('gives the same files, and a second import of them changes nothing', async () => {
    const first = await exportAll(demo, 'csv');
    const files = [...first].map(([kind, text]) => memoryFile(kind, `${kind}.csv`, text));
    const outcome = await importFiles(empty.em(), files, { source: 'sales-graph', now: new Date() });
    const rules = new Map<string, number>();
    for (const e of outcome.errors)
      rules.set(
        `${e.file} ${e.column} ${e.rule} ${e.message.slice(0, 60)}`,
        (rules.get(`${e.file} ${e.column} ${e.rule} ${e.message.slice(0, 60)}`) ?? 0) + 1,
      );
    expect([...rules].slice(0, 12)).toEqual([]);
    expect(outcome.applied).toBe(true);
    for (const counts of outcome.counts) expect(counts.created, counts.kind).toBe(first.get(counts.kind)!.split('\r\n').length - 2);

    const second = await exportAll(empty, 'csv');
    for (const kind of RECORD_KINDS) expect(second.get(kind), kind).toBe(first.get(kind));
    expect((await exportAll(empty, 'ndjson')).get('deals' as RecordKind)).toBe(
      (await exportAll(demo, 'ndjson')).get('deals' as RecordKind),
    );

    const audit = Number((await empty.em().execute('select count(*) as n from audit_entry'))[0].n);
    const versions = await empty.em().execute('select sum(version)::int as v from deal');
    const again = await importFiles(empty.em(), files, { source: 'sales-graph', now: new Date() });
    expect(again.counts.every((c) => c.created === 0 && c.updated === 0 && c.rejected === 0)).toBe(true);
    expect(Number((await empty.em().execute('select count(*) as n from audit_entry'))[0].n)).toBe(audit);
    expect(await empty.em().execute('select sum(version)::int as v from deal')).toEqual(versions);
  });
});
