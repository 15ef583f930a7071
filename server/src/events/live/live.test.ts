import { createClient, type ExecutionResult } from 'graphql-sse';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Team } from '../../org/team.entity.js';
import { buildPipelineFixture, type PipelineFixture } from '../../testing/pipeline-fixture.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { EventSubjectKind } from '../domain-event.entity.js';
import { EventType } from '../event-type.js';
import { recordEvent } from '../record.js';

const LIVE = `subscription LiveEvents($filter: EventFilter) { events(filter: $filter) { id type occurredAt subjects { kind id } } }`;

interface LiveEvent {
  id: string;
  type: EventType;
  subjects: { kind: string; id: string }[];
}
type LiveResult = ExecutionResult<{ events: LiveEvent }, unknown> & {
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

/** A subscription through the graphql-sse client, as a browser runs it; its results are read in order. */
class Subscription {
  private readonly results: LiveResult[] = [];
  private waiting: (() => void) | null = null;
  private failure: unknown = null;
  completed = false;
  private readonly dispose: () => void;
  /** Resolved once the server has registered the subscription (it answers only then); rejected if it refused it. */
  readonly connected: Promise<void>;

  constructor(url: string, headers: Record<string, string>, variables: Record<string, unknown> = {}, query = LIVE) {
    let connected!: () => void;
    let refused!: (error: unknown) => void;
    this.connected = new Promise((resolve, reject) => ((connected = resolve), (refused = reject)));
    this.connected.catch(() => {}); // read through next() when not awaited
    const client = createClient({ url: `${url}/graphql/stream`, headers, retryAttempts: 0, on: { connected: () => connected() } });
    const wake = () => {
      this.waiting?.();
      this.waiting = null;
    };
    this.dispose = client.subscribe<LiveResult['data']>(
      { query, variables },
      {
        next: (result) => {
          this.results.push(result as LiveResult);
          wake();
        },
        error: (error) => {
          refused(error);
          this.failure = error;
          wake();
        },
        complete: () => {
          this.completed = true;
          wake();
        },
      },
    );
  }

  /** The next result the server pushes (the test's time limit bounds the wait). */
  async next(): Promise<LiveResult> {
    while (this.results.length === 0) {
      if (this.failure) throw this.failure;
      if (this.completed) throw new Error('the subscription completed');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    return this.results.shift()!;
  }

  async nextEvent(): Promise<LiveEvent> {
    const result = await this.next();
    expect(result.errors).toBeUndefined();
    return result.data!.events;
  }

  close(): void {
    this.dispose();
  }
}

let server: TestServer;
let f: PipelineFixture;
const open: Subscription[] = [];
const paths = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  f = await buildPipelineFixture(server.client());
  const teams = await server.app.orm.em.fork().find(Team, {});
  for (const team of teams) paths.set(String(team.id), team.path);
});
afterAll(async () => {
  for (const subscription of open) subscription.close();
  await server?.close();
});

async function subscribe(
  headers: Record<string, string>,
  filter?: Record<string, unknown>,
  on: TestServer = server,
): Promise<Subscription> {
  const subscription = new Subscription(on.url, headers, { filter });
  open.push(subscription);
  await subscription.connected;
  return subscription;
}

const as = (viewer: string) => ({ authorization: server.bearer(viewer) });

/** Commits an event as a service does (recordEvent, then the flush in one transaction); returns its id. */
async function commitEvent(type: EventType, teamId: string, memberId: string, on: TestServer = server): Promise<string> {
  const event = await on.app.orm.em.fork().transactional(async (em) => {
    const recorded = recordEvent(em, {
      type,
      actorMemberId: null,
      subjects: [[EventSubjectKind.MEMBER, Number(memberId)]],
      teamPaths: [paths.get(teamId)!],
      memberIds: [Number(memberId)],
    });
    await em.flush();
    return recorded;
  });
  return String(event.id);
}

