import { ERROR_CODES, type ErrorCodeEntry } from './error-codes.js';
import { RULE_CATALOGUES, type RuleDomain } from './rules.js';

/**
 * docs/errors.md, generated from the catalogues: the error codes (error-codes.ts) with their HTTP
 * status, then the rules of every domain (`<domain>/rules.ts`). `node dist/scripts/errors-doc.js`
 * writes it; `--check` and errors-doc.test.ts fail when the committed file is stale.
 */

const GROUPS: Record<ErrorCodeEntry['group'], string> = {
  domain: 'Rule violations (raised by the services; `rule` names the rule)',
  limit: 'Query limits (checked before anything runs; `limit` and `actual` say by how much)',
  request: 'Refused requests (HTTP, parsing, validation)',
  server: 'Server',
};

const DOMAINS: Record<RuleDomain, string> = {
  shared: 'Shared: the GraphQL layer, the HTTP endpoints, the scalars and checks every domain uses',
  org: 'Organisation: teams, members, territories',
  goals: 'Goals: periods, quotas, allocations, goals',
  pipeline: 'Pipeline: sales stages, deals',
  customers: 'Customers: customers, contacts, leads, activities',
  strategy: 'Strategy: strategies, channels, the product catalogue',
  motivation: 'Motivation: feedback, recognition, development, expectations',
  calendar: 'Calendar: the working-day calendar that paces attainment and goals',
  forecast: 'Forecast: deal categories, forecast calls, weekly snapshots',
  analytics: 'Analytics: metrics queries, saved views, CSV export',
  access: 'Access: authentication, embed tokens, authorization',
  audit: 'Audit: the audit log',
  exchange: 'Import and export: files, mappings, import rows and jobs, record export',
  'events/live': 'Live events: subscriptions streamed at /graphql/stream',
  'events/webhooks': 'Webhooks: endpoints and their deliveries',
};

const cell = (text: string) => text.replaceAll('|', '\\|');

export function renderErrorsDoc(): string {
  const lines: string[] = [
    '# Errors',
    '',
    '<!-- Generated from server/src/error-codes.ts and server/src/<domain>/rules.ts by `cd server && pnpm build && node dist/scripts/errors-doc.js`; do not edit by hand. -->',
    '',
    'Every error comes back as `{ "errors": [{ "message", "extensions": { "code", "field", "rule", "requestId", … } }] }`:',
    "`code` says what kind of refusal it is, `field` names the input (`pins[0].amount`, `filter.to`; a mutation's",
    '`input.` goes without saying), `rule` the rule that was broken, and `requestId` the log line. `field` and `rule`',
    'are there when they apply; `code` and `rule` are stable, messages are for people and may change.',
    '',
    '## Codes',
    '',
    'The HTTP status is that of a request refused as a whole: before execution (parsing, validation, variables,',
    'query limits, authentication, rate limits) and on the endpoints outside GraphQL (`/auth/embed-tokens`,',
    '`/export/`). A refusal by a resolver is one entry of `errors` beside the data of the other fields, with',
    'status 200.',
  ];
  for (const [group, title] of Object.entries(GROUPS)) {
    lines.push('', `### ${title}`, '', '| Code | HTTP | Meaning |', '| --- | --- | --- |');
    for (const [code, entry] of Object.entries(ERROR_CODES) as [string, ErrorCodeEntry][]) {
      if (entry.group === group) lines.push(`| \`${code}\` | ${entry.status} | ${cell(entry.meaning)} |`);
    }
  }
  lines.push(
    '',
    '## Rules',
    '',
    'The rules an error names in `extensions.rule`, by domain. A code belongs to one domain only; the shared',
    'rules are used by several. `BAD_USER_INPUT`, `CONFLICT` and `UNAUTHENTICATED` carry one; `FORBIDDEN`',
    'always carries `access`, `RATE_LIMITED` `rate-limit`.',
  );
  for (const [domain, catalogue] of Object.entries(RULE_CATALOGUES) as [RuleDomain, Record<string, string>][]) {
    lines.push('', `### ${DOMAINS[domain]}`, '', `\`server/src/${domain}/rules.ts\``, '', '| Rule | Meaning |', '| --- | --- |');
    for (const rule of Object.keys(catalogue).sort()) lines.push(`| \`${rule}\` | ${cell(catalogue[rule])} |`);
  }
  return `${lines.join('\n')}\n`;
}
