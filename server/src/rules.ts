import { ACCESS_RULES } from './access/rules.js';
import { ANALYTICS_RULES } from './analytics/rules.js';
import { AUDIT_RULES } from './audit/rules.js';
import { CALENDAR_RULES } from './calendar/rules.js';
import { CUSTOMERS_RULES } from './customers/rules.js';
import { FORECAST_RULES } from './forecast/rules.js';
import { GOALS_RULES } from './goals/rules.js';
import { MOTIVATION_RULES } from './motivation/rules.js';
import { ORG_RULES } from './org/rules.js';
import { EXCHANGE_RULES } from './exchange/rules.js';
import { LIVE_RULES } from './events/live/rules.js';
import { PIPELINE_RULES } from './pipeline/rules.js';
import { SHARED_RULES } from './shared/rules.js';
import { STRATEGY_RULES } from './strategy/rules.js';
import { WEBHOOK_RULES } from './events/webhooks/rules.js';

/**
 * Every rule an error names in `extensions.rule`, one catalogue per domain (`<domain>/rules.ts`: code →
 * what it means) plus the shared one of the plumbing, in the order docs/errors.md lists them. A code
 * lives in one catalogue only. errors.ts types `rule` as `RuleCode`, so a rule that is not catalogued
 * does not compile; `node dist/scripts/errors-doc.js` writes docs/errors.md from here.
 */
export const RULE_CATALOGUES = {
  shared: SHARED_RULES,
  org: ORG_RULES,
  goals: GOALS_RULES,
  pipeline: PIPELINE_RULES,
  customers: CUSTOMERS_RULES,
  strategy: STRATEGY_RULES,
  motivation: MOTIVATION_RULES,
  calendar: CALENDAR_RULES,
  forecast: FORECAST_RULES,
  analytics: ANALYTICS_RULES,
  access: ACCESS_RULES,
  audit: AUDIT_RULES,
  exchange: EXCHANGE_RULES,
  'events/live': LIVE_RULES,
  'events/webhooks': WEBHOOK_RULES,
} as const;

export type RuleDomain = keyof typeof RULE_CATALOGUES;

/** The rule codes of one domain's catalogue. */
export type RuleOf<D extends RuleDomain> = keyof (typeof RULE_CATALOGUES)[D] & string;

/** Every rule code of every catalogue. */
export type RuleCode = { [D in RuleDomain]: RuleOf<D> }[RuleDomain];
