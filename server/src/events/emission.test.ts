import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, reclaimStaleJobs } from '../exchange/jobs/runner.js';
import { createLogger } from '../logger.js';
import { createCurrentPeriods, type CurrentPeriods, openDeal, setRevenueQuota } from '../testing/motivation-fixture.js';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { expectGraphQLError, startTestServer, type TestServer } from '../testing/server.js';
import { todayIso } from '../validate.js';

/**
 * Every change that the event catalogue names writes exactly one event of its type, in its own
 * transaction: through the API here, read back from the event table (team_ids and member_ids are not
 * in the API). A refused change writes none, and so does a change that fails after its event was written.
 */
let server: TestServer;
let f: PipelineFixture;
let periods: CurrentPeriods;
beforeAll(async () => {
  // The import runner of this process runs the jobs the import tests queue.
  server = await startTestServer({ env: { IMPORT_JOBS: 'true' } });
  f = await buildPipelineFixture(server.client());
  periods = await createCurrentPeriods(server.client());
});
afterAll(() => server?.close());

interface EventRow {
  id: number;
  type: string;
  actor_member_id: number | null;
  subjects: { kind: string; id: string }[];
  payload: Record<string, unknown>;
  team_ids: number[];
  member_ids: number[];
}

const sql = <T>(query: string, params: unknown[] = []) => server.app.orm.em.fork().execute<T[]>(query, params);

async function lastEventId(): Promise<number> {
  const [row] = await sql<{ id: number | null }>('select max(id) as id from domain_event');
  return Number(row.id ?? 0);
}

/** The events written after `since`, oldest first, with their arrays sorted. */
async function eventsAfter(since: number): Promise<EventRow[]> {
  const rows = await sql<EventRow>(
    'select id, type, actor_member_id, subjects, payload, team_ids, member_ids from domain_event where id > ? order by id',
    [since],
  );
  const sorted = (ids: unknown[]) => ids.map(Number).sort((a, b) => a - b);
  return rows.map((row) => ({ ...row, team_ids: sorted(row.team_ids), member_ids: sorted(row.member_ids) }));
}

/** Runs a change and returns the one event of `type` it wrote; it must write no other event than `alongside`. */
async function onlyEvent(type: string, change: () => Promise<unknown>, alongside: string[] = []): Promise<EventRow> {
  const since = await lastEventId();
  await change();
  const written = await eventsAfter(since);
  const ofType = written.filter((event) => event.type === type);
  expect(ofType, `${type} events written`).toHaveLength(1);
  expect(written.filter((event) => event.type !== type && !alongside.includes(event.type)).map((e) => e.type)).toEqual([]);
  return ofType[0];
}

/** Runs a change that must fail and checks that it wrote no event. */
async function noEvent(change: () => Promise<unknown>): Promise<void> {
  const since = await lastEventId();
  await change();
  expect(await eventsAfter(since)).toEqual([]);
}

const ids = (...values: string[]) => values.map(Number).sort((a, b) => a - b);
const subject = (kind: string, id: string | number) => ({ kind, id: String(id) });

const CREATE = `mutation($i: CreateDealInput!) { createDeal(input: $i) { id version } }`;
const MOVE = `mutation($id: ID!, $s: ID!, $v: Int) { moveDeal(id: $id, stageId: $s, expectedVersion: $v) { id version } }`;
const WIN = `mutation($id: ID!, $i: WinDealInput!) { winDeal(id: $id, input: $i) { id version } }`;
const LOSE = `mutation($id: ID!, $i: LoseDealInput!) { loseDeal(id: $id, input: $i) { id } }`;
const REOPEN = `mutation($id: ID!, $i: ReopenDealInput!) { reopenDeal(id: $id, input: $i) { id } }`;

