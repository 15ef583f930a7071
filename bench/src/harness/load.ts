import http from 'node:http';
import { cpuMs } from './processes.js';
import type { Target } from './questions.js';

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One POST over a keep-alive agent. A socket that sat idle past the server's keep-alive timeout (5 s for
 * ours, while slow funnel answers hold the other clients) may be closed just as it is reused: that
 * request is sent again once, on a new socket, as any HTTP client does.
 */
export async function send(agent: http.Agent, baseUrl: string, target: Target): Promise<Response> {
  try {
    return await post(agent, baseUrl, target);
  } catch (error) {
    if ((error as { reusedSocket?: boolean }).reusedSocket !== true) throw error;
    return post(agent, baseUrl, target);
  }
}

function post(agent: http.Agent, baseUrl: string, target: Target): Promise<Response> {
  const url = new URL(target.path, baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { ...target.headers, 'content-length': Buffer.byteLength(target.body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(Object.assign(error, { reusedSocket: request.reusedSocket && error.code === 'ECONNRESET' })),
    );
    request.end(target.body);
  });
}

/** One side of a comparison: where it listens, the process that answers, and how it is asked. */
export interface Side {
  url: string;
  pid: number;
  target: Target;
}

/** One timed round of one side. */
export interface Round {
  latencies: number[];
  seconds: number;
  /** CPU time the answering process used during the round. */
  cpuMs: number;
}

/** A side's rounds at one concurrency, taken together. */
export interface LoadResult {
  concurrency: number;
  rounds: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The answering process's CPU time per request: its own work, not PostgreSQL's. */
  cpuMsPerRequest: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Closed-loop load: `concurrency` clients each send the request again as soon as the previous answer
 * arrived; every answer must be a 200 without GraphQL errors. The clients and their keep-alive sockets
 * are kept from one round of the side to the next.
 */
export function openClients(side: Side, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const loop = async (until: number, latencies: number[]) => {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await send(agent, side.url, side.target);
      if (response.status !== 200 || response.body.includes('"errors"'))
        throw new Error(`${side.target.path} answered ${response.status}: ${response.body.slice(0, 300)}`);
      latencies.push(performance.now() - started);
    }
  };
  return {
    /** Requests for `seconds`; the round ends with the last answer, its CPU time read before and after. */
    async round(seconds: number): Promise<Round> {
      const latencies: number[] = [];
      const cpuBefore = cpuMs(side.pid);
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, () => loop(started + seconds * 1000, latencies)));
      return { latencies, seconds: (performance.now() - started) / 1000, cpuMs: cpuMs(side.pid) - cpuBefore };
    },
    close: () => agent.destroy(),
  };
}

/** Latencies, throughput and CPU over all the rounds of a side. */
export function summarise(concurrency: number, rounds: Round[]): LoadResult {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const cpu = rounds.reduce((sum, r) => sum + r.cpuMs, 0);
  return {
    concurrency,
    rounds: rounds.length,
    requests: latencies.length,
    seconds: round(seconds),
    requestsPerSecond: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
    cpuMsPerRequest: round(cpu / latencies.length, 3),
  };
}
