/** Rules of the forecast call as they appear in `extensions.rule`; see ../rules.ts and docs/forecast.md. */
export const FORECAST_RULES = {
  'commit-above-best-case': 'A forecast call commits more than its best case (commit must be at most bestCase).',
  'call-fields':
    'A member submits commit and bestCase (no adjustment); a team submits adjustment (and optionally bestCaseAdjustment), not commit or bestCase.',
  'adjustment-note': 'A team call that adjusts the roll-up (adjustment or bestCaseAdjustment other than 0) needs a note saying why.',
  'snapshot-in-progress': 'Another process is taking the forecast snapshot of this week right now: try again in a moment.',
  'no-snapshot': 'No forecast snapshot was taken on or after `since`, so there is nothing to compare the deals with.',
} as const;
