import { AccessRole } from '../access/viewer.js';
import { forbidden } from '../errors.js';
import { QUOTA_READ, assertCanReadOwner } from '../goals/access.js';
import { OwnerKind } from '../goals/enums.js';
import type { Owner } from '../goals/owner.js';
import type { Context } from '../graphql/context.js';
import type { Team } from '../org/team.entity.js';

/**
 * Who may do what with the forecast (docs/forecast.md#who-may-do-what):
 * - a member's calls and accuracy are their records (they, the managers above them, analysts, admins);
 *   a team's roll-up, calls, accuracy, snapshots and slippage are the team's records (the managers of
 *   the subtree, analysts, admins, embed tokens of the subtree for the forecast widget; not its reps);
 * - a member submits for themselves only (an admin for anyone); a team's call is submitted by the
 *   managers above it, as its quota is set (`assertCanManageTeam`: the team's manager and the managers
 *   of any team above it) and admins;
 * - a deal's forecast category is changed by whoever may change the deal (its owner, the managers above
 *   its team, admins).
 */
export function assertCanReadForecastOf(ctx: Context, owner: Owner): Promise<void> {
  return assertCanReadOwner(ctx, owner, QUOTA_READ);
}

export function assertCanReadTeamForecast(ctx: Context, team: Team): Promise<void> {
  return ctx.access.assertCanReadTeam(team, 'records');
}

export async function assertCanSubmitFor(ctx: Context, owner: Owner): Promise<void> {
  await ctx.access.assertCanWrite('submit forecasts');
  if (owner.kind === OwnerKind.TEAM) return ctx.access.assertCanManageTeam(owner.team, 'submit forecasts');
  if (ctx.viewer.role === AccessRole.ADMIN || ctx.viewer.memberId === owner.member.id) return;
  throw forbidden(`you may submit a forecast for yourself only, not for member ${owner.member.id}; a manager calls for their team`);
}
