/**
 * Rules of the plumbing — the GraphQL layer, the HTTP endpoints, the scalars and the checks every domain
 * shares (validate.ts, text.ts, ids.ts, money.ts, decimal.ts) — as they appear in `extensions.rule`.
 * A code lives in exactly one catalogue; a domain raising a shared rule uses it from here. The union of
 * every catalogue is `RuleCode` (../rules.ts); docs/errors.md is generated from them.
 */
export const SHARED_RULES = {
  required: 'A required value is missing or empty.',
  'max-length': 'A text is longer than the field allows.',
  range: 'A number lies outside the range the field allows (the message gives the range).',
  unique: 'The same item is listed twice in one list.',
  id: 'An id is not a positive whole number as the API issues them.',
  email: 'A text is not an e-mail address.',
  date: 'A text is not a calendar date YYYY-MM-DD.',
  'date-range': 'A date or an instant lies outside the years 1900 to 2200.',
  decimal: 'A text is not a decimal number.',
  decimals: 'A decimal number has more decimals than the field allows.',
  'two-decimals': 'An amount of money has more than two decimals.',
  'non-negative': 'A number or an amount is negative.',
  Decimal: 'A value given for a Decimal is not a decimal string such as "1250000.50" (refused by the scalar, before any resolver runs).',
  Date: 'A value given for a Date is not a calendar date YYYY-MM-DD (refused by the scalar, before any resolver runs).',
  DateTime:
    'A value given for a DateTime is not an ISO 8601 timestamp such as 2026-01-31T09:30:00Z (refused by the scalar, before any resolver runs).',
  archived: 'A record named by the input is archived: it cannot be used (BAD_USER_INPUT) or changed (CONFLICT).',
  'stale-version':
    'The record is no longer at the version the caller read (expectedVersion), or changed at the same time: read it again and retry.',
  'not-in-future': 'A date or time lies in the future where only today or the past makes sense.',
  'after-start': 'A date lies before the start date it must follow.',
  period: 'A date range ends before it starts (`to` before `from`).',
  code: 'A code holds characters its kind does not allow, or does not start with a letter.',
  'unique-code': 'Another record of the same kind already has this code.',
  'page-size': '`first` is negative or above the page-size limit (MAX_PAGE_SIZE).',
  cursor: '`after` is not a cursor this server issued for this list.',
  'nul-character': 'A text holds a NUL character (\\u0000), which cannot be stored.',
  'lone-surrogate': 'A text holds a lone UTF-16 surrogate, which has no UTF-8 form.',
  'rate-limit': 'The caller, or its address, spent its request budget: try again after Retry-After seconds.',
} as const;
