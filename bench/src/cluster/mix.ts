import http from 'node:http';
import { send } from '../harness/load.js';
import type { Target } from '../harness/questions.js';

/** One timed round of the mix against one configuration, before its CPU time is added. */
export interface MixRound {
  latencies: number[];
  seconds: number;
  /** Requests that got no answer, an HTTP status other than 200, or GraphQL errors. */
  failed: number;
  firstFailure?: string;
}

/** Why an answer does not count as answered, or undefined when it does. */
function failure(status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  if (body.includes('"errors"')) return `GraphQL errors: ${body.slice(0, 300)}`;
  return undefined;
}

/**
 * Closed-loop load of the widget mix through one URL: `concurrency` clients each send the next request as
 * soon as the previous answer arrived, walking the widget questions in turn; client i starts at question
 * i, so that at any moment the mix is spread over the questions. Failures are counted, not thrown: a
 * configuration that drops requests is a result. The clients' keep-alive sockets last from one round to
 * the next.
 */
export function openMix(url: string, targets: Target[], concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const client = async (index: number, until: number, round: MixRound) => {
    for (let next = index; performance.now() < until; next += 1) {
      const started = performance.now();
      const why = await send(agent, url, targets[next % targets.length]).then(
        (response) => failure(response.status, response.body),
        (error: Error) => `no answer: ${error.message}`,
      );
      if (why === undefined) round.latencies.push(performance.now() - started);
      else {
        round.failed += 1;
        round.firstFailure ??= why;
      }
    }
  };
  return {
    /** Requests for `seconds`; the round ends with the last answer. */
    async round(seconds: number): Promise<MixRound> {
      const round: MixRound = { latencies: [], seconds: 0, failed: 0 };
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i, started + seconds * 1000, round)));
      round.seconds = (performance.now() - started) / 1000;
      return round;
    },
    close: () => agent.destroy(),
  };
}