async function wonDeal(owner: string): Promise<string> {
  const rep = server.client(`REP:${owner}`);
  const { createDeal } = await rep.request<{ createDeal: { id: string } }>(
    `mutation($i: CreateDealInput!) { createDeal(input: $i) { id } }`,
    {
      i: {
        title: 'Поставка стоек',
        accountId: f.customerId,
        ownerId: owner,
        amount: '480000.00',
        channelId: f.channelId,
        productId: f.productId,
        expectedCloseDate: '2027-03-31',
      },
    },
  );
  await rep.request(`mutation($id: ID!) { winDeal(id: $id, input: { reason: "Сроки" }) { id } }`, { id: createDeal.id });
  return createDeal.id;
}

async function embedToken(scope: Record<string, string>, widgets: string[]): Promise<Record<string, string>> {
  const { createEmbedToken } = await server
    .client()
    .request<{ createEmbedToken: { token: string } }>(`mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { token } }`, {
      i: { ...scope, widgets },
    });
  return { authorization: `Bearer ${createEmbedToken.token}` };
}

describe('events subscription', () => {
  it('pushes DEAL_WON to a subscriber when winDeal commits', async () => {
    const subscription = await subscribe(as('ADMIN'), { types: ['DEAL_WON'] });
    const dealId = await wonDeal(f.repId);
    const event = await subscription.nextEvent();
    expect(event.type).toBe('DEAL_WON');
    expect(event.subjects[0]).toEqual({ kind: 'DEAL', id: dealId });
  });

  it('pushes nothing for a rolled-back transaction', async () => {
    const subscription = await subscribe(as('ADMIN'));
    const rolledBack = server.app.orm.em.fork().transactional(async (em) => {
      recordEvent(em, {
        type: EventType.RECOGNITION_GIVEN,
        actorMemberId: null,
        subjects: [[EventSubjectKind.MEMBER, Number(f.repId)]],
        teamPaths: [paths.get(f.fieldTeamId)!],
        memberIds: [Number(f.repId)],
      });
      await em.flush();
      throw new Error('the change fails after its event was written');
    });
    await expect(rolledBack).rejects.toThrow('the change fails');
    // Events go out in commit order: the first one pushed is the event committed after the rollback.
    const committed = await commitEvent(EventType.QUOTA_CHANGED, f.fieldTeamId, f.repId);
    expect((await subscription.nextEvent()).id).toBe(committed);
  });

  it("keeps to a rep's own events and a manager's subtree; analysts see all", async () => {
    const rep = await subscribe(as(`REP:${f.repId}`));
    const manager = await subscribe(as(`MANAGER:${f.managerId}`));
    const analyst = await subscribe(as('ANALYST'));
    const outside = await commitEvent(EventType.DEAL_WON, f.otherTeamId, f.otherRepId);
    const inSubtree = await commitEvent(EventType.DEAL_WON, f.subTeamId, f.subRepId);
    const own = await commitEvent(EventType.DEAL_WON, f.fieldTeamId, f.repId);
    expect((await analyst.nextEvent()).id).toBe(outside);
    expect((await manager.nextEvent()).id).toBe(inSubtree);
    expect((await manager.nextEvent()).id).toBe(own);
    expect((await rep.nextEvent()).id).toBe(own);
  });

  it('filters by type, team and member', async () => {
    const byTeam = await subscribe(as('ADMIN'), { teamId: f.subTeamId, types: ['MILESTONE_REACHED'] });
    const byMember = await subscribe(as('ADMIN'), { memberId: f.otherRepId });
    await commitEvent(EventType.DEAL_WON, f.subTeamId, f.subRepId);
    const milestone = await commitEvent(EventType.MILESTONE_REACHED, f.subTeamId, f.subRepId);
    const ofMember = await commitEvent(EventType.DEAL_LOST, f.otherTeamId, f.otherRepId);
    expect((await byTeam.nextEvent()).id).toBe(milestone);
    expect((await byMember.nextEvent()).id).toBe(ofMember);
  });

  it('refuses `since`: a live stream starts now', async () => {
    const subscription = await subscribe(as('ADMIN'), { since: '2026-01-01T00:00:00Z' });
    const { errors } = await subscription.next();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.since', rule: 'live-since' });
  });
});

