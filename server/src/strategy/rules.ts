/** Rules of strategies, channels and the product catalogue as they appear in `extensions.rule`; see ../rules.ts. */
export const STRATEGY_RULES = {
  'known-segment': 'A proposition names a segment the strategy does not have.',
  'kpi-of-strategy': 'A KPI named is not an active KPI of the strategy.',
  'kpi-value-missing': 'A review gives a value for every active KPI of the strategy.',
  'strategy-not-active': 'Only an ACTIVE strategy is reviewed.',
} as const;
