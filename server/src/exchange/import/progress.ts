import type { RecordKind } from '../kinds.js';
import { ImportPhase, type ImportProgress } from './types.js';

/** Reports progress at most every 200 ms, and at every phase change. */
export class Meter {
  private last = 0;
  readonly state: ImportProgress = { phase: ImportPhase.READING, kind: null, processedRows: 0, processedBytes: 0, totalBytes: null };
  constructor(private readonly report: (progress: ImportProgress) => void) {}

  phase(phase: ImportPhase, kind: RecordKind | null): void {
    Object.assign(this.state, { phase, kind });
    this.emit(true);
  }

  rows(count: number, bytes: number): void {
    this.state.processedRows += count;
    this.state.processedBytes = bytes;
    this.emit(false);
  }

  emit(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    this.report({ ...this.state });
  }
}
