import type { EntityManager } from '@mikro-orm/postgresql';
import { RecordKind } from '../kinds.js';
import { textList, query } from './sql.js';
import type { FieldProblem } from './values.js';

/**
 * How a record of each kind is found by a natural key when a file names it without an external id of its
 * source: members by e-mail or a unique full name, customers by ИНН or a unique name, teams and
 * territories by a unique name. Other kinds are named by external id only.
 */
const NATURAL_LOOKUPS: Partial<Record<RecordKind, string[]>> = {
  [RecordKind.MEMBERS]: [
    `select lower(email) as key, min(id) as id, count(*)::int as n from member where lower(email) = any(?::text[]) group by 1`,
    `select full_name as key, min(id) as id, count(*)::int as n from member where full_name = any(?::text[]) group by 1`,
  ],
  [RecordKind.CUSTOMERS]: [
    `select tax_id as key, min(id) as id, count(*)::int as n from customer where tax_id = any(?::text[]) group by 1`,
    `select name as key, min(id) as id, count(*)::int as n from customer where name = any(?::text[]) group by 1`,
  ],
  [RecordKind.TEAMS]: [`select name as key, min(id) as id, count(*)::int as n from team where name = any(?::text[]) group by 1`],
  [RecordKind.TERRITORIES]: [`select name as key, min(id) as id, count(*)::int as n from territory where name = any(?::text[]) group by 1`],
};

/** Keys kept per kind: past it the cache starts over (lookups go back to the database), so memory stays bounded. */
const CACHE_LIMIT = 100_000;

/** How a natural key is written before lookup (e-mails compare case-insensitively). */
function normalKey(kind: RecordKind, key: string): string {
  return kind === RecordKind.MEMBERS && key.includes('@') ? key.toLowerCase() : key;
}

/**
 * The records an import names, by kind and key (external id in the job's source, or natural key),
 * resolved in one or two statements a batch and kept for the rest of the job: records the job itself
 * creates are remembered as it goes, rows it rejected too, so a reference to one says so.
 */
export class References {
  private readonly found = new Map<RecordKind, Map<string, number>>();
  private readonly ambiguous = new Map<RecordKind, Set<string>>();
  private readonly rejected = new Map<RecordKind, Map<string, string>>();
  private readonly missing = new Map<RecordKind, Set<string>>();

  constructor(
    private readonly em: EntityManager,
    readonly source: string,
  ) {}

  private of<T extends { size: number; clear(): void }>(map: Map<RecordKind, T>, kind: RecordKind, make: () => T): T {
    let value = map.get(kind);
    if (!value) map.set(kind, (value = make()));
    else if (value.size > CACHE_LIMIT) value.clear();
    return value;
  }

  /** Records that `key` names record `id` (a row just written). */
  remember(kind: RecordKind, key: string, id: number): void {
    this.of(this.found, kind, () => new Map()).set(normalKey(kind, key), id);
    this.missing.get(kind)?.delete(normalKey(kind, key));
  }

  /** Records that `key` names a row this job rejected (`where`: "deals.csv row 12"). */
  rememberRejected(kind: RecordKind, key: string, where: string): void {
    this.of(this.rejected, kind, () => new Map()).set(normalKey(kind, key), where);
  }

  idOf(kind: RecordKind, key: string): number | undefined {
    return this.found.get(kind)?.get(normalKey(kind, key));
  }

  /** Looks up the keys not seen yet: external ids first, then natural keys, one statement each. */
  async resolve(kind: RecordKind, keys: Iterable<string>): Promise<void> {
    const found = this.of(this.found, kind, () => new Map());
    const missing = this.of(this.missing, kind, () => new Set());
    const wanted = [...new Set([...keys].map((key) => normalKey(kind, key)))].filter((key) => !found.has(key) && !missing.has(key));
    if (wanted.length === 0) return;
    const refs = await query<{ external_id: string; record_id: number | null }>(
      this.em,
      // One primary-key lookup a key, whatever the statistics say (a large import makes them stale).
      `select k.key as external_id, (select x.record_id from external_ref x where x.source = ? and x.kind = ? and x.external_id = k.key) as record_id
         from unnest(?::text[]) as k(key)`,
      [this.source, kind, textList(wanted)],
    );
    for (const ref of refs) if (ref.record_id !== null) found.set(ref.external_id, Number(ref.record_id));
    let rest = wanted.filter((key) => !found.has(key));
    for (const lookup of NATURAL_LOOKUPS[kind] ?? []) {
      if (rest.length === 0) break;
      const rows = await query<{ key: string; id: number; n: number }>(this.em, lookup, [textList(rest)]);
      for (const row of rows) {
        if (row.n > 1) this.of(this.ambiguous, kind, () => new Set()).add(row.key);
        else found.set(row.key, Number(row.id));
      }
      rest = rest.filter((key) => !found.has(key) && !this.ambiguous.get(kind)?.has(key));
    }
    for (const key of rest) missing.add(key);
  }

  /** Why `key` names no record of `kind`, for the row error of `column`. */
  problem(kind: RecordKind, column: string, key: string): FieldProblem {
    const normal = normalKey(kind, key);
    const where = this.rejected.get(kind)?.get(normal);
    if (where) return { column, rule: 'rejected-reference', message: `"${key}" is ${where}, which was rejected` };
    if (this.ambiguous.get(kind)?.has(normal)) {
      return { column, rule: 'ambiguous-reference', message: `"${key}" names several ${kind}: give the external id instead` };
    }
    return { column, rule: 'unknown-reference', message: `no ${kind} "${key}" in source ${this.source} or by name` };
  }
}
