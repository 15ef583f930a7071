import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { funnel, quotaGaugeMember, quotaGaugeTeam, teamCard } from './queries.js';

/**
 * The baseline: a bare node:http server answering the widget questions with hand-written SQL through
 * a pg pool as large as the server's ORM pool. POST /<question> with the operation's variables as JSON.
 * Prints {"url": …} once listening.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
// The same session settings as the server's connections (server/src/db/orm.ts): same database, same plans.
pool.on('connect', (client) => void client.query("set jit = off; set work_mem = '32MB'"));
const id = (value: unknown) => Number(value);
type Variables = Record<string, unknown>;

const questions: Record<string, (v: Variables) => Promise<unknown>> = {
  '/TeamCard': (v) => teamCard(pool, id(v.teamId), id(v.periodId)),
  '/QuotaGaugeTeam': (v) => quotaGaugeTeam(pool, id(v.teamId), id(v.periodId)),
  '/QuotaGaugeMember': (v) => quotaGaugeMember(pool, id(v.memberId), id(v.periodId)),
  '/Funnel': (v) => {
    const filter = v.filter as Variables;
    return funnel(pool, id(filter.teamId), id(filter.periodId));
  },
};

const server = createServer(async (request, response) => {
  const question = questions[request.url ?? ''];
  if (request.method !== 'POST' || !question) {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  for await (const chunk of request) body += chunk;
  try {
    const data = await question(JSON.parse(body) as Variables);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
