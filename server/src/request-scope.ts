import { AsyncLocalStorage } from 'node:async_hooks';

/** Facts about the request being served, reachable from anywhere in its async call chain. */
export interface RequestScope {
  requestId: string;
  /** SQL statements sent on behalf of this request. */
  sqlStatements: number;
  /** Who is calling (role and member id), for the request log line, once known. */
  viewer?: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

export function recordSqlStatement(): void {
  const scope = storage.getStore();
  if (scope) scope.sqlStatements += 1;
}
