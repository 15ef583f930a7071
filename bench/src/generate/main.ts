import { parseArgs } from 'node:util';
import { loadOrganisation } from './load.js';

/**
 * `pnpm bench:data --deals 1000000`: builds a large organisation in the database at DATABASE_URL
 * (migrating it first and emptying every table), loaded with COPY. Sizes default from the deals.
 */
const { values } = parseArgs({
  options: {
    deals: { type: 'string', default: '1000000' },
    teams: { type: 'string' },
    members: { type: 'string' },
    seed: { type: 'string', default: '20261130' },
  },
});
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('Set DATABASE_URL to the PostgreSQL database to fill (it is emptied first).');
  process.exit(2);
}
const deals = Number(values.deals);
const summary = await loadOrganisation({
  databaseUrl,
  deals,
  teams: values.teams ? Number(values.teams) : undefined,
  members: values.members ? Number(values.members) : undefined,
  seed: Number(values.seed),
  progress: (line) => process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`),
});
if (process.stderr.isTTY) process.stderr.write('\n');
console.log(JSON.stringify(summary));
