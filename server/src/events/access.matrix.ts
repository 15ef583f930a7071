import type { MatrixHelpers, MatrixRow } from '../testing/access-matrix.js';

/**
 * Authorization matrix rows of the domain events. An event is seen like the records it names: by the
 * members it concerns, the managers above the teams it is credited to, admins and analysts. The
 * matrix's embed tokens have no ACTIVITY_FEED widget, so the event fields are beyond them.
 */

/** An event concerning `memberId` (a recognition given by the admin); returns its id. */
async function eventAbout(h: MatrixHelpers, memberId: string): Promise<string> {
  await h.admin(`mutation($i: GiveRecognitionInput!) { giveRecognition(input: $i) { id } }`, {
    i: { memberId, reason: h.unique('Событие матрицы') },
  });
  const { events } = await h.admin<{ events: { nodes: { id: string }[] } }>(
    `query($m: ID!) { events(filter: { memberId: $m, types: [RECOGNITION_GIVEN] }, first: 1) { nodes { id } } }`,
    { m: memberId },
  );
  return events.nodes[0].id;
}

export const rows: MatrixRow[] = [
  {
    operation: 'event',
    // An event the caller may not see is NOT_FOUND, not FORBIDDEN (events.graphql.test.ts): the row reads
    // one that every staff caller sees, about the REP's own member (rA1, in the MANAGER's subtree).
    target: 'none',
    document: `query($id: ID!) { event(id: $id) { id type } }`,
    variables: async (_t, h) => ({ id: await eventAbout(h, h.fixture.members.rA1) }),
    allowed: { ADMIN: true, ANALYST: true, MANAGER: true, REP: true },
  },
  {
    operation: 'events',
    target: 'member',
    document: `query($m: ID!) {
      events(filter: { memberId: $m, types: [RECOGNITION_GIVEN] }, first: 5) { nodes { subjects { kind id } } }
    }`,
    variables: async (t, h) => (await eventAbout(h, t.memberId), { m: t.memberId }),
    listed: (data) =>
      data.events.nodes.flatMap((node: { subjects: { kind: string; id: string }[] }) =>
        node.subjects.filter((subject) => subject.kind === 'MEMBER').map((subject) => subject.id),
      ),
    allowed: { ADMIN: true, ANALYST: true, MANAGER: ['own', 'subtree'], REP: ['own'] },
  },
];
