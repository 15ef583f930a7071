import pg from 'pg';
// The server's own builder of a throw-away primary and hot standby (as scripts/cluster.mjs uses it);
// the server package does not export it, so it is imported from its build by path.
import { type StandbyPair, standbyUnavailable, startStandbyPair } from '../../../server/dist/db/standby.js';

export { type StandbyPair, standbyUnavailable, startStandbyPair };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the standby has replayed everything the primary has written so far (the generated data). */
export async function waitStandbyCaughtUp(pair: StandbyPair, timeoutMs = 120_000): Promise<void> {
  const primary = new pg.Client({ connectionString: pair.primaryUrl });
  await primary.connect();
  let position: string;
  try {
    position = (await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn;
  } finally {
    await primary.end();
  }
  // A WAL position is hex digits and a slash, read from the primary just now: safe to quote.
  const replayed = `select pg_last_wal_replay_lsn() >= '${position}'::pg_lsn as done`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await pair.onStandby(replayed))[0]?.done === true) return;
    await sleep(200);
  }
  throw new Error(`the standby did not replay the primary's WAL up to ${position} within ${timeoutMs / 1000} s`);
}
