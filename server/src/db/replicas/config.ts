/** Read replicas (docs/replicas.md); `urls` empty means every statement goes to the primary. */
export interface ReplicaConfig {
  /** DATABASE_REPLICA_URLS: comma-separated PostgreSQL URLs of streaming replicas of DATABASE_URL. */
  urls: string[];
  /** DATABASE_REPLICA_CHECK_MS (default 2000): how often each replica's health and lag are checked. */
  checkIntervalMs: number;
  /** DATABASE_REPLICA_MAX_LAG_MS (default 10000): a replica replaying older changes than this leaves the rotation. */
  maxLagMs: number;
  /** DATABASE_REPLICA_MAX_LAG_BYTES (default 16 MiB): a replica this far behind the primary's WAL leaves the rotation. */
  maxLagBytes: number;
  /**
   * DATABASE_REPLICA_READ_YOUR_WRITES_MS (default 30000): how long after a caller's mutation their reads
   * go only to a replica that has replayed it (else to the primary).
   */
  readYourWritesMs: number;
}

/** What is wrong with DATABASE_REPLICA_URLS, or undefined. */
export function replicaUrlsProblem(urls: string[], primaryUrl: string | undefined): string | undefined {
  if (urls.length === 0) return undefined;
  if (!primaryUrl) return 'DATABASE_REPLICA_URLS needs DATABASE_URL (the embedded database has no replicas)';
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `DATABASE_REPLICA_URLS: "${replicaName(url)}" is not a URL`;
    }
    if (!['postgres:', 'postgresql:'].includes(parsed.protocol))
      return `DATABASE_REPLICA_URLS: "${replicaName(url)}" must be a postgres:// URL`;
  }
  if (new Set(urls).size !== urls.length) return 'DATABASE_REPLICA_URLS names a replica twice';
  if (urls.includes(primaryUrl)) return 'DATABASE_REPLICA_URLS names DATABASE_URL itself';
  return undefined;
}

/** How a replica is named in /readyz and the log: host, port and database, never the password. */
export function replicaName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
