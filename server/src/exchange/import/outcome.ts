import type { RecordKind } from '../kinds.js';
import type { ImportOutcome, KindCounts, RejectedRow, RowError } from './types.js';

/** Errors kept in the outcome (and the job record); `errorCount` counts every one. */
export const ERROR_LIMIT = 1000;
/** Rejected rows kept for the rejected-rows file. */
export const REJECTED_ROW_LIMIT = 10_000;

/** Tallies a job as it runs: counts per kind, the first errors, the rejected rows. */
export class OutcomeTally {
  private readonly counts = new Map<RecordKind, KindCounts>();
  private readonly errors: RowError[] = [];
  private readonly rejected = new Map<string, RejectedRow>();
  private readonly fileOrder = new Map<string, number>();
  errorCount = 0;

  of(kind: RecordKind): KindCounts {
    let counts = this.counts.get(kind);
    if (!counts) this.counts.set(kind, (counts = { kind, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 }));
    return counts;
  }

  /** A row that breaks rules: counted once, each of its problems listed. */
  reject(kind: RecordKind, file: string, row: number, values: Record<string, unknown>, errors: Omit<RowError, 'file' | 'row'>[]): void {
    const key = `${file}\u0000${row}`;
    const known = this.rejected.get(key);
    if (!known) this.of(kind).rejected += 1;
    if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
    const full = errors.map((error) => ({ file, row, ...error }));
    this.errorCount += full.length;
    for (const error of full) if (this.errors.length < ERROR_LIMIT) this.errors.push(error);
    if (known) known.errors.push(...full);
    else if (this.rejected.size < REJECTED_ROW_LIMIT) this.rejected.set(key, { file, row, values, errors: full });
  }

  /** A problem found after its row was written (a team's manager never came): an error, the row stays written. */
  flag(file: string, row: number, error: Omit<RowError, 'file' | 'row'>): void {
    if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
    this.errorCount += 1;
    if (this.errors.length < ERROR_LIMIT) this.errors.push({ file, row, ...error });
  }

  result(applied: boolean): ImportOutcome {
    return {
      applied,
      counts: [...this.counts.values()],
      // Files in the order they were read, rows in file order (teams are written parents first).
      errors: [...this.errors].sort((a, b) => (this.fileOrder.get(a.file) ?? 0) - (this.fileOrder.get(b.file) ?? 0) || a.row - b.row),
      errorCount: this.errorCount,
      rejectedRows: [...this.rejected.values()],
    };
  }
}
