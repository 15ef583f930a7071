/** Rules of metrics queries, saved views and exports as they appear in `extensions.rule`; see ../rules.ts. */
export const ANALYTICS_RULES = {
  distinct: 'A measure, dimension or filter value is listed twice.',
  enum: 'A value is not one of the names the field allows.',
  list: 'A value that must be a list is not one.',
  'max-dimensions': 'A query has more dimensions than allowed.',
  'max-measures': 'A query has more measures than allowed.',
  'max-values': 'A filter lists more values than allowed.',
  'measure-dimension': 'A measure cannot be broken down by this dimension: its records do not have it.',
  'measure-filter': 'A measure cannot be filtered by this dimension: its records do not have it.',
  object: 'A value that must be an object is not one.',
  'one-key': 'A sort key names both or neither of measure and dimension.',
  'one-time-dimension': 'A query has more than one time dimension.',
  'sort-selected': 'A sort key is not among the requested measures and dimensions.',
  'team-needs-member': 'TEAM sharing needs an owner who is a member of a team.',
  text: 'A filter text is empty or longer than allowed.',
} as const;
