import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditChangeKind } from '../../audit/audit-entry.entity.js';
import { recordJobEntry } from '../../audit/recorder.js';
import type { OutcomeTally } from './outcome.js';
import type { ImportFile, ImportOptions } from './types.js';

/** One audit entry for a job that changed records: what it was asked and how many of each kind it wrote. */
export async function auditJob(em: EntityManager, options: ImportOptions, files: ImportFile[], tally: OutcomeTally): Promise<void> {
  const outcome = tally.result(true);
  const changes = outcome.counts.filter((c) => c.created + c.updated > 0);
  if (changes.length === 0) return;
  await recordJobEntry(em, {
    requestId: options.requestId ?? randomUUID(),
    viewer: options.actor,
    operation: 'import',
    arguments: { source: options.source, mode: options.mode, files: files.map((f) => ({ kind: f.kind, format: f.format, name: f.name })) },
    changes: changes.map((c) => ({
      entity: c.kind,
      entityId: '*',
      kind: c.created > 0 ? AuditChangeKind.CREATE : AuditChangeKind.UPDATE,
      before: null,
      after: { created: c.created, updated: c.updated, unchanged: c.unchanged, rejected: c.rejected },
    })),
  });
}
