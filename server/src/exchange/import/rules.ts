/** Rules an import row breaks, as they appear in row errors and `extensions.rule`; part of ../rules.ts. */
export const IMPORT_RULES = {
  scalar: 'A field that takes one value was given a list or an object.',
  boolean: 'A field that takes true or false was given something else.',
  'unknown-reference': 'A reference names no record: no external id of this source, no natural key (e-mail, ИНН, unique name) matches.',
  'ambiguous-reference': 'A reference by name matches more than one record: give the external id or the e-mail instead.',
  'rejected-reference': 'A reference names a row of the same import that was rejected.',
  'unknown-code': 'A stage, channel or product code is not in the organisation catalogue.',
  'duplicate-row': 'Two rows of one import carry the same external id (or natural key) of the same kind.',
  'team-cycle': "Teams' parents form a cycle: a team would be its own ancestor.",
  'close-before-created': "A deal's close date lies before the day it was created.",
  'closed-stage': 'A deal in a won or lost stage has no close date, or an open deal has one.',
  'stage-history':
    "A deal's stage history is malformed, goes back in time, starts before the deal was created or does not end at its stage.",
  'goal-shape': 'A quantitative goal lacks its metric or target, or a qualitative goal its acceptance criteria.',
  'import-limit': 'An import holds more files or rows than one job takes.',
} as const;