describe('deal events', () => {
  const rep = () => server.client(`REP:${f.repId}`);
  const newDeal = (title: string) => ({
    title,
    accountId: f.customerId,
    ownerId: f.repId,
    amount: '1250000.50',
    channelId: f.channelId,
    expectedCloseDate: todayIso(),
  });

  it('DEAL_CREATED, MOVED, WON: the deal, its owner and customer, credited to the owner’s team and the teams above', async () => {
    let dealId = '';
    const created = await onlyEvent('DEAL_CREATED', async () => {
      dealId = (await rep().request<{ createDeal: { id: string } }>(CREATE, { i: newDeal('Поставка стоек') })).createDeal.id;
    });
    const audience = { team_ids: ids(f.rootTeamId, f.fieldTeamId), member_ids: ids(f.repId) };
    const subjects = [subject('DEAL', dealId), subject('MEMBER', f.repId), subject('CUSTOMER', f.customerId)];
    expect(created).toMatchObject({ actor_member_id: Number(f.repId), subjects, ...audience });
    expect(created.payload).toEqual({ title: 'Поставка стоек', amount: '1250000.50', stageId: f.stageIds.LEAD, leadId: null });

    const moved = await onlyEvent('DEAL_MOVED', () => rep().request(MOVE, { id: dealId, s: f.stageIds.PROPOSAL }));
    expect(moved).toMatchObject({ actor_member_id: Number(f.repId), subjects, ...audience });
    expect(moved.payload).toEqual({ fromStageId: f.stageIds.LEAD, toStageId: f.stageIds.PROPOSAL, amount: '1250000.50' });

    const manager = server.client(`MANAGER:${f.managerId}`);
    const won = await onlyEvent('DEAL_WON', () => manager.request(WIN, { id: dealId, i: { reason: 'Лучшая цена', amount: '1300000' } }));
    expect(won).toMatchObject({ actor_member_id: Number(f.managerId), subjects, ...audience });
    expect(won.payload).toEqual({ title: 'Поставка стоек', amount: '1300000.00', closeDate: todayIso(), reason: 'Лучшая цена' });
  });

  it('DEAL_LOST; reopening a deal emits nothing new', async () => {
    const { createDeal } = await rep().request<{ createDeal: { id: string } }>(CREATE, { i: newDeal('Потерянная') });
    const lost = await onlyEvent('DEAL_LOST', () => rep().request(LOSE, { id: createDeal.id, i: { reason: 'Дорого' } }));
    expect(lost.subjects[0]).toEqual(subject('DEAL', createDeal.id));
    expect(lost.payload).toEqual({ title: 'Потерянная', amount: '1250000.50', closeDate: todayIso(), reason: 'Дорого' });
    await noEvent(() => rep().request(REOPEN, { id: createDeal.id, i: { reason: 'Клиент вернулся' } }));
  });

  it('a change refused by a rule writes no event', async () => {
    const { createDeal } = await rep().request<{ createDeal: { id: string; version: number } }>(CREATE, { i: newDeal('Отказы') });
    const id = createDeal.id;
    await noEvent(() => expectGraphQLError(rep().request(MOVE, { id, s: f.stageIds.LEAD }), 'BAD_USER_INPUT', 'stageId'));
    await noEvent(() =>
      expectGraphQLError(rep().request(WIN, { id, i: { reason: 'x', expectedVersion: createDeal.version + 1 } }), 'CONFLICT'),
    );
    await noEvent(() =>
      expectGraphQLError(rep().request(WIN, { id, i: { reason: 'x', closeDate: '2999-01-01' } }), 'BAD_USER_INPUT', 'closeDate'),
    );
    await noEvent(() => expectGraphQLError(rep().request(CREATE, { i: { ...newDeal('Ноль'), amount: '0' } }), 'BAD_USER_INPUT', 'amount'));
  });
});

