import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict } from '../errors.js';
import type { Deal } from '../pipeline/deal.entity.js';
import { requireDeal } from '../pipeline/deal.service.js';
import { DealStatus } from '../pipeline/enums.js';
import { requireText } from '../validate.js';
import type { ForecastCategory } from './enums.js';

export const OVERRIDE_REASON_LENGTH = 500;

/**
 * Overrides the forecast category of an open deal (with a reason, trimmed, at most 500 characters), or
 * clears the override (`category` null; the reason is then not needed). The deal's version moves on
 * and the audit log records the change set, as for any change of a deal.
 */
export async function setForecastCategory(
  em: EntityManager,
  dealId: number,
  category: ForecastCategory | null,
  reason: string | null | undefined,
  actorId: number | null,
  now = new Date(),
): Promise<Deal> {
  const deal = await requireDeal(em, dealId, 'dealId');
  if (deal.status !== DealStatus.OPEN)
    throw conflict('deal-closed', `deal ${deal.id} is ${deal.status}: only open deals are forecast`, 'dealId');
  if (category === null) {
    Object.assign(deal, {
      forecastCategoryOverride: null,
      forecastOverrideReason: null,
      forecastOverrideSetById: null,
      forecastOverrideSetAt: null,
    });
  } else {
    const text = requireText(reason ?? '', 'reason', OVERRIDE_REASON_LENGTH);
    Object.assign(deal, {
      forecastCategoryOverride: category,
      forecastOverrideReason: text,
      forecastOverrideSetById: actorId,
      forecastOverrideSetAt: now,
    });
  }
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof OptimisticLockError)
      throw conflict('stale-version', `deal ${deal.id} was changed by someone else meanwhile; read it again`, 'dealId');
    throw error;
  }
  return deal;
}
