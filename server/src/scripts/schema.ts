import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../config.js';
import { printGraphQLSchema } from '../schema.js';

/** `pnpm schema:emit` writes schema/schema.graphql; `--check` fails when the committed file is stale. */
const target = path.join(repoRoot, 'schema', 'schema.graphql');
const sdl = await printGraphQLSchema();
if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== sdl) {
    console.error('schema/schema.graphql is stale: run `pnpm schema:emit` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date.');
} else {
  await writeFile(target, sdl);
  console.log(`Wrote ${path.relative(process.cwd(), target)}`);
}
