import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';

/**
 * A database for one test file: a fresh PostgreSQL database on the server named by DATABASE_URL, or,
 * without it, an in-memory embedded database started from the migrated template that the global
 * setup dumped (see global-setup.ts).
 */
export interface TestDatabase {
  databaseUrl?: string;
  template?: Blob;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const templatePath = process.env.PGLITE_TEST_TEMPLATE;
    const template = templatePath ? new Blob([await readFile(templatePath)]) : undefined;
    return { template, drop: async () => {} };
  }
  const name = `sales_graph_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await runAdmin(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { databaseUrl: url.toString(), drop: () => runAdmin(serverUrl, `drop database if exists "${name}" with (force)`) };
}

async function runAdmin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
