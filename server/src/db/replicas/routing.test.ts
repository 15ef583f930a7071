import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { replicaName } from './config.js';
import { lagMs, parseLsn } from './lsn.js';
import { operationKind } from './operation-kind.js';

describe('WAL positions', () => {
  it('reads pg_lsn text as bytes', () => {
    expect(parseLsn('0/3000000')).toBe(0x3000000n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(() => parseLsn('nonsense')).toThrow('not a WAL position');
  });

  it('measures lag from the first primary position the replica has not replayed', () => {
    const samples = [
      { at: 1_000, lsn: 100n },
      { at: 3_000, lsn: 200n },
      { at: 5_000, lsn: 300n },
    ];
    expect(lagMs(samples, 300n, 6_000)).toBe(0);
    expect(lagMs(samples, 250n, 6_000)).toBe(1_000);
    expect(lagMs(samples, 150n, 6_000)).toBe(3_000);
  });
});

describe('operation kind of a request', () => {
  it('tells queries from mutations, by operation name when the document has several', () => {
    expect(operationKind({ query: '{ teams { totalCount } }' }, '', 100)).toBe('query');
    expect(operationKind({ query: 'mutation M { a }' }, '', 100)).toBe('mutation');
    const both = 'query Q { a } mutation M { b }';
    expect(operationKind({ query: both, operationName: 'M' }, '', 100)).toBe('mutation');
    expect(operationKind({ query: both, operationName: 'Q' }, '', 100)).toBe('query');
    expect(operationKind({ query: both }, '', 100)).toBeUndefined();
    expect(operationKind(undefined, `?query=${encodeURIComponent('query { a }')}`, 100)).toBe('query');
  });

  it('leaves what it cannot tell to the primary', () => {
    expect(operationKind({ query: 'query {' }, '', 100)).toBeUndefined();
    expect(operationKind({ extensions: { persistedQuery: { sha256Hash: 'x' } } }, '', 100)).toBeUndefined();
    expect(operationKind({ query: '{ a b c d e f }' }, '', 3)).toBeUndefined();
  });
});

describe('DATABASE_REPLICA_URLS', () => {
  const primary = 'postgres://app:secret@10.0.0.5:5432/sales';
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ NODE_ENV: 'test', ...env });

  it('is off unless set, and names replicas without their credentials', () => {
    expect(load({ DATABASE_URL: primary }).replicas.urls).toEqual([]);
    const replicas = load({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS: ' postgres://app:secret@10.0.0.7/sales , postgresql://10.0.0.8:6432/sales',
    }).replicas;
    expect(replicas.urls).toEqual(['postgres://app:secret@10.0.0.7/sales', 'postgresql://10.0.0.8:6432/sales']);
    expect(replicas.urls.map(replicaName)).toEqual(['10.0.0.7:5432/sales', '10.0.0.8:6432/sales']);
  });

  it('refuses replicas without a primary server, URLs that are not PostgreSQL, and repeats', () => {
    expect(() => load({ DATABASE_REPLICA_URLS: 'postgres://10.0.0.7/sales' })).toThrow('needs DATABASE_URL');
    expect(() => load({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'http://10.0.0.7/sales' })).toThrow('must be a postgres:// URL');
    expect(() => load({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: primary })).toThrow('names DATABASE_URL itself');
    expect(() => load({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'postgres://r/s,postgres://r/s' })).toThrow('twice');
    expect(() => load({ DATABASE_URL: primary, DATABASE_REPLICA_CHECK_MS: '10' })).toThrow('DATABASE_REPLICA_CHECK_MS');
  });
});
