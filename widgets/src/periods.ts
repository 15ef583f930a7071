import currentPeriodQuery from '../../schema/operations/CurrentPeriod.graphql?raw';
import { runQuery, type Connection } from './client.js';

const KEYWORDS: Record<string, string> = { 'current-month': 'MONTH', 'current-quarter': 'QUARTER', 'current-year': 'YEAR' };

const resolved = new Map<string, Promise<string>>();

/** `period` is a period id or one of current-month, current-quarter, current-year (the default). */
export function resolvePeriodId(connection: Connection, period: string | undefined): Promise<string> {
  const value = (period || 'current-quarter').trim();
  const kind = KEYWORDS[value];
  if (!kind) return Promise.resolve(value);
  const key = `${connection.endpoint}|${kind}|${new Date().toDateString()}`;
  let id = resolved.get(key);
  if (!id) {
    id = runQuery<{ currentPeriod: { id: string } | null }>(connection, currentPeriodQuery, { kind }).then((data) => {
      if (!data.currentPeriod) throw { kind: 'not-found', message: `no ${kind.toLowerCase()} period contains today` };
      return data.currentPeriod.id;
    });
    id.catch(() => resolved.delete(key));
    resolved.set(key, id);
  }
  return id;
}