describe('milestone events', () => {
  it('a win that fails after its DEAL_WON was written (a milestone cannot be stored) leaves no event and an open deal', async () => {
    await setRevenueQuota(server.client(), { memberId: f.subRepId }, periods.month, '1000000.00');
    const dealId = await openDeal(server.client(), f, f.subRepId, '600000.00');
    // The milestone is written after the deal and its event were flushed, in the same transaction.
    await sql(`create function refuse_milestone() returns trigger language plpgsql as $$
      begin raise exception 'milestones refused by the test'; end $$`);
    await sql('create trigger refuse_milestone before insert on milestone for each row execute function refuse_milestone()');
    try {
      // A database failure, not the caller's input: the next test wins the same deal once milestones are stored again.
      await noEvent(() =>
        expectGraphQLError(server.client().request(WIN, { id: dealId, i: { reason: 'Сорвётся' } }), 'INTERNAL_SERVER_ERROR'),
      );
    } finally {
      await sql('drop trigger refuse_milestone on milestone');
      await sql('drop function refuse_milestone()');
    }
    const [deal] = await sql<{ status: string }>('select status from deal where id = ?', [dealId]);
    expect(deal.status).toBe('OPEN');
  });

  it('MILESTONE_REACHED: one per milestone recorded, beside the DEAL_WON that crossed it', async () => {
    const manager = server.client(`MANAGER:${f.managerId}`);
    const [first] = await sql<{ id: number }>(`select id from deal where owner_id = ? and status = 'OPEN' order by id limit 1`, [
      f.subRepId,
    ]);
    const half = await onlyEvent('MILESTONE_REACHED', () => manager.request(WIN, { id: String(first.id), i: { reason: 'Полквоты' } }), [
      'DEAL_WON',
    ]);
    const [milestone] = await sql<{ id: number }>('select id from milestone where member_id = ? and threshold = 50', [f.subRepId]);
    expect(half).toMatchObject({
      actor_member_id: Number(f.managerId),
      subjects: [subject('MILESTONE', milestone.id), subject('MEMBER', f.subRepId), subject('DEAL', first.id)],
      team_ids: ids(f.rootTeamId, f.fieldTeamId, f.subTeamId),
      member_ids: ids(f.subRepId),
      payload: { threshold: 50, periodId: periods.month, metric: 'REVENUE' },
    });

    const second = await openDeal(server.client(), f, f.subRepId, '500000.00');
    const since = await lastEventId();
    await manager.request(WIN, { id: second, i: { reason: 'Вся квота' } });
    const written = await eventsAfter(since);
    expect(written.map((event) => event.type)).toEqual(['DEAL_WON', 'MILESTONE_REACHED', 'MILESTONE_REACHED']);
    expect(written.slice(1).map((event) => event.payload.threshold)).toEqual([90, 100]);
  });
});

const CREATE_LEAD = `mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`;
const QUALIFY = `mutation($id: ID!, $i: QualifyLeadInput!) { qualifyLead(id: $id, input: $i) { id status } }`;
const HAND_OFF = `mutation($id: ID!, $i: HandOffLeadInput!) { handOffLead(id: $id, input: $i) { id } }`;

