import { AsyncLocalStorage } from 'node:async_hooks';

/** Facts about the request being served, reachable from anywhere in its async call chain. */
export interface RequestScope {
  /** Made by this server for every request; the audit log and the log lines name the request by it. */
  requestId: string;
  /** The `X-Request-Id` the client sent, when well-formed: logged beside ours, never trusted as it. */
  clientRequestId?: string;
  /** SQL statements sent on behalf of this request. */
  sqlStatements: number;
  /** Who is calling (role and member id), for the request log line, once known. */
  viewer?: string;
  /** SQL statements sent and not answered yet. */
  sqlPending?: number;
  /** Called when no statement is pending any more (see whenSqlIdle). */
  sqlIdle?: (() => void)[];
  /** The database could not be reached while serving it: the answer is 503 (graphql/format-error.ts). */
  databaseUnavailable?: boolean;
  /** An error other than a rule's was hidden as an internal error: a read on a replica is retried on the primary. */
  internalError?: boolean;
  /** A mutation of the request was audited, or its refusal recorded (audit/recorder.ts). */
  audited?: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Transaction control, which the driver's query-response event never reports. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release|set transaction)\b/i;

export function recordSqlStatement(query?: { sql?: string }): void {
  const scope = storage.getStore();
  if (!scope) return;
  scope.sqlStatements += 1;
  if (!TRANSACTION_CONTROL.test(query?.sql ?? '')) scope.sqlPending = (scope.sqlPending ?? 0) + 1;
}

/** A statement of the request was answered (or failed). */
export function recordSqlAnswer(): void {
  const scope = storage.getStore();
  if (!scope?.sqlPending) return;
  scope.sqlPending -= 1;
  if (scope.sqlPending === 0) for (const resume of scope.sqlIdle?.splice(0) ?? []) resume();
}

/** The longest a batch waits for the request's other statements. */
const IDLE_WAIT_LIMIT_MS = 100;

/**
 * Runs `callback` once none of the request's statements awaits its answer (and the resolvers that
 * those answers unblock had their turn), or after IDLE_WAIT_LIMIT_MS at most; at once outside a request.
 * A DataLoader scheduled this way collects keys from several depths of the query in one batch.
 */
export function whenSqlIdle(callback: () => void): void {
  const scope = storage.getStore();
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(limit);
    callback();
  };
  const limit = setTimeout(run, IDLE_WAIT_LIMIT_MS);
  const check = () =>
    setImmediate(() => {
      if (!scope?.sqlPending) run();
      else (scope.sqlIdle ??= []).push(check);
    });
  check();
}
