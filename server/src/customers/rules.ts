/** Rules of customers, contacts, leads and activities as they appear in `extensions.rule`; see ../rules.ts. */
export const CUSTOMERS_RULES = {
  'already-handed-off': 'The lead was already handed off.',
  'field-team': 'Leads are handed to a field team, not to an inside-sales team.',
  'inside-sales-only': 'Only a lead worked by an inside-sales team is handed off.',
  'lead-already-qualified': 'Only an OPEN lead can be qualified.',
  'lead-not-qualified': 'The lead is not QUALIFIED (or already became a deal), so it cannot become a deal or be handed off.',
  'lifecycle-transition': "The customer's lifecycle does not allow this change of stage.",
  'member-in-team': 'The member receiving a lead works outside the team it is handed to.',
  'not-in-past': 'A new follow-up is due today or later.',
  phone: 'A text is not a phone number.',
  'same-customer': 'A contact, lead or deal named belongs to another customer.',
  'score-range': 'A qualification criterion is scored outside 0 to its maximum.',
  'seller-role': 'Only a REP or a MANAGER owns customers, leads and deals.',
  'tax-id': 'A taxpayer number (ИНН) does not have 10 or 12 digits.',
  'unique-tax-id': 'Another customer already has this taxpayer number.',
} as const;
