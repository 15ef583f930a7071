import {
  ADMIN_ONLY,
  CARD_READERS,
  EVERYONE,
  STAFF,
  MEMBER_RECORD_READERS,
  MEMBER_RECORD_WRITERS,
  TEAM_MANAGERS,
  TEAM_RECORD_READERS,
  notEmbedded,
  type MatrixHelpers,
  type MatrixRow,
  type MatrixTarget,
} from '../testing/access-matrix.js';
import {
  MATRIX_PERIOD_DAY,
  findQuota,
  goalInput,
  goalOf,
  ids,
  known,
  matrixPeriod,
  once,
  quotaOf,
  repOf,
} from '../testing/matrix-records.js';

/**
 * Authorization matrix rows of goals, quotas, allocation, attainment and periods (docs/goals.md,
 * "Who may do what"):
 * - periods are planning data every person reads (widgets resolve theirs through currentPeriod); admins create them;
 * - attainment of a member or a team is on the team card (teammates, embed tokens of the card);
 * - a member's quotas and goals are their records (they, their managers, analysts, admins); a team's
 *   quotas are team records (its managers, analysts, admins; not its reps), its goals are on its card;
 * - quotas, allocations and team goals are written by the managers of the subtree and admins; nobody but
 *   an admin sets their own quota; a member sets goals for themselves and changes only those they set;
 * - quotas and goals are not opened to embed tokens (only attainment and periods are).
 */

const member = (t: MatrixTarget) => ({ memberId: t.memberId });
const team = (t: MatrixTarget) => ({ teamId: t.teamId });

/** A member's records, without embed tokens. */
const MEMBER_RECORDS = notEmbedded(MEMBER_RECORD_READERS);
/** A team's records, without embed tokens: not its reps. */
const TEAM_RECORDS = notEmbedded(TEAM_RECORD_READERS);
/** A team's card, without embed tokens. */
const TEAM_CARD = notEmbedded(CARD_READERS);
/** A member's quota or a goal their manager set: managers above them and admins, never the member themselves. */
const ABOVE_THE_MEMBER: MatrixRow['allowed'] = { ADMIN: true, MANAGER: ['subtree'] };

let month = 0;
/** A month no other period covers (periods of a kind never overlap). */
function freshMonth(): { startDate: string; endDate: string } {
  month += 1;
  const year = 2200 + Math.floor(month / 12);
  const m = String((month % 12) + 1).padStart(2, '0');
  const last = new Date(Date.UTC(year, (month % 12) + 1, 0)).getUTCDate();
  return { startDate: `${year}-${m}-01`, endDate: `${year}-${m}-${last}` };
}

/** A ramp profile per purpose: one to read, one to rename, one to archive (an archived profile cannot be renamed). */
const rampProfile = (h: MatrixHelpers, purpose = 'read') =>
  once(h, `ramp-profile:${purpose}`, async () => {
    const { createRampProfile } = await h.admin<{ createRampProfile: { id: string } }>(
      `mutation($i: CreateRampProfileInput!) { createRampProfile(input: $i) { id } }`,
      { i: { name: h.unique('Ramp'), steps: ['50', '100'] } },
    );
    return createRampProfile.id;
  });

const QUOTA_VERSION = async (h: MatrixHelpers, owner: { memberId: string } | { teamId: string }, metric: string) =>
  (await findQuota(h, owner, metric))?.version ?? null;

