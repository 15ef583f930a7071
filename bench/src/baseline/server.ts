import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { forecastRollup, funnel, quotaGaugeMember, quotaGaugeTeam, type Sql, teamCard } from './queries.js';

/**
 * The baseline: a bare node:http server answering the widget questions with hand-written SQL through
 * a pg pool as large as the server's ORM pool. POST /<question> with the operation's variables as JSON;
 * the answer reports the statements it cost in `x-sql-statements`, as the GraphQL server does.
 * Prints {"url": …} once listening.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
// The same session settings as the server's connections (server/src/db/orm.ts): same database, same plans.
pool.on('connect', (client) => void client.query("set jit = off; set work_mem = '32MB'"));
const id = (value: unknown) => Number(value);
type Variables = Record<string, unknown>;

const funnelOf = (sql: Sql, v: Variables) => {
  const filter = v.filter as Variables;
  return funnel(sql, id(filter.teamId), id(filter.periodId));
};

const questions: Record<string, (sql: Sql, v: Variables) => Promise<unknown>> = {
  '/TeamCard': (sql, v) => teamCard(sql, id(v.teamId), id(v.periodId)),
  '/QuotaGaugeTeam': (sql, v) => quotaGaugeTeam(sql, id(v.teamId), id(v.periodId)),
  '/QuotaGaugeMember': (sql, v) => quotaGaugeMember(sql, id(v.memberId), id(v.periodId)),
  '/Funnel': funnelOf,
  '/FunnelRegion': funnelOf,
  '/ForecastRollup': (sql, v) => forecastRollup(sql, id(v.teamId), id(v.periodId)),
};

const server = createServer(async (request, response) => {
  const question = questions[request.url ?? ''];
  if (request.method !== 'POST' || !question) {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  for await (const chunk of request) body += chunk;
  let statements = 0;
  const sql: Sql = {
    query: (text, values) => {
      statements += 1;
      return pool.query(text, values);
    },
  };
  try {
    const data = await question(sql, JSON.parse(body) as Variables);
    response.writeHead(200, { 'content-type': 'application/json', 'x-sql-statements': String(statements) }).end(JSON.stringify({ data }));
  } catch (error) {
    response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
