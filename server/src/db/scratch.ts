import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Scratch databases for the server's tests, the end-to-end tests and the benchmark smoke test
 * (`@sales-graph/server/testing`): one per test file, so that files never see each other's rows.
 */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the PostgreSQL server of `serverUrl`; undefined without one (callers use the embedded PGlite). */
export async function createScratchDatabase(prefix: string, serverUrl = process.env.DATABASE_URL): Promise<ScratchDatabase | undefined> {
  if (!serverUrl) return undefined;
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await runAdmin(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runAdmin(serverUrl, `drop database if exists "${name}" with (force)`) };
}

async function runAdmin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// The benchmark smoke test serves the embedded PGlite over the wire when there is no server.
export { startEmbeddedPostgres } from './embedded.js';
// A throw-away primary and hot standby: the replica tests, and scripts/cluster.mjs --replica (from dist/db/standby.js).
export { POSTGRES_BIN, type StandbyPair, standbyUnavailable, startStandbyPair } from './standby.js';
