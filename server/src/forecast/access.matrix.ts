import {
  ADMIN_ONLY,
  MEMBER_RECORD_READERS,
  MEMBER_RECORD_WRITERS,
  TEAM_MANAGERS,
  TEAM_RECORD_READERS,
  notEmbedded,
  type MatrixHelpers,
  type MatrixRow,
} from '../testing/access-matrix.js';
import { dealOf, matrixPeriod, once } from '../testing/matrix-records.js';

/**
 * Authorization matrix rows of the forecast (docs/forecast.md#who-may-do-what):
 * - a member's calls and accuracy are their records; a team's roll-up, calls, accuracy, snapshot
 *   figures and slippage are the team's records (not its reps); the roll-up is also read by embed
 *   tokens of a team subtree for the FORECAST widget;
 * - a member submits for themselves only (admins for anyone); a team's call is submitted by the
 *   managers of the subtree and admins, like its quota;
 * - a deal's forecast category is changed by whoever changes the deal;
 * - admins take snapshots.
 */

const MEMBER_RECORDS = notEmbedded(MEMBER_RECORD_READERS);
const TEAM_RECORDS = notEmbedded(TEAM_RECORD_READERS);
/** A member's own call: the member (whatever their role) and admins. */
const THEMSELVES: MatrixRow['allowed'] = { ADMIN: true, MANAGER: ['own'], REP: ['own'] };

const TODAY = () => new Date().toISOString().slice(0, 10);
/** A snapshot taken today, so that slippage since today has one to compare with. */
const snapshotToday = (h: MatrixHelpers) =>
  once(h, 'forecast-snapshot', async () => (await h.admin(`mutation { takeForecastSnapshot { id } }`), TODAY()));

export const rows: MatrixRow[] = [
  {
    operation: 'forecastRollup',
    target: 'team',
    // The fields the forecast widget reads (schema/operations/Forecast.graphql), so that its embed tokens are tried too.
    document: `query($t: ID!, $p: ID!) { forecastRollup(teamId: $t, periodId: $p) { call gapToQuota lines { ownerKind system { commit } } } }`,
    variables: async (t, h) => ({ t: t.teamId, p: await matrixPeriod(h) }),
    allowed: TEAM_RECORD_READERS,
  },
  {
    operation: 'forecastSubmissions',
    target: 'member',
    document: `query($p: ID!, $m: ID) { forecastSubmissions(periodId: $p, memberId: $m) { nodes { id commit } } }`,
    variables: async (t, h) => ({ p: await matrixPeriod(h), m: t.memberId }),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'forecastSubmissions',
    target: 'team',
    document: `query($p: ID!, $t: ID) { forecastSubmissions(periodId: $p, teamId: $t) { nodes { id commit } } }`,
    variables: async (t, h) => ({ p: await matrixPeriod(h), t: t.teamId }),
    allowed: TEAM_RECORDS,
  },
  {
    operation: 'forecastAccuracy',
    target: 'member',
    document: `query($p: ID!, $m: ID) { forecastAccuracy(periodId: $p, memberId: $m) { actual ratio } }`,
    variables: async (t, h) => ({ p: await matrixPeriod(h), m: t.memberId }),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'forecastAccuracy',
    target: 'team',
    document: `query($p: ID!, $t: ID) { forecastAccuracy(periodId: $p, teamId: $t) { actual ratio } }`,
    variables: async (t, h) => ({ p: await matrixPeriod(h), t: t.teamId }),
    allowed: TEAM_RECORDS,
  },
  {
    operation: 'pipelineSnapshot',
    target: 'team',
    document: `query($t: ID!, $p: ID!, $d: Date!) { pipelineSnapshot(teamId: $t, periodId: $p, asOf: $d) { openDeals } }`,
    variables: async (t, h) => ({ t: t.teamId, p: await matrixPeriod(h), d: await snapshotToday(h) }),
    allowed: TEAM_RECORDS,
  },
  {
    operation: 'closeDateSlippage',
    target: 'team',
    document: `query($t: ID!, $p: ID!, $d: Date!) { closeDateSlippage(teamId: $t, periodId: $p, since: $d) { slippedOut } }`,
    variables: async (t, h) => ({ t: t.teamId, p: await matrixPeriod(h), d: await snapshotToday(h) }),
    allowed: TEAM_RECORDS,
  },
  {
    operation: 'submitForecast',
    target: 'member',
    document: `mutation($i: SubmitForecastInput!) { submitForecast(input: $i) { id } }`,
    variables: async (t, h) => ({ i: { periodId: await matrixPeriod(h), memberId: t.memberId, commit: '100.00', bestCase: '150.00' } }),
    allowed: THEMSELVES,
  },
  {
    operation: 'submitForecast',
    target: 'team',
    document: `mutation($i: SubmitForecastInput!) { submitForecast(input: $i) { id } }`,
    variables: async (t, h) => ({ i: { periodId: await matrixPeriod(h), teamId: t.teamId, adjustment: '0' } }),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'setDealForecastCategory',
    target: 'member',
    document: `mutation($d: ID!) { setDealForecastCategory(dealId: $d, category: BEST_CASE, reason: "Ждём бюджет") { id forecastCategory } }`,
    variables: async (t, h) => ({ d: await dealOf(h, t.memberId, 'forecast') }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'takeForecastSnapshot',
    target: 'none',
    document: `mutation { takeForecastSnapshot { id week deals } }`,
    allowed: ADMIN_ONLY,
  },
];
