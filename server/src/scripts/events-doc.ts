import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../config.js';
import { renderEventsDoc, renderReadmeCatalogue } from '../events/catalogue-doc.js';

/**
 * `node dist/scripts/events-doc.js` writes docs/events.md and the README's catalogue table from the event
 * catalogue (events/event-type.ts).
 */
const target = path.join(repoRoot, 'docs', 'events.md');
await writeFile(target, renderEventsDoc());
const readme = path.join(repoRoot, 'README.md');
await writeFile(readme, renderReadmeCatalogue(await readFile(readme, 'utf8')));
console.log(`Wrote ${path.relative(process.cwd(), target)} and the catalogue of ${path.relative(process.cwd(), readme)}`);