describe('lead events', () => {
  const inside = () => server.client(`REP:${f.insideRepId}`);
  const newLead = async (title: string) =>
    (
      await inside().request<{ createLead: { id: string } }>(CREATE_LEAD, {
        i: { title, customerId: f.customerId, channelId: f.channelId },
      })
    ).createLead.id;
  const strong = { budget: 3, authority: 3, need: 3, timeline: 2 };

  it('LEAD_QUALIFIED when a lead qualifies; a disqualified or refused one writes none', async () => {
    const leadId = await newLead('Квалифицируемый');
    const qualified = await onlyEvent('LEAD_QUALIFIED', () => inside().request(QUALIFY, { id: leadId, i: strong }));
    expect(qualified).toMatchObject({
      actor_member_id: Number(f.insideRepId),
      subjects: [subject('LEAD', leadId), subject('MEMBER', f.insideRepId), subject('CUSTOMER', f.customerId)],
      team_ids: ids(f.rootTeamId, f.insideTeamId),
      member_ids: ids(f.insideRepId),
      payload: { score: 11 },
    });
    const weak = await newLead('Слабый');
    await noEvent(() => inside().request(QUALIFY, { id: weak, i: { ...strong, budget: 0 } }));
    await noEvent(() => expectGraphQLError(inside().request(QUALIFY, { id: leadId, i: strong }), 'CONFLICT'));
    const other = await newLead('Неверные баллы');
    await noEvent(() => expectGraphQLError(inside().request(QUALIFY, { id: other, i: { ...strong, need: 4 } }), 'BAD_USER_INPUT', 'need'));
  });

  it('LEAD_HANDED_OFF: both members and both teams see it', async () => {
    const leadId = await newLead('Передаваемый');
    await inside().request(QUALIFY, { id: leadId, i: strong });
    await noEvent(() =>
      expectGraphQLError(inside().request(HAND_OFF, { id: leadId, i: { toTeamId: f.insideTeamId } }), 'BAD_USER_INPUT', 'toTeamId'),
    );
    const handedOff = await onlyEvent('LEAD_HANDED_OFF', () =>
      inside().request(HAND_OFF, { id: leadId, i: { toTeamId: f.fieldTeamId, toMemberId: f.repId, note: 'Ждут звонка' } }),
    );
    expect(handedOff).toMatchObject({
      actor_member_id: Number(f.insideRepId),
      subjects: [
        subject('LEAD', leadId),
        subject('MEMBER', f.insideRepId),
        subject('MEMBER', f.repId),
        subject('TEAM', f.fieldTeamId),
        subject('CUSTOMER', f.customerId),
      ],
      team_ids: ids(f.rootTeamId, f.insideTeamId, f.fieldTeamId),
      member_ids: ids(f.insideRepId, f.repId),
      payload: {
        fromMemberId: f.insideRepId,
        toMemberId: f.repId,
        fromTeamId: f.insideTeamId,
        toTeamId: f.fieldTeamId,
        note: 'Ждут звонка',
      },
    });
  });
});

const SET_QUOTA = `mutation($i: SetQuotaInput!) { setQuota(input: $i) { id version } }`;
const ALLOCATE = `mutation($i: QuotaAllocationInput!) { allocateQuota(input: $i) { teamQuota { id } } }`;

