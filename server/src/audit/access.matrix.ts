import { ADMIN_ONLY, type MatrixRow } from '../testing/access-matrix.js';

/** Authorization matrix rows of the audit log. */
export const rows: MatrixRow[] = [
  { operation: 'auditLog', target: 'none', document: `{ auditLog(first: 5) { nodes { id operation } } }`, allowed: ADMIN_ONLY },
];
