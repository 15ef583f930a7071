import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { migrations } from './migrations/index.js';
import { MONTHS_AHEAD, PARTITIONED_HISTORY, withoutPartitionKeyChanges } from './partitions.js';

let db: TestOrm;
beforeAll(async () => {
  db = await openTestOrm();
});
afterAll(() => db?.close());

describe('migrations', () => {
  it('create exactly the schema the entities describe', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    // The one thing entities cannot say: a partitioned table's primary key holds its partition key.
    expect(withoutPartitionKeyChanges(diff)).toEqual([]);
    expect(diff).toContain('alter table "domain_event" drop constraint "domain_event_pkey";');
  });

  it('partition the history by month, from this month to three months ahead, with a default partition', async () => {
    const rows = await db.orm.em.getConnection().execute<{ table: string; key: string; primary: string; partitions: string[] }[]>(
      `select c.relname as table, pg_get_partkeydef(c.oid) as key,
              pg_get_constraintdef((select oid from pg_constraint where conrelid = c.oid and contype = 'p')) as primary,
              array(select p.relname from pg_inherits i join pg_class p on p.oid = i.inhrelid where i.inhparent = c.oid order by 1)::text[] as partitions
         from pg_class c where c.relkind = 'p' order by 1`,
    );
    const month = (offset: number) => {
      const now = new Date();
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return `${at.getUTCFullYear()}_${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    const expected = PARTITIONED_HISTORY.map(({ table, key }) => ({
      table,
      key: `RANGE (${key})`,
      primary: `PRIMARY KEY (id, ${key})`,
      partitions: [`${table}_default`, ...Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => `${table}_p${month(i)}`)],
    }));
    expect(rows).toEqual(expected.sort((a, b) => a.table.localeCompare(b.table)));
  });

  it('are all applied, in order, and applying them again does nothing', async () => {
    const executed = await db.orm.getMigrator().getExecutedMigrations();
    expect(executed.map((m) => m.name)).toEqual(migrations.map((m) => m.name));
    expect(await db.orm.getMigrator().getPendingMigrations()).toEqual([]);
  });
});