describe('embed tokens', () => {
  it('are refused FORBIDDEN when they filter on a team outside their subtree', async () => {
    const subscription = await subscribe(await embedToken({ teamId: f.fieldTeamId }, ['ACTIVITY_FEED']), { teamId: f.otherTeamId });
    const { errors } = await subscription.next();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'access' });
  });

  it('receive only the events of their subtree, of the types their widgets show', async () => {
    const subscription = await subscribe(await embedToken({ teamId: f.fieldTeamId }, ['ACTIVITY_FEED']));
    await commitEvent(EventType.DEAL_WON, f.otherTeamId, f.otherRepId);
    await commitEvent(EventType.DEAL_CREATED, f.subTeamId, f.subRepId);
    const shown = await commitEvent(EventType.DEAL_WON, f.subTeamId, f.subRepId);
    expect((await subscription.nextEvent()).id).toBe(shown);
  });

  it("of a member receive that member's events, and are refused another member", async () => {
    const headers = await embedToken({ memberId: f.repId }, ['TEAM_CARD']);
    const refused = await subscribe(headers, { memberId: f.subRepId });
    expect((await refused.next()).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const subscription = await subscribe(headers);
    await commitEvent(EventType.RECOGNITION_GIVEN, f.fieldTeamId, f.subRepId);
    const own = await commitEvent(EventType.RECOGNITION_GIVEN, f.fieldTeamId, f.repId);
    expect((await subscription.nextEvent()).id).toBe(own);
  });

  it('select only the fields of their widgets', async () => {
    // A funnel reads what LiveEvents selects; the payload only the activity feed reads.
    const headers = await embedToken({ teamId: f.fieldTeamId }, ['FUNNEL']);
    const subscription = new Subscription(server.url, headers, {}, `subscription { events { id payload } }`);
    open.push(subscription);
    const { errors } = await subscription.next();
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errors?.[0]?.message).toContain('DomainEvent.payload');
  });
});

describe('the stream endpoint', () => {
  it('authenticates like /graphql: no credentials, 401', async () => {
    const response = await fetch(`${server.url}/graphql/stream`, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: LIVE }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('serves subscriptions only, and /graphql refuses them', async () => {
    const query = new Subscription(server.url, as('ADMIN'), {}, `{ events(first: 1) { totalCount } }`);
    open.push(query);
    expect((await query.next()).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as('ADMIN') },
      body: JSON.stringify({ query: LIVE }),
    });
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'live-stream-endpoint' });
  });
});

describe('shutdown', () => {
  it('interrupts open streams without completing them, so that their clients reconnect', async () => {
    const leaving = await startTestServer();
    const subscription = await subscribe(as('ADMIN'), {}, leaving);
    const closed = leaving.close();
    await expect(subscription.next()).rejects.toThrow();
    expect(subscription.completed).toBe(false);
    await closed;
  });
});

describe.skipIf(!process.env.DATABASE_URL)('several server processes on one PostgreSQL', () => {
  let other: TestServer;
  beforeAll(async () => {
    other = await startTestServer({ env: { DATABASE_URL: server.app.databaseUrl } });
  });
  afterAll(() => other?.close());

  it('pushes to a subscriber of one process an event committed through another', async () => {
    const subscription = await subscribe(as('ADMIN'), { types: ['DEAL_WON'] }, other);
    const dealId = await wonDeal(f.repId);
    expect((await subscription.nextEvent()).subjects[0]).toEqual({ kind: 'DEAL', id: dealId });
  });

  it('catches up, after its LISTEN connection was lost, with the events committed meanwhile', async () => {
    const subscription = await subscribe(as('ADMIN'), { types: ['RECOGNITION_GIVEN'] }, other);
    const admin = new pg.Client({ connectionString: server.app.databaseUrl });
    await admin.connect();
    try {
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'sales-graph live events'`,
      );
    } finally {
      await admin.end();
    }
    const committed = await commitEvent(EventType.RECOGNITION_GIVEN, f.fieldTeamId, f.repId);
    expect((await subscription.nextEvent()).id).toBe(committed);
  });
});
