import http from 'node:http';
import { GraphQLClient } from 'graphql-request';
import { firstDifference } from './compare.js';
import { type LoadResult, openClients, type Round, type Side, send, summarise } from './load.js';
import { type Child, startBaselineServer, startGraphQLServer } from './processes.js';
import { adminToken, baselineTarget, chooseQuestions, graphqlTarget, type Question } from './questions.js';

export interface BenchOptions {
  databaseUrl: string;
  /** Concurrent clients of each timed run; empty for a correctness-only run. */
  concurrency: number[];
  /** Timed seconds per side at each concurrency, split over the rounds. */
  seconds: number;
  /** Untimed seconds per side before its first round. */
  warmupSeconds: number;
  /** Timed rounds per side, alternating: ours, baseline, ours, baseline, … */
  rounds: number;
  /** Size of the region whose funnel is asked: deals created in the quarter (questions.ts, default 7,000). */
  regionDeals?: number;
  log?: (line: string) => void;
}

export interface Comparison {
  concurrency: number;
  ours: LoadResult;
  baseline: LoadResult;
  /** ours p95 / baseline p95. */
  p95Ratio: number;
  /** ours requests per second / baseline requests per second. */
  throughputRatio: number;
  /** ours CPU per request / baseline CPU per request. */
  cpuRatio: number;
}

export interface QuestionResult {
  name: Question['name'];
  subject: string;
  /** SQL statements the GraphQL server sent for one request. */
  sqlStatements: number;
  /** SQL statements the baseline sent for one request. */
  baselineStatements: number;
  /** The two answers are the same JSON (money as decimal strings, ratios, counts). */
  identical: boolean;
  /** Where they differ first, when they do. */
  difference: string | null;
  runs: Comparison[];
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Asks the question of both servers, checks the answers are identical, reads the statements each cost. */
async function check(
  question: Question,
  ours: Child,
  baseline: Child,
  token: string,
): Promise<Pick<QuestionResult, 'sqlStatements' | 'baselineStatements' | 'identical' | 'difference'>> {
  const client = new GraphQLClient(`${ours.url}/graphql`, { headers: { authorization: `Bearer ${token}` } });
  // The first request warms the server's caches; the second one is the one counted.
  await client.rawRequest(question.document, question.variables);
  const answer = await client.rawRequest<Record<string, unknown>>(question.document, question.variables);
  const agent = new http.Agent({ keepAlive: false });
  const reference = await send(agent, baseline.url, baselineTarget(question));
  if (reference.status !== 200) throw new Error(`baseline ${question.name} answered ${reference.status}: ${reference.body}`);
  const difference = firstDifference(answer.data, (JSON.parse(reference.body) as { data: unknown }).data);
  return {
    sqlStatements: Number(answer.headers.get('x-sql-statements')),
    baselineStatements: Number(reference.headers['x-sql-statements']),
    identical: difference === null,
    difference,
  };
}

/**
 * Times the sides at one concurrency in alternating rounds (ours, baseline, ours, …) after one warm-up
 * each, so that both meet the same conditions of a shared machine and of the database's caches.
 */
async function timeInRounds(sides: Side[], concurrency: number, options: BenchOptions): Promise<LoadResult[]> {
  const clients = sides.map((side) => openClients(side, concurrency));
  try {
    for (const c of clients) await c.round(options.warmupSeconds);
    const rounds: Round[][] = clients.map(() => []);
    for (let i = 0; i < options.rounds; i += 1) {
      for (const [side, c] of clients.entries()) rounds[side].push(await c.round(options.seconds / options.rounds));
    }
    return rounds.map((r) => summarise(concurrency, r));
  } finally {
    for (const c of clients) c.close();
  }
}

/** Starts both servers against the database, checks every question, then times them at each concurrency. */
export async function runBenchmark(options: BenchOptions): Promise<QuestionResult[]> {
  const log = options.log ?? (() => {});
  const questions = await chooseQuestions(options.databaseUrl, options.regionDeals);
  const [ours, baseline] = await Promise.all([startGraphQLServer(options.databaseUrl), startBaselineServer(options.databaseUrl)]);
  try {
    const token = adminToken();
    const results: QuestionResult[] = [];
    for (const question of questions) {
      const checked = await check(question, ours, baseline, token);
      log(
        `${question.name}: ${checked.identical ? 'identical answers' : `ANSWERS DIFFER at ${checked.difference}`}, ` +
          `${checked.sqlStatements} SQL statements per request (baseline ${checked.baselineStatements}) — ${question.subject}`,
      );
      const sides: Side[] = [
        { url: ours.url, pid: ours.pid, target: graphqlTarget(question, token) },
        { url: baseline.url, pid: baseline.pid, target: baselineTarget(question) },
      ];
      const runs: Comparison[] = [];
      // Timing answers that differ would compare different work.
      for (const concurrency of checked.identical ? options.concurrency : []) {
        const [o, b] = await timeInRounds(sides, concurrency, options);
        runs.push({
          concurrency,
          ours: o,
          baseline: b,
          p95Ratio: ratio(o.p95Ms, b.p95Ms),
          throughputRatio: ratio(o.requestsPerSecond, b.requestsPerSecond),
          cpuRatio: ratio(o.cpuMsPerRequest, b.cpuMsPerRequest),
        });
        log(
          `  ${concurrency} clients: ours p50 ${o.p50Ms} ms, p95 ${o.p95Ms} ms, ${o.requestsPerSecond} req/s, ${o.cpuMsPerRequest} CPU ms/req; ` +
            `baseline p50 ${b.p50Ms} ms, p95 ${b.p95Ms} ms, ${b.requestsPerSecond} req/s, ${b.cpuMsPerRequest} CPU ms/req`,
        );
      }
      results.push({ name: question.name, subject: question.subject, ...checked, runs });
    }
    return results;
  } finally {
    await Promise.all([ours.stop(), baseline.stop()]);
  }
}
