import { KIND_SPECS, type RecordKind } from '../kinds.js';
import type { RowDraft } from './handler.js';

/**
 * Which records of each kind this job has written, and from which row: a later row naming the same
 * record (by external id or natural key) repeats it. Kept by record id in a typed array, so that a
 * million rows cost a few megabytes, not a map of their keys.
 */
export class WrittenRecords {
  private readonly rows = new Map<RecordKind, Int32Array>();

  private rowOf(kind: RecordKind, id: number): number {
    const rows = this.rows.get(kind);
    return rows && id < rows.length ? rows[id] : 0;
  }

  private set(kind: RecordKind, id: number, row: number): void {
    let rows = this.rows.get(kind) ?? new Int32Array(1024);
    if (id >= rows.length) {
      const grown = new Int32Array(Math.max(rows.length * 2, id + 1));
      grown.set(rows);
      rows = grown;
    }
    this.rows.set(kind, rows);
    rows[id] = row;
  }

  /** Adds a `duplicate-row` problem to each row naming a record an earlier row named (earlier batches, or this one by key). */
  markRepeats(kind: RecordKind, drafts: RowDraft[]): void {
    const inBatch = new Map<string, number>();
    for (const draft of drafts) {
      if (draft.key === null) continue;
      const key = kind === 'members' ? draft.key.toLowerCase() : draft.key;
      const first = (draft.id === null ? 0 : this.rowOf(kind, draft.id)) || inBatch.get(key);
      if (first) {
        const column = draft.externalId ? 'externalId' : (KIND_SPECS[kind].naturalKey ?? null);
        draft.problems.push({ column, rule: 'duplicate-row', message: `"${draft.key}" is also row ${first} of this import` });
      } else inBatch.set(key, draft.row);
    }
  }

  /** Remembers the rows that will be written (their ids are set). */
  record(kind: RecordKind, drafts: RowDraft[]): void {
    for (const draft of drafts) if (draft.id !== null && draft.problems.length === 0) this.set(kind, draft.id, draft.row);
  }
}
