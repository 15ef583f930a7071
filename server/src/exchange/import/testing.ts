import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessRole } from '../../access/viewer.js';
import { FileFormat } from '../formats/types.js';
import type { RecordKind } from '../kinds.js';
import type { Mapping } from '../mappings/types.js';
import { runImport } from './engine.js';
import { ImportMode, type ImportFile, type ImportOptions, type ImportOutcome } from './types.js';

/** A file of an import from text or bytes in memory, handed over in small chunks as a stream would. */
export function memoryFile(kind: RecordKind, name: string, content: string | Buffer, mapping?: Mapping): ImportFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const format = name.endsWith('.ndjson') ? FileFormat.NDJSON : name.endsWith('.json') ? FileFormat.JSON : FileFormat.CSV;
  return {
    kind,
    format,
    name,
    mapping,
    async *open() {
      for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
    },
  };
}

export const ADMIN_ACTOR = { role: AccessRole.ADMIN, memberId: null, subject: 'test:import' };

/** Runs an import as an admin, all or nothing unless told, at a fixed "now". */
export function importFiles(em: EntityManager, files: ImportFile[], options: Partial<ImportOptions> = {}): Promise<ImportOutcome> {
  return runImport(em, files, {
    source: 'test',
    dryRun: false,
    mode: ImportMode.ALL_OR_NOTHING,
    actor: ADMIN_ACTOR,
    now: new Date('2026-11-30T12:00:00Z'),
    ...options,
  });
}
