import http from 'node:http';
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

export interface LoadResult {
  concurrency: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Closed-loop load: `concurrency` clients each send the request again as soon as the previous answer
 * arrived, for `seconds` after a warm-up; every answer must be a 200 without GraphQL errors.
 */
export async function runLoad(
  baseUrl: string,
  target: Target,
  concurrency: number,
  seconds: number,
  warmupSeconds: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const loop = async (until: number, latencies: number[] | null) => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await send(agent, baseUrl, target);
        if (response.status !== 200 || response.body.includes('"errors"'))
          throw new Error(`${target.path} answered ${response.status}: ${response.body.slice(0, 300)}`);
        latencies?.push(performance.now() - started);
      }
    };
    const warmUntil = performance.now() + warmupSeconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, () => loop(warmUntil, null)));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, () => loop(started + seconds * 1000, latencies)));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      concurrency,
      requests: latencies.length,
      seconds: round(elapsed),
      requestsPerSecond: round(latencies.length / elapsed, 1),
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(latencies[latencies.length - 1] ?? NaN),
    };
  } finally {
    agent.destroy();
  }
}
