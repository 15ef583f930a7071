import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/orm.js';

/** `pnpm db:migrate`: applies pending migrations to the configured database. */
const database = await openDatabase(loadConfig());
try {
  const applied = await migrate(database.orm);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await database.close();
}
