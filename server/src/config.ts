import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every setting the server reads from the environment; README.md documents each one. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PostgreSQL server to use; when absent the embedded PGlite database is started. */
  databaseUrl?: string;
  /** Folder where the embedded database keeps its files, or `memory://` for a throw-away one. */
  dataDir: string;
  /** Seed the demo organisation when the database is empty at start-up. */
  seedDemo: boolean;
  logLevel: string;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  /** Report the SQL statements a request cost in the `x-sql-statements` response header. */
  exposeSqlCount: boolean;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const dataDir = env.DATA_DIR || path.join(repoRoot, '.data', 'pglite');
  return {
    env: nodeEnv as Config['env'],
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: dataDir.startsWith('memory://') ? dataDir : path.resolve(dataDir),
    seedDemo: bool(env, 'SEED_DEMO', true),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_000_000, 1),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000),
    exposeSqlCount: bool(env, 'EXPOSE_SQL_COUNT', nodeEnv !== 'production'),
  };
}