export const rows: MatrixRow[] = [
  // Periods
  {
    operation: 'period',
    target: 'none',
    document: `query($id: ID!) { period(id: $id) { id name } }`,
    variables: async (_t, h) => ({ id: await matrixPeriod(h) }),
    allowed: STAFF,
  },
  {
    operation: 'periods',
    target: 'none',
    document: `{ periods(first: 10, filter: { kind: QUARTER, year: 2031 }) { nodes { id } } }`,
    variables: async (_t, h) => (await matrixPeriod(h), {}),
    listed: (data) => ids(data.periods),
    listedId: (_t, fixture) => known(fixture, 'period'),
    allowed: STAFF,
  },
  {
    operation: 'currentPeriod',
    target: 'none',
    document: `query($d: Date) { currentPeriod(kind: QUARTER, date: $d) { id } }`,
    variables: async (_t, h) => (await matrixPeriod(h), { d: MATRIX_PERIOD_DAY }),
    allowed: EVERYONE,
  },
  {
    operation: 'createPeriod',
    target: 'none',
    document: `mutation($i: CreatePeriodInput!) { createPeriod(input: $i) { id } }`,
    variables: () => ({ i: { kind: 'MONTH', ...freshMonth() } }),
    allowed: ADMIN_ONLY,
  },

  // Attainment: on the team card
  {
    operation: 'attainment',
    target: 'member',
    document: `query($m: ID, $p: ID!) { attainment(memberId: $m, periodId: $p) { achieved ratio } }`,
    variables: async (t, h) => ({ m: t.memberId, p: await matrixPeriod(h) }),
    allowed: notEmbedded(CARD_READERS),
  },
  {
    operation: 'attainment',
    target: 'team',
    document: `query($t: ID, $p: ID!) { attainment(teamId: $t, periodId: $p) { achieved ratio } }`,
    variables: async (t, h) => ({ t: t.teamId, p: await matrixPeriod(h) }),
    allowed: notEmbedded(CARD_READERS),
  },

  // Quotas
  {
    operation: 'quota',
    target: 'member',
    document: `query($id: ID!) { quota(id: $id) { id target history { newTarget } } }`,
    variables: async (t, h) => ({ id: await quotaOf(h, member(t)) }),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'quota',
    target: 'team',
    document: `query($id: ID!) { quota(id: $id) { id target history { newTarget } } }`,
    variables: async (t, h) => ({ id: await quotaOf(h, team(t)) }),
    allowed: TEAM_RECORDS,
  },
  {
    operation: 'quotas',
    target: 'member',
    document: `query($m: ID!, $p: ID!) { quotas(first: 50, filter: { memberId: $m, periodId: $p }) { nodes { member { id } } } }`,
    variables: async (t, h) => (await quotaOf(h, member(t)), { m: t.memberId, p: await matrixPeriod(h) }),
    listed: (data) => data.quotas.nodes.map((n: { member: { id: string } | null }) => n.member?.id),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'quotas',
    target: 'team',
    document: `query($t: ID!, $p: ID!) { quotas(first: 50, filter: { teamId: $t, ownerKind: TEAM, periodId: $p }) { nodes { team { id } } } }`,
    variables: async (t, h) => (await quotaOf(h, team(t)), { t: t.teamId, p: await matrixPeriod(h) }),
    listed: (data) => data.quotas.nodes.map((n: { team: { id: string } | null }) => n.team?.id),
    allowed: TEAM_RECORDS,
  },
  {
    operation: 'setQuota',
    target: 'member',
    document: `mutation($i: SetQuotaInput!) { setQuota(input: $i) { id version } }`,
    variables: async (t, h) => ({
      i: {
        ...member(t),
        periodId: await matrixPeriod(h),
        metric: 'DEALS_WON',
        target: String(10 + month++),
        expectedVersion: await QUOTA_VERSION(h, member(t), 'DEALS_WON'),
      },
    }),
    allowed: ABOVE_THE_MEMBER,
  },
  {
    operation: 'setQuota',
    target: 'team',
    document: `mutation($i: SetQuotaInput!) { setQuota(input: $i) { id version } }`,
    variables: async (t, h) => ({
      i: {
        ...team(t),
        periodId: await matrixPeriod(h),
        metric: 'DEALS_WON',
        target: String(100 + month++),
        expectedVersion: await QUOTA_VERSION(h, team(t), 'DEALS_WON'),
      },
    }),
    allowed: TEAM_MANAGERS,
  },

  // Allocation of a team total: the preview reads the team's records, applying it writes quotas
  {
    operation: 'previewQuotaAllocation',
    target: 'team',
    document: `query($i: QuotaAllocationInput!) { previewQuotaAllocation(input: $i) { total lines { member { id } amount } } }`,
    variables: async (t, h) => (
      await repOf(h, t.teamId), { i: { teamId: t.teamId, periodId: await matrixPeriod(h), metric: 'NEW_CUSTOMERS', total: '12' } }
    ),
    allowed: TEAM_RECORDS,
  },
  {
    operation: 'allocateQuota',
    target: 'team',
    document: `mutation($i: QuotaAllocationInput!) { allocateQuota(input: $i) { applied teamQuota { version } } }`,
    variables: async (t, h) => {
      await repOf(h, t.teamId);
      const i = { teamId: t.teamId, periodId: await matrixPeriod(h), metric: 'NEW_CUSTOMERS', total: String(20 + month++) };
      return { i: { ...i, expectedVersion: await QUOTA_VERSION(h, team(t), 'NEW_CUSTOMERS') } };
    },
    allowed: TEAM_MANAGERS,
  },

  // Ramp profiles: organisation settings every person reads and admins change
  {
    operation: 'rampProfiles',
    target: 'none',
    document: `{ rampProfiles(includeArchived: true) { id name } }`,
    variables: async (_t, h) => (await rampProfile(h), {}),
    listed: (data) => ids(data.rampProfiles),
    listedId: (_t, fixture) => known(fixture, 'ramp-profile:read'),
    allowed: STAFF,
  },
  {
    operation: 'rampProfile',
    target: 'none',
    document: `query($id: ID!) { rampProfile(id: $id) { id steps } }`,
    variables: async (_t, h) => ({ id: await rampProfile(h) }),
    allowed: STAFF,
  },
  {
    operation: 'createRampProfile',
    target: 'none',
    document: `mutation($i: CreateRampProfileInput!) { createRampProfile(input: $i) { id } }`,
    variables: (_t, h) => ({ i: { name: h.unique('Ramp'), steps: ['25', '100'] } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'updateRampProfile',
    target: 'none',
    document: `mutation($id: ID!, $i: UpdateRampProfileInput!) { updateRampProfile(id: $id, input: $i) { id } }`,
    variables: async (_t, h) => ({ id: await rampProfile(h, 'update'), i: { name: h.unique('Renamed ramp') } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'archiveRampProfile',
    target: 'none',
    document: `mutation($id: ID!) { archiveRampProfile(id: $id) { id archivedAt } }`,
    variables: async (_t, h) => ({ id: await rampProfile(h, 'archive') }),
    allowed: ADMIN_ONLY,
  },

  // Goals
  {
    operation: 'goal',
    target: 'member',
    document: `query($id: ID!) { goal(id: $id) { id statement } }`,
    variables: async (t, h) => ({ id: await goalOf(h, member(t)) }),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'goal',
    target: 'team',
    document: `query($id: ID!) { goal(id: $id) { id statement } }`,
    variables: async (t, h) => ({ id: await goalOf(h, team(t)) }),
    allowed: TEAM_CARD,
  },
  {
    operation: 'goals',
    target: 'member',
    document: `query($m: ID!) { goals(first: 50, filter: { memberId: $m }) { nodes { member { id } } } }`,
    variables: async (t, h) => (await goalOf(h, member(t)), { m: t.memberId }),
    listed: (data) => data.goals.nodes.map((n: { member: { id: string } | null }) => n.member?.id),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'goals',
    target: 'team',
    document: `query($t: ID!) { goals(first: 50, filter: { teamId: $t }) { nodes { team { id } } } }`,
    variables: async (t, h) => (await goalOf(h, team(t)), { t: t.teamId }),
    listed: (data) => data.goals.nodes.map((n: { team: { id: string } | null }) => n.team?.id),
    allowed: TEAM_CARD,
  },
  {
    // The achievable check quotes the owner's best past period: as much as reading the owner's goals.
    operation: 'checkGoal',
    target: 'member',
    document: `query($i: CreateGoalInput!) { checkGoal(input: $i) { passed checks { criterion passed reason } } }`,
    variables: async (t, h) => ({ i: await goalInput(h, member(t)) }),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'checkGoal',
    target: 'team',
    document: `query($i: CreateGoalInput!) { checkGoal(input: $i) { passed checks { criterion passed reason } } }`,
    variables: async (t, h) => ({ i: await goalInput(h, team(t)) }),
    allowed: TEAM_CARD,
  },
  {
    operation: 'createGoal',
    target: 'member',
    document: `mutation($i: CreateGoalInput!) { createGoal(input: $i) { id } }`,
    variables: async (t, h) => ({ i: await goalInput(h, member(t)) }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'createGoal',
    target: 'team',
    document: `mutation($i: CreateGoalInput!) { createGoal(input: $i) { id } }`,
    variables: async (t, h) => ({ i: await goalInput(h, team(t)) }),
    allowed: TEAM_MANAGERS,
  },
  {
    // A goal an admin set for the member: the member may not change it, the managers above may.
    operation: 'updateGoal',
    target: 'member',
    document: `mutation($id: ID!, $i: UpdateGoalInput!) { updateGoal(id: $id, input: $i) { id version } }`,
    variables: async (t, h) => goalUpdate(h, await goalOf(h, member(t), 'update')),
    allowed: ABOVE_THE_MEMBER,
  },
  {
    operation: 'updateGoal',
    target: 'team',
    document: `mutation($id: ID!, $i: UpdateGoalInput!) { updateGoal(id: $id, input: $i) { id version } }`,
    variables: async (t, h) => goalUpdate(h, await goalOf(h, team(t), 'update')),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'archiveGoal',
    target: 'member',
    document: `mutation($id: ID!) { archiveGoal(id: $id) { id archivedAt } }`,
    variables: async (t, h) => ({ id: await goalOf(h, member(t), 'archive') }),
    allowed: ABOVE_THE_MEMBER,
  },
  {
    operation: 'archiveGoal',
    target: 'team',
    document: `mutation($id: ID!) { archiveGoal(id: $id) { id archivedAt } }`,
    variables: async (t, h) => ({ id: await goalOf(h, team(t), 'archive') }),
    allowed: TEAM_MANAGERS,
  },
];

async function goalUpdate(h: MatrixHelpers, id: string) {
  const { goal } = await h.admin<{ goal: { version: number } }>(`query($id: ID!) { goal(id: $id) { version } }`, { id });
  return { id, i: { expectedVersion: goal.version, statement: `Закрыть квартал с выручкой выше плана ${month++}` } };
}
