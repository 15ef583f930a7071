/** Rules of the audit log as they appear in `extensions.rule`; see ../rules.ts. */
export const AUDIT_RULES = {
  'needs-entity': 'A filter by entityId needs entity too.',
} as const;
