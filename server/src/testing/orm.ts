import type { EntityManager } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/orm.js';
import { createTestDatabase } from './database.js';

export interface TestOrm extends Database {
  /** A fresh unit of work. */
  em(): EntityManager;
}

/** A migrated, empty database for service tests (no HTTP, no GraphQL). */
export async function openTestOrm(): Promise<TestOrm> {
  const testDatabase = await createTestDatabase();
  const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, dataDir: 'memory://' }, { template: testDatabase.template });
  await migrate(database.orm);
  return {
    ...database,
    em: () => database.orm.em.fork(),
    async close() {
      await database.close();
      await testDatabase.drop();
    },
  };
}
