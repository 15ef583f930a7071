/** Rules of the sales process and deals as they appear in `extensions.rule`; see ../rules.ts. */
export const PIPELINE_RULES = {
  'all-open-stages': 'A reordering lists every active open stage exactly once.',
  'channel-required': 'A deal needs channelId unless it is made from a lead (leadId), whose channel it then takes.',
  'credit-closed': "A lost deal's credit split is frozen; a won deal's split is changed only by an admin (others reopen the deal first).",
  'credit-overlay-owner': 'A deal is reassigned to a member who holds an overlay share of it: change the split first.',
  'credit-owner': "A credit split gives the deal's owner a regular (non-overlay) share.",
  'credit-percent': 'A credit share is more than 0 and at most 100 percent.',
  'credit-total': 'The regular (non-overlay) shares of a credit split sum to exactly 100.00 percent.',
  'deal-closed': 'A won or lost deal is not changed or moved until it is reopened.',
  'deal-open': 'Only a won or lost deal can be reopened.',
  'different-stage': 'A deal is moved to the stage it is already in.',
  'last-open-stage': 'The only open stage of the sales process cannot be archived.',
  'lead-converted': 'The lead already became a deal.',
  'no-open-stage': 'The sales process has no open stage to start a deal in.',
  'no-terminal-stage': 'The sales process has no active WON or LOST stage to close the deal with.',
  'not-before-creation': 'An expected or actual close date lies before the day the deal was created.',
  'one-terminal-stage': 'The sales process already has an active stage with this outcome.',
  positive: 'A deal amount must be greater than zero.',
  'stage-in-use': 'A stage that open deals are in cannot be archived.',
  'terminal-probability': 'The WON stage has probability 100 and the LOST stage 0.',
  'terminal-stage':
    'A WON or LOST stage is named where only an open stage fits (deals close with winDeal or loseDeal, and the process keeps one of each).',
} as const;