describe('quota events', () => {
  const manager = () => server.client(`MANAGER:${f.managerId}`);

  it('QUOTA_CHANGED when a quota is set and when it changes, with the targets before and after', async () => {
    const quota = { memberId: f.repId, periodId: periods.quarter, metric: 'REVENUE' };
    let set = { id: '', version: 0 };
    const created = await onlyEvent('QUOTA_CHANGED', async () => {
      set = (await manager().request<{ setQuota: typeof set }>(SET_QUOTA, { i: { ...quota, target: '2000000' } })).setQuota;
    });
    expect(created).toMatchObject({
      actor_member_id: Number(f.managerId),
      subjects: [subject('QUOTA', set.id), subject('MEMBER', f.repId)],
      team_ids: ids(f.rootTeamId, f.fieldTeamId),
      member_ids: ids(f.repId),
      payload: { periodId: periods.quarter, metric: 'REVENUE', before: null, after: '2000000.00', source: 'SET' },
    });
    await noEvent(() =>
      expectGraphQLError(manager().request(SET_QUOTA, { i: { ...quota, target: '1', expectedVersion: set.version + 1 } }), 'CONFLICT'),
    );
    await noEvent(() => expectGraphQLError(manager().request(SET_QUOTA, { i: { ...quota, target: '-5' } }), 'BAD_USER_INPUT', 'target'));
    const changed = await onlyEvent('QUOTA_CHANGED', () =>
      manager().request(SET_QUOTA, { i: { ...quota, target: '2500000.50', expectedVersion: set.version } }),
    );
    expect(changed.payload).toMatchObject({ before: '2000000.00', after: '2500000.50' });
  });

  it("a team's count quota: the team, credited to it and the teams above, no member", async () => {
    const event = await onlyEvent('QUOTA_CHANGED', () =>
      server.client().request(SET_QUOTA, { i: { teamId: f.subTeamId, periodId: periods.year, metric: 'DEALS_WON', target: '12' } }),
    );
    expect(event).toMatchObject({
      actor_member_id: null,
      subjects: [expect.objectContaining({ kind: 'QUOTA' }), subject('TEAM', f.subTeamId)],
      team_ids: ids(f.rootTeamId, f.fieldTeamId, f.subTeamId),
      member_ids: [],
      payload: { metric: 'DEALS_WON', before: null, after: '12' },
    });
  });

  it('ALLOCATION_APPLIED once, beside one QUOTA_CHANGED per quota the allocation changed', async () => {
    const input = { teamId: f.fieldTeamId, periodId: periods.month, total: '3000000.00' };
    await noEvent(() =>
      expectGraphQLError(
        server.client().request(ALLOCATE, { i: { ...input, pins: [{ memberId: f.otherRepId, amount: '1.00' }] } }),
        'BAD_USER_INPUT',
        'pins[0].memberId',
      ),
    );
    let teamQuotaId = '';
    const since = await lastEventId();
    const allocated = await onlyEvent('ALLOCATION_APPLIED', async () => {
      teamQuotaId = (await server.client().request<{ allocateQuota: { teamQuota: { id: string } } }>(ALLOCATE, { i: input })).allocateQuota
        .teamQuota.id;
    }, ['QUOTA_CHANGED']);
    expect(allocated).toMatchObject({
      actor_member_id: null,
      subjects: [subject('QUOTA', teamQuotaId), subject('TEAM', f.fieldTeamId), subject('MEMBER', f.repId)],
      team_ids: ids(f.rootTeamId, f.fieldTeamId),
      member_ids: ids(f.repId),
      payload: {
        periodId: periods.month,
        metric: 'REVENUE',
        total: '3000000.00',
        weights: { territoryPotential: '0.4000', marketSize: '0.2000', capability: '0.4000' },
      },
    });
    const changes = (await eventsAfter(since)).filter((event) => event.type === 'QUOTA_CHANGED');
    expect(changes.map((event) => [event.subjects[1], event.payload.source])).toEqual([
      [subject('TEAM', f.fieldTeamId), 'ALLOCATION'],
      [subject('MEMBER', f.repId), 'ALLOCATION'],
    ]);
  });
});

const SUBMIT = `mutation($i: SubmitForecastInput!) { submitForecast(input: $i) { id } }`;
const RECOGNISE = `mutation($i: GiveRecognitionInput!) { giveRecognition(input: $i) { id } }`;

describe('forecast and recognition events', () => {
  it('FORECAST_SUBMITTED with the call', async () => {
    const rep = server.client(`REP:${f.repId}`);
    const call = { memberId: f.repId, periodId: periods.quarter };
    await noEvent(() =>
      expectGraphQLError(rep.request(SUBMIT, { i: { ...call, commit: '200.00', bestCase: '100.00' } }), 'BAD_USER_INPUT', 'bestCase'),
    );
    let submissionId = '';
    const submitted = await onlyEvent('FORECAST_SUBMITTED', async () => {
      submissionId = (await rep.request<{ submitForecast: { id: string } }>(SUBMIT, { i: { ...call, commit: '100', bestCase: '250.5' } }))
        .submitForecast.id;
    });
    expect(submitted).toMatchObject({
      actor_member_id: Number(f.repId),
      subjects: [subject('FORECAST_CALL', submissionId), subject('MEMBER', f.repId)],
      team_ids: ids(f.rootTeamId, f.fieldTeamId),
      member_ids: ids(f.repId),
      payload: { periodId: periods.quarter, commit: '100.00', bestCase: '250.50' },
    });
  });

  it('RECOGNITION_GIVEN to the member recognised, by whoever recognised them', async () => {
    const manager = server.client(`MANAGER:${f.managerId}`);
    await noEvent(() =>
      expectGraphQLError(manager.request(RECOGNISE, { i: { memberId: f.repId, reason: '  ' } }), 'BAD_USER_INPUT', 'reason'),
    );
    let recognitionId = '';
    const given = await onlyEvent('RECOGNITION_GIVEN', async () => {
      recognitionId = (
        await manager.request<{ giveRecognition: { id: string } }>(RECOGNISE, {
          i: { memberId: f.repId, reason: 'Закрыл крупнейшую сделку', reward: 'Выходной' },
        })
      ).giveRecognition.id;
    });
    expect(given).toMatchObject({
      actor_member_id: Number(f.managerId),
      subjects: [subject('RECOGNITION', recognitionId), subject('MEMBER', f.repId)],
      team_ids: ids(f.rootTeamId, f.fieldTeamId),
      member_ids: ids(f.repId),
      payload: { reason: 'Закрыл крупнейшую сделку', reward: 'Выходной', dealId: null },
    });
  });
});

