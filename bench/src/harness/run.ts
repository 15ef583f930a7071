import http from 'node:http';
import { GraphQLClient } from 'graphql-request';
import { firstDifference } from './compare.js';
import { runLoad, send, type LoadResult } from './load.js';
import { startBaselineServer, startGraphQLServer, type Child } from './processes.js';
import { adminToken, baselineTarget, chooseQuestions, graphqlTarget, type Question } from './questions.js';

export interface BenchOptions {
  databaseUrl: string;
  /** Concurrent clients of each timed run; empty for a correctness-only run. */
  concurrency: number[];
  seconds: number;
  warmupSeconds: number;
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
}

export interface QuestionResult {
  name: Question['name'];
  subject: string;
  /** SQL statements the GraphQL server sent for one request. */
  sqlStatements: number;
  /** The two answers are the same JSON (money as decimal strings, ratios, counts). */
  identical: boolean;
  /** Where they differ first, when they do. */
  difference: string | null;
  runs: Comparison[];
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Asks the question of both servers, checks the answers are identical, reads the statements it cost. */
async function check(
  question: Question,
  ours: Child,
  baseline: Child,
  token: string,
): Promise<Pick<QuestionResult, 'sqlStatements' | 'identical' | 'difference'>> {
  const client = new GraphQLClient(`${ours.url}/graphql`, { headers: { authorization: `Bearer ${token}` } });
  // The first request warms the server's caches; the second one is the one counted.
  await client.rawRequest(question.document, question.variables);
  const answer = await client.rawRequest<Record<string, unknown>>(question.document, question.variables);
  const agent = new http.Agent({ keepAlive: false });
  const reference = await send(agent, baseline.url, baselineTarget(question));
  if (reference.status !== 200) throw new Error(`baseline ${question.name} answered ${reference.status}: ${reference.body}`);
  const difference = firstDifference(answer.data, (JSON.parse(reference.body) as { data: unknown }).data);
  return { sqlStatements: Number(answer.headers.get('x-sql-statements')), identical: difference === null, difference };
}

/** Starts both servers against the database, checks every question, then times them at each concurrency. */
export async function runBenchmark(options: BenchOptions): Promise<QuestionResult[]> {
  const log = options.log ?? (() => {});
  const questions = await chooseQuestions(options.databaseUrl);
  const [ours, baseline] = await Promise.all([startGraphQLServer(options.databaseUrl), startBaselineServer(options.databaseUrl)]);
  try {
    const token = adminToken();
    const results: QuestionResult[] = [];
    for (const question of questions) {
      const checked = await check(question, ours, baseline, token);
      log(
        `${question.name}: ${checked.identical ? 'identical answers' : `ANSWERS DIFFER at ${checked.difference}`}, ${checked.sqlStatements} SQL statements per request — ${question.subject}`,
      );
      const runs: Comparison[] = [];
      // Timing answers that differ would compare different work.
      for (const concurrency of checked.identical ? options.concurrency : []) {
        const o = await runLoad(ours.url, graphqlTarget(question, token), concurrency, options.seconds, options.warmupSeconds);
        const b = await runLoad(baseline.url, baselineTarget(question), concurrency, options.seconds, options.warmupSeconds);
        runs.push({
          concurrency,
          ours: o,
          baseline: b,
          p95Ratio: ratio(o.p95Ms, b.p95Ms),
          throughputRatio: ratio(o.requestsPerSecond, b.requestsPerSecond),
        });
        log(
          `  ${concurrency} clients: ours p50 ${o.p50Ms} ms, p95 ${o.p95Ms} ms, ${o.requestsPerSecond} req/s; baseline p50 ${b.p50Ms} ms, p95 ${b.p95Ms} ms, ${b.requestsPerSecond} req/s`,
        );
      }
      results.push({ name: question.name, subject: question.subject, ...checked, runs });
    }
    return results;
  } finally {
    await Promise.all([ours.stop(), baseline.stop()]);
  }
}
