import { LifecycleStage as S } from './enums.js';

/**
 * The customer lifecycle (docs/domain.md §5): acquisition (PROSPECT → LEAD), qualification (→ QUALIFIED or
 * DISQUALIFIED), closing (→ CUSTOMER) and retention (→ RETAINED, or CHURNED).
 *
 * People move a customer by hand only along these edges; CUSTOMER and RETAINED are reached only by
 * winning a deal (see `afterDealWon`).
 */
export const MANUAL_TRANSITIONS: Record<S, S[]> = {
  [S.PROSPECT]: [S.LEAD, S.DISQUALIFIED],
  [S.LEAD]: [S.QUALIFIED, S.DISQUALIFIED],
  [S.QUALIFIED]: [S.DISQUALIFIED],
  [S.CUSTOMER]: [S.CHURNED],
  [S.RETAINED]: [S.CHURNED],
  [S.CHURNED]: [S.LEAD],
  [S.DISQUALIFIED]: [S.LEAD],
};

export function canMoveByHand(from: S, to: S): boolean {
  return MANUAL_TRANSITIONS[from].includes(to);
}

/** A lead is opened for the customer: prospects, disqualified and churned customers become leads again. */
export function afterLeadOpened(current: S): S {
  return [S.PROSPECT, S.DISQUALIFIED, S.CHURNED].includes(current) ? S.LEAD : current;
}

/** A lead of the customer was qualified. */
export function afterLeadQualified(current: S): S {
  return current === S.LEAD || current === S.PROSPECT ? S.QUALIFIED : current;
}

/** A lead of the customer was disqualified and no other lead of it is still open or qualified. */
export function afterLastLeadDisqualified(current: S): S {
  return current === S.LEAD || current === S.PROSPECT ? S.DISQUALIFIED : current;
}

/** A deal with the customer was won: the first win closes it as a CUSTOMER, a repeat win retains it. */
export function afterDealWon(current: S): S {
  if (current === S.CUSTOMER || current === S.RETAINED) return S.RETAINED;
  return S.CUSTOMER;
}
