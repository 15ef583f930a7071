// Prints the gzip size of the self-contained bundle and fails above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// 30 KB until live updates: the stream client (graphql-sse), the shared stream and the activity feed took
// the bundle from 24 to 32 KB gzip.
const BUDGET = 34 * 1024;
const bundle = readFileSync(new URL('../dist/sales-widgets.js', import.meta.url));
const gzip = gzipSync(bundle, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`sales-widgets.js: ${kb(bundle.length)} raw, ${kb(gzip)} gzip (budget ${kb(BUDGET)})`);
if (gzip > BUDGET) {
  console.error('The widget bundle is over its gzip budget.');
  process.exit(1);
}
