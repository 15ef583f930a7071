import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/orm.js';

/**
 * Without DATABASE_URL, migrates one embedded database and dumps it; every test file then starts its
 * own in-memory copy from the dump instead of running initdb and the migrations again.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.DATABASE_URL) return;
  const database = await openDatabase({ dataDir: 'memory://', databaseUrl: undefined });
  const folder = await mkdtemp(path.join(tmpdir(), 'sales-graph-test-'));
  try {
    await migrate(database.orm);
    const file = path.join(folder, 'template.tar');
    await writeFile(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
    process.env.PGLITE_TEST_TEMPLATE = file;
  } finally {
    await database.close();
  }
  return () => rm(folder, { recursive: true, force: true });
}
