import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RecordScope } from '../../access/policy.js';
import { KIND_SPECS, type RecordKind } from '../kinds.js';
import { type Fragment, scopeCondition } from './scope.js';
import { pageStatement, selectionOf } from './select.js';

/** One stage change of a deal's history, as exported. */
export interface StageStep {
  stage: string;
  changedAt: string;
}

/** One line of a deal's credit split, as exported. */
export interface CreditShare {
  member: string;
  percent: string;
  overlay: boolean;
}

/** A field's value as exported: text in its canonical shape, a boolean, empty (null), a deal's stage history or credit split. */
export type ExportValue = string | boolean | null | StageStep[] | CreditShare[];

/** One exported record: the kind's fields (exchange/kinds.ts) in spec order. */
export type ExportRecord = Record<string, ExportValue>;

export interface ExportOptions {
  kind: RecordKind;
  /** What the caller may read (AccessPolicy#recordScope). */
  scope: RecordScope;
  /** External system whose ids name the records and their references (external_ref). */
  source: string;
  /** Only records whose changed column (KindSpec.changedColumn) is later than this instant. */
  updatedSince: Date | null;
  /** Rows per page statement; 1000 unless a test pages finer. */
  pageSize?: number;
  /** Called with the cursor once it is known, before the first page is read (an HTTP answer sends it as a header). */
  onCursor?: (cursor: string) => Promise<void> | void;
}

export interface ExportResult {
  rows: number;
  /** The instant to pass as `updatedSince` next time (ISO 8601). */
  cursor: string;
}

const PAGE_SIZE = 1000;

type PageRow = Record<string, ExportValue> & { _id: number; _key: string };

/**
 * Exports the records of one kind the caller may read, oldest change first, handing each to `write`
 * (awaited: a slow reader slows the export down, memory stays at one page).
 *
 * Pages follow the keyset (changedColumn, id), one statement each, so a full export costs rows / pageSize
 * + a few statements. All pages read one snapshot: a REPEATABLE READ, READ ONLY transaction whose first
 * statement reads `statement_timestamp()`, the cursor for the next incremental export — every record
 * committed before the snapshot is in this export, every later change is after the cursor.
 *
 * Caveat: a changed column is stamped when its transaction writes, not when it commits. A transaction
 * that stamped a record before the export started and commits after it is not in the snapshot, and its
 * stamp is not after the cursor either: the next export misses it. Warehouses syncing a busy organisation
 * should pass a cursor a little earlier than the one returned (e.g. a minute) and de-duplicate by id.
 */
export async function exportRecords(
  em: EntityManager,
  options: ExportOptions,
  write: (record: ExportRecord) => Promise<void> | void,
): Promise<ExportResult> {
  const { kind, scope, source, updatedSince } = options;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const spec = KIND_SPECS[kind];
  const selection = selectionOf(kind, source);
  const conditions: Fragment[] = [];
  const scoped = scopeCondition(kind, scope);
  if (scoped) conditions.push(scoped);
  if (updatedSince) conditions.push({ sql: `t.${spec.changedColumn} > ?::timestamptz`, params: [updatedSince.toISOString()] });

  return em.transactional(
    async (tx) => {
      const connection = tx.getConnection();
      const context = tx.getTransactionContext();
      const [{ cursor }] = await connection.execute<{ cursor: string }[]>(
        `select to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as cursor`,
        [],
        'all',
        context,
      );
      await options.onCursor?.(cursor);
      let rows = 0;
      let after: { key: string; id: number } | null = null;
      for (;;) {
        const page = pageStatement(kind, selection, conditions, after, pageSize);
        const found = await connection.execute<PageRow[]>(page.sql, page.params, 'all', context);
        for (const row of found) {
          const record: ExportRecord = {};
          for (const field of spec.fields) record[field.name] = row[field.name];
          await write(record);
        }
        rows += found.length;
        if (found.length < pageSize) return { rows, cursor };
        const last = found[found.length - 1];
        after = { key: last._key, id: last._id };
      }
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}
