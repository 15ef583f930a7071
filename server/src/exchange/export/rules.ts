/** Rules of export; part of ../rules.ts. */
export const EXPORT_RULES = {
  'export-kind': 'An export path names no record kind (territories, teams, members, customers, contacts, leads, deals, …).',
  'export-format': 'An export path ends in neither .csv nor .ndjson.',
  'export-updated-since': '`updatedSince` is not an ISO 8601 instant with a zone, such as 2026-01-31T09:30:00.000Z.',
  'export-source':
    '`source` (the system whose external ids name the records) is missing, longer than 60 characters, or holds a control character.',
} as const;
