import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestScope } from './request-scope.js';

export type { Logger };

/**
 * `destination` replaces standard output (tests that read the log lines). Standard output is written
 * asynchronously: lines logged while a write is under way go out together in the next one, where a
 * synchronous write per request line cost more CPU than a cheap query's SQL. Lines still buffered are
 * written when the process exits.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'sales-graph' }, timestamp: pino.stdTimeFunctions.isoTime, mixin: requestFields };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

/**
 * Every line written while a request is served names it, whichever logger writes it (a resolver's
 * error, the audit, Apollo, the ORM): the request id is how an answer's error is found in the log.
 */
function requestFields(): Record<string, string> {
  const scope = currentRequestScope();
  if (!scope) return {};
  return scope.clientRequestId ? { requestId: scope.requestId, clientRequestId: scope.clientRequestId } : { requestId: scope.requestId };
}
