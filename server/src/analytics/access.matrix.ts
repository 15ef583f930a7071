import { MEMBER_RECORD_READERS, notEmbedded, type MatrixHelpers, type MatrixRow } from '../testing/access-matrix.js';
import { known, once, quotaOf } from '../testing/matrix-records.js';

/**
 * Authorization matrix rows of analyst views (docs/analytics.md):
 * - salesMetrics covers the records the caller reads (a member's quota here: the member, the managers
 *   above and analysts and admins); embed tokens may not run it;
 * - a saved view shared with everyone opens for every caller, embed tokens of METRIC_VIEW widgets too,
 *   and is listed for the people;
 * - admins, analysts and managers save views; only the owner (or an admin) changes or deletes one.
 */

const METRICS_SAVERS: MatrixRow['allowed'] = { ADMIN: true, ANALYST: true, MANAGER: true };

const viewInput = (h: MatrixHelpers) => ({
  name: h.unique('Выручка по командам'),
  chartKind: 'BAR',
  sharing: 'EVERYONE',
  query: { measures: ['REVENUE_WON'], dimensions: ['TEAM'] },
});

/** A view an admin saved and shared with everyone. */
const newView = async (h: MatrixHelpers) =>
  (
    await h.admin<{ createSavedView: { id: string } }>(`mutation($i: CreateSavedViewInput!) { createSavedView(input: $i) { id } }`, {
      i: viewInput(h),
    })
  ).createSavedView.id;
const sharedView = (h: MatrixHelpers) => once(h, 'saved-view', () => newView(h));

export const rows: MatrixRow[] = [
  {
    operation: 'salesMetrics',
    target: 'member',
    document: `query($m: [ID!]) { salesMetrics(measures: [QUOTA], dimensions: [MEMBER], filter: { memberIds: $m, from: "2031-01-01", to: "2031-03-31" }) { rows { cells { value } } } }`,
    variables: async (t, h) => (await quotaOf(h, { memberId: t.memberId }), { m: [t.memberId] }),
    listed: (data) => data.salesMetrics.rows.map((row: { cells: { value: string }[] }) => row.cells[0].value),
    allowed: notEmbedded(MEMBER_RECORD_READERS),
  },
  {
    operation: 'savedView',
    target: 'none',
    document: `query($id: ID!) { savedView(id: $id) { id result { totalRows } } }`,
    variables: async (_t, h) => ({ id: await sharedView(h) }),
    allowed: { ADMIN: true, ANALYST: true, MANAGER: true, REP: true, EMBED_TEAM: true, EMBED_MEMBER: true },
  },
  {
    operation: 'savedViews',
    target: 'none',
    document: `{ savedViews(first: 100) { nodes { id } } }`,
    variables: async (_t, h) => (await sharedView(h), {}),
    listed: (data) => data.savedViews.nodes.map((node: { id: string }) => node.id),
    listedId: (_t, fixture) => known(fixture, 'saved-view'),
    allowed: { ADMIN: true, ANALYST: true, MANAGER: true, REP: true },
  },
  {
    operation: 'createSavedView',
    target: 'none',
    document: `mutation($i: CreateSavedViewInput!) { createSavedView(input: $i) { id } }`,
    variables: (_t, h) => ({ i: viewInput(h) }),
    allowed: METRICS_SAVERS,
  },
  {
    operation: 'updateSavedView',
    target: 'none',
    document: `mutation($id: ID!, $name: String) { updateSavedView(id: $id, input: { name: $name }) { id } }`,
    variables: async (_t, h) => ({ id: await sharedView(h), name: h.unique('Переименовано') }),
    allowed: { ADMIN: true },
  },
  {
    operation: 'deleteSavedView',
    target: 'none',
    document: `mutation($id: ID!) { deleteSavedView(id: $id) }`,
    variables: async (_t, h) => ({ id: await newView(h) }),
    allowed: { ADMIN: true },
  },
];