const START_IMPORT = `mutation($i: StartImportInput!) { startImport(input: $i) { id } }`;

describe('import events', () => {
  const territories = (name: string, potential = '1.00') => ({
    kind: 'TERRITORIES',
    format: 'CSV',
    name: 'territories.csv',
    content: `name,kind,potential,marketSize\n${name},REGION,${potential},2.00\n`,
  });

  /** Queues a job as an admin who is also member `f.managerId`, and returns the events written until it ended. */
  async function importJob(input: Record<string, unknown>): Promise<{ id: string; events: EventRow[] }> {
    const since = await lastEventId();
    const { startImport } = await server
      .client(`ADMIN:${f.managerId}`)
      .request<{ startImport: { id: string } }>(START_IMPORT, { i: { source: 'emission-test', ...input } });
    for (let i = 0; i < 400; i += 1) {
      const [job] = await sql<{ status: string }>('select status from import_job where id = ?', [startImport.id]);
      if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return { id: startImport.id, events: await eventsAfter(since) };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`import job ${startImport.id} never ended`);
  }

  it('IMPORT_FINISHED once when a job ends, applied or not; the records it writes emit none', async () => {
    const applied = await importJob({ files: [territories('Событийная')] });
    expect(applied.events).toEqual([
      expect.objectContaining({
        type: 'IMPORT_FINISHED',
        actor_member_id: Number(f.managerId),
        subjects: [subject('IMPORT_JOB', applied.id), subject('MEMBER', f.managerId)],
        team_ids: [],
        member_ids: ids(f.managerId),
        payload: { status: 'SUCCEEDED', applied: true, created: 1, updated: 0, rejected: 0 },
      }),
    ]);
    const refused = await importJob({ files: [territories('Отказная', '-1')] });
    expect(refused.events).toEqual([
      expect.objectContaining({
        type: 'IMPORT_FINISHED',
        subjects: [subject('IMPORT_JOB', refused.id), subject('MEMBER', f.managerId)],
        payload: { status: 'FAILED', applied: false, created: 0, updated: 0, rejected: 1 },
      }),
    ]);
  });

  it('IMPORT_FINISHED when a job whose process died for the last time is failed', async () => {
    const { id } = await importJob({ files: [territories('Брошенная')] });
    // Whichever runner takes it back (this one, or the server's own on its next poll), it is failed once.
    const since = await lastEventId();
    await sql(`update import_job set status = 'RUNNING', attempts = ?, heartbeat_at = now() - interval '10 minutes' where id = ?`, [
      MAX_ATTEMPTS,
      id,
    ]);
    await reclaimStaleJobs(server.app.orm.em.fork(), createLogger('silent'));
    expect(await eventsAfter(since)).toEqual([
      expect.objectContaining({
        type: 'IMPORT_FINISHED',
        subjects: [subject('IMPORT_JOB', id), subject('MEMBER', f.managerId)],
        member_ids: ids(f.managerId),
        payload: { status: 'FAILED', applied: false, created: 0, updated: 0, rejected: 0 },
      }),
    ]);
  });
});
