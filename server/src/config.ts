import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicaUrlsProblem, type ReplicaConfig } from './db/replicas/config.js';

/** Every setting the server reads from the environment; README.md documents each one. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PostgreSQL server to use; when absent the embedded PGlite database is started. */
  databaseUrl?: string;
  /** Streaming replicas that serve read requests (db/replicas/config.ts, docs/replicas.md). */
  replicas: ReplicaConfig;
  /** Folder where the embedded database keeps its files, or `memory://` for a throw-away one. */
  dataDir: string;
  /** Seed the demo organisation when the database is empty at start-up. */
  seedDemo: boolean;
  logLevel: string;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  /** Report the SQL statements a request cost in the `x-sql-statements` response header. */
  exposeSqlCount: boolean;
  /** How callers prove who they are; `undefined` means demo mode (development header, loopback only). */
  auth?: AuthConfig;
  embed: EmbedConfig;
  limits: QueryLimits;
  /** Origins (scheme://host[:port]) of intranet pages allowed to call /graphql and load /widgets/ cross-origin. */
  corsOrigins: string[];
  /** Introspection queries on (off in production unless GRAPHQL_INTROSPECTION=true). */
  introspection: boolean;
  /** Folder of the built widget bundle served under /widgets/. */
  widgetsDir: string;
  /**
   * CURSOR_SECRET: HMAC key of the pagination cursors, at least 32 bytes. Set it when several instances
   * serve the same clients (each must accept the others' cursors); otherwise each process makes its own.
   */
  cursorSecret?: string;
  rateLimits: RateLimits;
  /**
   * TRUST_PROXY (default false): the server runs behind a reverse proxy, so the client address for rate
   * limiting is the last one of `X-Forwarded-For` (the one the proxy saw), not the connection's; and a
   * shutdown leaves the proxy's idle connections open until it closes them (http/server.ts `drain`).
   */
  trustProxy: boolean;
  /**
   * HSTS_MAX_AGE (seconds, default 0 = off): sends `Strict-Transport-Security: max-age=…`; set it only
   * when the server is reached through HTTPS alone (browsers then refuse plain HTTP to this host).
   */
  hstsMaxAgeSeconds: number;
  /**
   * FORECAST_SNAPSHOTS (default true, false when NODE_ENV=test): the server process takes the weekly
   * forecast snapshot by itself (forecast/scheduler.ts); one per week per deployment whatever the
   * number of processes. Off, snapshots are taken only by takeForecastSnapshot.
   */
  forecastSnapshots: boolean;
  /**
   * WORKING_CALENDAR (default RU): the code of the working-day calendar (table calendar_day) that paces
   * attainment and goals; WORKING_CALENDAR_RELOAD_MINUTES (default 10, 0 = never): how often each
   * process reloads it, so that a change made through another process reaches this one.
   */
  workingCalendar: { code: string; reloadMinutes: number };
  /**
   * IMPORT_JOBS (default true): this process runs queued import jobs (exchange/jobs/runner.ts); several
   * processes share the queue. Off, jobs wait for a process that runs them.
   */
  importJobs: boolean;
  /** IMPORT_MAX_BYTES (default 1 GiB): the largest file POST /import accepts; larger ones are refused 413 before any byte is stored. */
  importMaxBytes: number;
  /**
   * WEBHOOK_DELIVERY (default true, false when NODE_ENV=test): this process sends queued webhook
   * deliveries (events/webhooks/worker.ts); several processes share the queue. Off, deliveries wait.
   */
  webhookDelivery: boolean;
  webhooks: WebhookConfig;
  reminders: ReminderConfig;
  /** How long the partitioned history is kept (db/partitions.ts, docs/scaling.md#retention). */
  retention: RetentionConfig;
}

/** Whole months of history kept before the current one; 0 keeps everything. */
export interface RetentionConfig {
  /** EVENT_RETENTION_MONTHS (default 0): domain events, and the webhook deliveries of those dropped. */
  eventMonths: number;
  /** AUDIT_RETENTION_MONTHS (default 0): audit entries. */
  auditMonths: number;
}

