import { AuditEntry } from './audit-entry.entity.js';
import { AuditResolver } from './audit.resolver.js';

/** The audit log of mutations (docs/security.md). */
export const auditEntities = [AuditEntry];
export const auditResolvers = [AuditResolver] as const;
export { AuditSubscriber, audited, auditedMutationType, recordAuditChange } from './recorder.js';
