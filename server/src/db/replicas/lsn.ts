/** A WAL position (`16/B374D848`, as pg_current_wal_lsn() prints it) as a number of bytes. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: "${text}"`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/** Where the primary's WAL was at a moment: the replicas' lag in time is measured against these. */
export interface WalSample {
  at: number;
  lsn: bigint;
}

/**
 * How long ago the primary was at the first WAL position the replica has not replayed yet (0 when it
 * has replayed every sample). Measured from the primary's own positions rather than from
 * pg_last_xact_replay_timestamp(), which grows on an idle but up-to-date replica.
 */
export function lagMs(samples: readonly WalSample[], replayed: bigint, now: number): number {
  const behind = samples.find((sample) => sample.lsn > replayed);
  return behind ? Math.max(0, now - behind.at) : 0;
}
