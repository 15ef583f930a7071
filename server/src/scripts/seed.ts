import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/orm.js';
import { isDatabaseEmpty, seedDemo } from '../seeders/seed.js';

/** `pnpm db:seed [--reset]`: loads the demo organisation; --reset first empties every table. */
const reset = process.argv.includes('--reset');
const database = await openDatabase(loadConfig());
try {
  await migrate(database.orm);
  if (reset) {
    await database.orm.em.getConnection().execute(
      `do $$ declare r record; begin
         for r in select tablename from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations' loop
           execute format('truncate table %I restart identity cascade', r.tablename);
         end loop;
       end $$;`,
    );
  }
  if (await isDatabaseEmpty(database.orm)) {
    await seedDemo(database.orm);
    console.log('Demo data loaded.');
  } else {
    console.log('The database already holds data; run with --reset to replace it with the demo.');
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