/** How webhook deliveries are sent and retried (docs/webhooks.md). */
export interface WebhookConfig {
  /** WEBHOOK_MAX_ATTEMPTS (default 8): attempts before a delivery is dead-lettered (DEAD). */
  maxAttempts: number;
  /** WEBHOOK_TIMEOUT_MS (default 10000): how long an attempt waits for the endpoint's answer. */
  timeoutMs: number;
  /** WEBHOOK_BACKOFF_BASE_MS (default 10000): the wait after the first failure, doubled after each next one (±20 %). */
  backoffBaseMs: number;
  /** WEBHOOK_BACKOFF_MAX_MS (default 3600000, an hour): the longest wait between two attempts. */
  backoffMaxMs: number;
  /** WEBHOOK_POLL_MS (default 1000): how often the worker looks for due deliveries. */
  pollMs: number;
}

/** Reminders sent as events (events/reminders, docs/reminders.md). */
export interface ReminderConfig {
  /**
   * REMINDERS (default true, false when NODE_ENV=test): this process takes part in sending reminders;
   * each reminder is sent once per deployment whatever the number of processes.
   */
  enabled: boolean;
  /** REMINDER_TICK_SECONDS (default 60): how often the process looks for reminders to send (and once at start). */
  tickSeconds: number;
  /** REMINDER_LEAD_MINUTES (default 60): FOLLOW_UP_DUE goes out this long before the follow-up's due date begins. */
  leadMinutes: number;
  /**
   * REMINDER_CATCH_UP_DAYS (default 7): how far back a reminder missed (the servers were down, or
   * reminders were just turned on) is still sent; older ones are not.
   */
  catchUpDays: number;
}

/**
 * Request budgets of /graphql, /auth/embed-tokens and /export/ (http/rate-limit.ts), counted together per
 * window; 0 turns a budget off. Beyond one, the request is answered 429 RATE_LIMITED with Retry-After.
 */
export interface RateLimits {
  /** RATE_LIMIT_WINDOW_SECONDS (default 60): the window the budgets below are counted over. */
  windowSeconds: number;
  /**
   * RATE_LIMIT_PER_IP (default 3000): requests per window from one client address, authenticated or
   * not. Generous, because a whole office may reach the server through one address.
   */
  perIp: number;
  /** RATE_LIMIT_PER_SUBJECT (default 600): requests per window of one authenticated caller (token subject). */
  perSubject: number;
  /**
   * REDIS_URL (default none): count in Redis, so that instances behind one load balancer share the
   * budgets; without it each process counts in its own memory.
   */
  redisUrl?: string;
}

/** Verification of the identity provider's JWTs (`Authorization: Bearer …`). */
export interface AuthConfig {
  /** HS256 shared secret. */
  secret?: string;
  /** JWKS URL of the identity provider (RS256 / ES256 keys). */
  jwksUrl?: string;
  /** PEM public key (SPKI) of the identity provider. */
  publicKey?: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  roleClaim: string;
  memberClaim: string;
  clockToleranceSeconds: number;
  /**
   * AUTH_MAX_TOKEN_LIFETIME_SECONDS (default 43200, 12 h): the longest `exp - iat` an identity token may
   * have; longer-lived tokens, tokens without `iat` and tokens issued in the future are refused.
   */
  maxTokenLifetimeSeconds: number;
}

/** Embed tokens: short-lived, read-only tokens this server signs for widgets. */
export interface EmbedConfig {
  /** HS256 key; random per process when not configured (tokens then die with the process). */
  secret?: string;
  /** Lifetime of an embed token, and the longest a caller may ask for. */
  ttlSeconds: number;
  /** Key an intranet backend sends as `X-Service-Key` to mint embed tokens without a user token. */
  serviceKey?: string;
}

