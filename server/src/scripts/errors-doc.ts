import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../config.js';
import { renderErrorsDoc } from '../errors-doc.js';

/** `node dist/scripts/errors-doc.js` writes docs/errors.md from the catalogues; `--check` fails when it is stale. */
const target = path.join(repoRoot, 'docs', 'errors.md');
const markdown = renderErrorsDoc();
if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== markdown) {
    console.error('docs/errors.md is stale: run `node dist/scripts/errors-doc.js` and commit the result.');
    process.exit(1);
  }
  console.log('docs/errors.md is up to date.');
} else {
  await writeFile(target, markdown);
  console.log(`Wrote ${path.relative(process.cwd(), target)}`);
}
