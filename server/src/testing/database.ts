import { readFile } from 'node:fs/promises';
import { createScratchDatabase } from '../db/scratch.js';

/**
 * A database for one test file: a scratch database on the server named by DATABASE_URL, or, without it,
 * an in-memory embedded database started from the migrated template that the global setup dumped
 * (see global-setup.ts).
 */
export interface TestDatabase {
  databaseUrl?: string;
  template?: Blob;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(`sales_graph_test_${process.pid}`);
  if (scratch) return { databaseUrl: scratch.url, drop: scratch.drop };
  const templatePath = process.env.PGLITE_TEST_TEMPLATE;
  const template = templatePath ? new Blob([await readFile(templatePath)]) : undefined;
  return { template, drop: async () => {} };
}