/** Limits every GraphQL request must stay within; refused before any resolver runs. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxPageSize: number;
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

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function secretOf(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  if (Buffer.byteLength(value) < 32) throw new ConfigError(`${name} must be at least 32 bytes long`);
  return value;
}

function loadAuth(env: NodeJS.ProcessEnv): AuthConfig | undefined {
  const secret = secretOf(env, 'AUTH_JWT_SECRET');
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  const publicKey = env.AUTH_PUBLIC_KEY ? env.AUTH_PUBLIC_KEY.replace(/\\n/g, '\n') : undefined;
  const sources = [secret, jwksUrl, publicKey].filter(Boolean).length;
  if (sources === 0) {
    if (env.AUTH_ISSUER || env.AUTH_AUDIENCE)
      throw new ConfigError('AUTH_ISSUER/AUTH_AUDIENCE need AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_PUBLIC_KEY');
    return undefined;
  }
  if (sources > 1) throw new ConfigError('set only one of AUTH_JWT_SECRET, AUTH_JWKS_URL and AUTH_PUBLIC_KEY');
  if (jwksUrl) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw new ConfigError(`AUTH_JWKS_URL is not a URL: "${jwksUrl}"`);
    }
    if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
      throw new ConfigError('AUTH_JWKS_URL must use https (plain http only on the loopback interface)');
    }
  }
  if (publicKey && !publicKey.includes('-----BEGIN PUBLIC KEY-----'))
    throw new ConfigError('AUTH_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  const issuer = env.AUTH_ISSUER;
  const audience = env.AUTH_AUDIENCE;
  if (!issuer || !audience) throw new ConfigError('AUTH_ISSUER and AUTH_AUDIENCE are required when authentication is configured');
  const algorithms = list(env, 'AUTH_ALGORITHMS');
  const chosen = algorithms.length ? algorithms : secret ? ['HS256'] : ['RS256', 'ES256'];
  for (const alg of chosen) {
    if (!ALGORITHMS.includes(alg)) throw new ConfigError(`AUTH_ALGORITHMS: unknown or refused algorithm "${alg}"`);
    if (secret && !alg.startsWith('HS')) throw new ConfigError(`AUTH_ALGORITHMS: ${alg} needs a public key, not AUTH_JWT_SECRET`);
    if (!secret && alg.startsWith('HS')) throw new ConfigError(`AUTH_ALGORITHMS: ${alg} needs AUTH_JWT_SECRET, not a public key`);
  }
  return {
    secret,
    jwksUrl,
    publicKey,
    issuer,
    audience,
    algorithms: chosen,
    roleClaim: env.AUTH_ROLE_CLAIM || 'role',
    memberClaim: env.AUTH_MEMBER_CLAIM || 'member_id',
    clockToleranceSeconds: int(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 5),
    maxTokenLifetimeSeconds: int(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', 43_200, 60),
  };
}

function loadCorsOrigins(env: NodeJS.ProcessEnv): string[] {
  return list(env, 'CORS_ORIGINS').map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin such as https://intranet.example.ru`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" must be scheme://host[:port], without a path`);
    }
    return url.origin;
  });
}

function loadReplicas(env: NodeJS.ProcessEnv): ReplicaConfig {
  const urls = list(env, 'DATABASE_REPLICA_URLS');
  const problem = replicaUrlsProblem(urls, env.DATABASE_URL || undefined);
  if (problem) throw new ConfigError(problem);
  return {
    urls,
    checkIntervalMs: int(env, 'DATABASE_REPLICA_CHECK_MS', 2_000, 100),
    maxLagMs: int(env, 'DATABASE_REPLICA_MAX_LAG_MS', 10_000),
    maxLagBytes: int(env, 'DATABASE_REPLICA_MAX_LAG_BYTES', 16 * 1024 * 1024),
    readYourWritesMs: int(env, 'DATABASE_REPLICA_READ_YOUR_WRITES_MS', 30_000),
  };
}

function calendarCode(env: NodeJS.ProcessEnv): string {
  const code = env.WORKING_CALENDAR || 'RU';
  if (!/^[A-Z][A-Z0-9_-]{0,9}$/.test(code))
    throw new ConfigError(`WORKING_CALENDAR must be a code such as RU (capital letters, at most 10), got "${code}"`);
  return code;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const dataDir = env.DATA_DIR || path.join(repoRoot, '.data', 'pglite');
  const host = env.HOST || '127.0.0.1';
  const auth = loadAuth(env);
  if (!auth && nodeEnv === 'production') {
    throw new ConfigError(
      'NODE_ENV=production needs authentication: set AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_PUBLIC_KEY with AUTH_ISSUER and AUTH_AUDIENCE',
    );
  }
  if (!auth && !isLoopbackHost(host)) {
    throw new ConfigError(
      `demo mode (no AUTH_* configured) only listens on the loopback interface; HOST=${host} needs authentication configured`,
    );
  }
  const embedTtl = int(env, 'EMBED_TOKEN_TTL_SECONDS', 600, 30);
  if (embedTtl > 86_400) throw new ConfigError('EMBED_TOKEN_TTL_SECONDS must be at most 86400 (a day)');
  return {
    env: nodeEnv as Config['env'],
    host,
    port: int(env, 'PORT', 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    replicas: loadReplicas(env),
    dataDir: dataDir.startsWith('memory://') ? dataDir : path.resolve(dataDir),
    seedDemo: bool(env, 'SEED_DEMO', true),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_000_000, 1),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000),
    exposeSqlCount: bool(env, 'EXPOSE_SQL_COUNT', nodeEnv !== 'production'),
    auth,
    embed: { secret: secretOf(env, 'EMBED_TOKEN_SECRET'), ttlSeconds: embedTtl, serviceKey: secretOf(env, 'EMBED_SERVICE_KEY') },
    limits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 12, 1),
      maxCost: int(env, 'MAX_QUERY_COST', 5000, 1),
      maxAliases: int(env, 'MAX_QUERY_ALIASES', 15, 0),
      maxTokens: int(env, 'MAX_QUERY_TOKENS', 2000, 10),
      maxDirectives: int(env, 'MAX_QUERY_DIRECTIVES', 10, 0),
      maxPageSize: int(env, 'MAX_PAGE_SIZE', 100, 1),
    },
    corsOrigins: loadCorsOrigins(env),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    widgetsDir: path.resolve(env.WIDGETS_DIR || path.join(repoRoot, 'widgets', 'dist')),
    cursorSecret: secretOf(env, 'CURSOR_SECRET'),
    rateLimits: {
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1),
      perIp: int(env, 'RATE_LIMIT_PER_IP', 3000),
      perSubject: int(env, 'RATE_LIMIT_PER_SUBJECT', 600),
      redisUrl: env.REDIS_URL || undefined,
    },
    trustProxy: bool(env, 'TRUST_PROXY', false),
    hstsMaxAgeSeconds: int(env, 'HSTS_MAX_AGE', 0),
    forecastSnapshots: bool(env, 'FORECAST_SNAPSHOTS', nodeEnv !== 'test'),
    workingCalendar: { code: calendarCode(env), reloadMinutes: int(env, 'WORKING_CALENDAR_RELOAD_MINUTES', 10) },
    importJobs: bool(env, 'IMPORT_JOBS', true),
    importMaxBytes: int(env, 'IMPORT_MAX_BYTES', 1_073_741_824, 1),
    webhookDelivery: bool(env, 'WEBHOOK_DELIVERY', nodeEnv !== 'test'),
    webhooks: {
      maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 1),
      backoffBaseMs: int(env, 'WEBHOOK_BACKOFF_BASE_MS', 10_000),
      backoffMaxMs: int(env, 'WEBHOOK_BACKOFF_MAX_MS', 3_600_000),
      pollMs: int(env, 'WEBHOOK_POLL_MS', 1_000, 10),
    },
    reminders: {
      enabled: bool(env, 'REMINDERS', nodeEnv !== 'test'),
      tickSeconds: int(env, 'REMINDER_TICK_SECONDS', 60, 1),
      leadMinutes: int(env, 'REMINDER_LEAD_MINUTES', 60),
      catchUpDays: int(env, 'REMINDER_CATCH_UP_DAYS', 7, 1),
    },
    retention: {
      eventMonths: int(env, 'EVENT_RETENTION_MONTHS', 0),
      auditMonths: int(env, 'AUDIT_RETENTION_MONTHS', 0),
    },
  };
}
