/** Rules of periods, quotas, allocations and goals as they appear in `extensions.rule`; see ../rules.ts. */
export const GOALS_RULES = {
  'exceeds-total': 'The pinned amounts of an allocation add up to more than its total.',
  'expected-version': 'The quota already exists: pass expectedVersion to change it.',
  'member-of-team': 'A member named in an allocation is not in the team, or not among the members sharing its quota.',
  'must-sum-to-total': 'Every member of an allocation is pinned, so the pins must add up to the total.',
  'no-members': 'An allocation has nobody to allocate to.',
  'no-overlap': 'A period overlaps another period of the same kind.',
  'no-score': 'Every member who is not pinned scores zero with these weights, so nobody can take the rest.',
  'not-all-zero': 'At least one allocation weight must be greater than zero.',
  'one-owner': 'Exactly one owner is given: a member or a team.',
  'one-range': 'A period filter takes either periodId or from/to, not both.',
  'period-length': 'A period lasts as many days as its kind allows (a month 28 to 31, and so on).',
  'ramp-default-changed': 'Another ramp profile was made the organisation default at the same time; read the profiles and try again.',
  'ramp-ends-at-full': 'The last step of a ramp profile is not 100: every ramp ends with a full quota.',
  'ramp-no-full-member':
    'Members of an allocation are still ramping and nobody fully ramped (with a score above zero) shares the rest, so nobody can carry the quota they do not.',
  'ramp-step-count': 'A ramp profile has 1 to 36 monthly steps.',
  'ramp-step-range': 'A step of a ramp profile is a percentage above 0 and at most 100.',
  'qualitative-no-metric': 'A qualitative goal has no metric or target.',
  'whole-number': 'A target of a count metric (everything but REVENUE and WIN_RATE) is not a whole number.',
  'smart-specific':
    'A goal is not specific: it needs exactly one owner and a statement of what will be achieved, neither vague nor too long.',
  'smart-measurable':
    'A goal is not measurable: a quantitative goal needs a metric and a target above zero, a qualitative one acceptance criteria.',
  'smart-achievable':
    "A goal's target is far above the owner's best past period (Goal.smart reports it; no mutation refuses a goal for it).",
  'smart-relevant': 'A goal is not relevant: it serves none of the organisation objectives.',
  'smart-time-bound': 'A goal is not time-bound: it needs a period.',
} as const;
