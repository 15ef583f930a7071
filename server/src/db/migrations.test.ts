import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { migrations } from './migrations/index.js';

let db: TestOrm;
beforeAll(async () => {
  db = await openTestOrm();
});
afterAll(() => db?.close());

describe('migrations', () => {
  it('create exactly the schema the entities describe', async () => {
    const diff = await db.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
    expect(diff.trim()).toBe('');
  });

  it('are all applied, in order, and applying them again does nothing', async () => {
    const executed = await db.orm.getMigrator().getExecutedMigrations();
    expect(executed.map((m) => m.name)).toEqual(migrations.map((m) => m.name));
    expect(await db.orm.getMigrator().getPendingMigrations()).toEqual([]);
  });
});
