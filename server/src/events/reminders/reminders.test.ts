import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { Customer } from '../../customers/customer.entity.js';
import { CustomerSize } from '../../customers/enums.js';
import { FollowUp } from '../../customers/interaction.entity.js';
import { openOrm } from '../../db/orm.js';
import { createLogger } from '../../logger.js';
import type { Member } from '../../org/member.entity.js';
import type { Team } from '../../org/team.entity.js';
import { runInRequestScope, type RequestScope } from '../../request-scope.js';
import { StrategyStatus } from '../../strategy/enums.js';
import { Strategy, StrategyReview } from '../../strategy/strategy.entity.js';
import { nextReviewDue } from '../../strategy/strategy.service.js';
import { createTestOrg, type TestOrg } from '../../testing/goals-fixtures.js';
import { openTestOrm, type TestOrm } from '../../testing/orm.js';
import { DomainEvent, EventSubjectKind } from '../domain-event.entity.js';
import { EventType } from '../event-type.js';
import { FOLLOW_UPS_PER_TICK } from './queries.js';
import { scheduleReminders } from './scheduler.js';
import { REMINDER_LOCK, runReminderTick, type ReminderSettings } from './tick.js';

const SETTINGS: ReminderSettings = { leadMinutes: 60, catchUpDays: 7 };

let db: TestOrm;
let org: TestOrg;
let customer: Customer;

beforeAll(async () => {
  db = await openTestOrm();
  await db.em().transactional(async (em) => {
    org = await createTestOrg(em, 2);
    customer = em.create(Customer, {
      name: 'ООО «Напоминание»',
      industry: 'Розница',
      region: 'Москва',
      size: CustomerSize.MEDIUM,
      owner: repOf(org.grandchild),
    });
  });
});
afterAll(() => db?.close());

const repOf = (team: Team): Member => org.members.get(team.id)![1];
const managerOf = (team: Team): Member => org.members.get(team.id)![0];
const pathIds = (team: Team): number[] => team.path.split('/').filter(Boolean).map(Number);

async function addFollowUps(dueDate: string, count = 1, done = false): Promise<FollowUp[]> {
  const em = db.em();
  const assignee = repOf(org.grandchild);
  const followUps = Array.from({ length: count }, (_, i) =>
    em.create(FollowUp, { customer: customer.id, assignee: assignee.id, title: `Позвонить ${dueDate} #${i}`, dueDate, done }),
  );
  await em.flush();
  return followUps;
}

const tick = (now: string, settings = SETTINGS) => runReminderTick(db.em(), settings, new Date(now));

/** The events whose main subject is this record, oldest first. */
async function eventsOf(kind: EventSubjectKind, id: number): Promise<DomainEvent[]> {
  const em = db.em();
  const rows = await em.execute<{ id: number }[]>('select id from domain_event where subjects->0 = ?::jsonb', [
    JSON.stringify({ kind, id: String(id) }),
  ]);
  return em.find(DomainEvent, { id: { $in: rows.map((row) => row.id) } }, { orderBy: { id: 'asc' } });
}

/** A follow-up's reminders, oldest first: type and due time. */
const remindersOf = async (followUp: FollowUp) =>
  (await eventsOf(EventSubjectKind.FOLLOW_UP, followUp.id)).map((e) => [e.type, e.payload.dueAt]);

describe('follow-up reminders', () => {
  it('sends FOLLOW_UP_DUE once when the due date begins within the lead time, seen like the follow-up', async () => {
    const [followUp] = await addFollowUps('2031-03-11');
    await tick('2031-03-10T22:30:00Z');
    expect(await eventsOf(EventSubjectKind.FOLLOW_UP, followUp.id)).toEqual([]);
    await tick('2031-03-10T23:30:00Z');
    await tick('2031-03-10T23:45:00Z');
    await tick('2031-03-11T09:00:00Z');
    const rep = repOf(org.grandchild);
    const events = await eventsOf(EventSubjectKind.FOLLOW_UP, followUp.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: EventType.FOLLOW_UP_DUE,
      payload: { dueAt: '2031-03-11T00:00:00.000Z', subject: followUp.title },
      subjects: [
        { kind: EventSubjectKind.FOLLOW_UP, id: String(followUp.id) },
        { kind: EventSubjectKind.CUSTOMER, id: String(customer.id) },
      ],
      teamIds: pathIds(org.grandchild),
      memberIds: [rep.id],
      actorMemberId: null,
      occurredAt: new Date('2031-03-10T23:30:00Z'),
    });
  });

  it('sends FOLLOW_UP_OVERDUE once the due date has passed; a done follow-up gets no reminder', async () => {
    const [open] = await addFollowUps('2031-04-01');
    const [done] = await addFollowUps('2031-04-01', 1, true);
    await tick('2031-03-31T23:30:00Z');
    await tick('2031-04-01T23:59:59Z');
    await tick('2031-04-02T00:05:00Z');
    await tick('2031-04-03T08:00:00Z');
    expect(await remindersOf(open)).toEqual([
      [EventType.FOLLOW_UP_DUE, '2031-04-01T00:00:00.000Z'],
      [EventType.FOLLOW_UP_OVERDUE, '2031-04-01T00:00:00.000Z'],
    ]);
    expect(await remindersOf(done)).toEqual([]);
  });

  it('reminds again of a follow-up whose due date was moved, for the new date', async () => {
    const [followUp] = await addFollowUps('2031-05-01');
    await tick('2031-04-30T23:30:00Z');
    await db.em().nativeUpdate(FollowUp, { id: followUp.id }, { dueDate: '2031-05-03' });
    await tick('2031-05-02T12:00:00Z');
    await tick('2031-05-02T23:30:00Z');
    expect(await remindersOf(followUp)).toEqual([
      [EventType.FOLLOW_UP_DUE, '2031-05-01T00:00:00.000Z'],
      [EventType.FOLLOW_UP_DUE, '2031-05-03T00:00:00.000Z'],
    ]);
  });

  it('sends a reminder missed while no server ran, within REMINDER_CATCH_UP_DAYS only', async () => {
    const [recent] = await addFollowUps('2031-06-10');
    const [old] = await addFollowUps('2031-06-01');
    await tick('2031-06-12T10:00:00Z');
    expect(await remindersOf(recent)).toEqual([[EventType.FOLLOW_UP_OVERDUE, '2031-06-10T00:00:00.000Z']]);
    expect(await remindersOf(old)).toEqual([]);
  });

  it('costs the same statements whatever the number of follow-ups, and sends the rest of a large batch on the next tick', async () => {
    const counted = async (now: string) => {
      const scope: RequestScope = { requestId: 'test', sqlStatements: 0 };
      const sent = await runInRequestScope(scope, () => tick(now));
      return { sent, statements: scope.sqlStatements };
    };
    await addFollowUps('2032-01-10', 2);
    const few = await counted('2032-01-09T23:30:00Z');
    await addFollowUps('2032-02-10', FOLLOW_UPS_PER_TICK + 50);
    const many = await counted('2032-02-09T23:30:00Z');
    const rest = await counted('2032-02-09T23:31:00Z');
    expect(few.sent).toEqual({ followUpsDue: 2, followUpsOverdue: 0, strategyReviewsDue: 0 });
    expect(many.sent).toEqual({ followUpsDue: FOLLOW_UPS_PER_TICK, followUpsOverdue: 0, strategyReviewsDue: 0 });
    expect(rest.sent).toEqual({ followUpsDue: 50, followUpsOverdue: 0, strategyReviewsDue: 0 });
    // begin, the lock, the two claims, one insert of the events, commit
    expect(few.statements).toBe(6);
    expect(many.statements).toBe(few.statements);
    expect(rest.statements).toBe(few.statements);
  });
});

describe('strategy review reminders', () => {
  async function addStrategy(team: Team | null, status = StrategyStatus.ACTIVE): Promise<Strategy> {
    const em = db.em();
    const strategy = em.create(Strategy, {
      name: `Стратегия ${team?.name ?? 'организации'} ${status}`,
      team: team?.id ?? null,
      owner: managerOf(team ?? org.root).id,
      status,
      startDate: '2033-01-31',
      reviewEveryMonths: 1,
      usp: 'Быстрее всех',
    });
    await em.flush();
    return strategy;
  }

  it('sends STRATEGY_REVIEW_DUE once per review date, when the date arrives, to the owner and the managers of its team', async () => {
    const strategy = await addStrategy(org.children[0]);
    const draft = await addStrategy(org.children[1], StrategyStatus.DRAFT);
    await tick('2033-02-27T23:30:00Z');
    expect(await eventsOf(EventSubjectKind.STRATEGY, strategy.id)).toEqual([]);
    await tick('2033-02-28T00:10:00Z');
    await tick('2033-03-01T09:00:00Z');
    const [sent, ...more] = await eventsOf(EventSubjectKind.STRATEGY, strategy.id);
    expect(more).toEqual([]);
    expect(sent).toMatchObject({
      type: EventType.STRATEGY_REVIEW_DUE,
      payload: { reviewDate: nextReviewDue(strategy, null), name: strategy.name },
      subjects: [
        { kind: EventSubjectKind.STRATEGY, id: String(strategy.id) },
        { kind: EventSubjectKind.TEAM, id: String(org.children[0].id) },
      ],
      teamIds: pathIds(org.children[0]),
      memberIds: [managerOf(org.children[0]).id],
    });
    expect(sent.payload.reviewDate).toBe('2033-02-28');
    expect(await eventsOf(EventSubjectKind.STRATEGY, draft.id)).toEqual([]);

    const em = db.em();
    em.create(StrategyReview, { strategy: strategy.id, reviewedOn: '2033-03-01', summary: 'По плану', changes: [] });
    await em.flush();
    await tick('2033-04-01T01:00:00Z');
    const reviewDates = (await eventsOf(EventSubjectKind.STRATEGY, strategy.id)).map((e) => e.payload.reviewDate);
    expect(reviewDates).toEqual(['2033-02-28', '2033-04-01']);
  });

  it('reminds the owner of an organisation-wide strategy (and admins, who read every event)', async () => {
    const strategy = await addStrategy(null);
    await tick('2033-02-28T00:10:00Z');
    const [sent] = await eventsOf(EventSubjectKind.STRATEGY, strategy.id);
    expect(sent).toMatchObject({ subjects: [{ kind: EventSubjectKind.STRATEGY }], teamIds: [], memberIds: [managerOf(org.root).id] });
  });
});

describe('the reminder scheduler', () => {
  it('is off in tests unless asked, on elsewhere, ticking every minute with an hour of lead by default', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).reminders.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', REMINDERS: 'true' }).reminders.enabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).reminders).toEqual({ enabled: true, tickSeconds: 60, leadMinutes: 60, catchUpDays: 7 });
  });

  it('ticks at start; several schedulers, and a restart, send each reminder once', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const [followUp] = await addFollowUps(today);
    const config = { ...loadConfig({ NODE_ENV: 'test' }).reminders, enabled: true };
    const log = createLogger('silent');
    const stops = [scheduleReminders(db.orm, config, log), scheduleReminders(db.orm, config, log)];
    await Promise.all(stops.map((stop) => stop()));
    await scheduleReminders(db.orm, config, log)();
    expect(await remindersOf(followUp)).toEqual([[EventType.FOLLOW_UP_DUE, `${today}T00:00:00.000Z`]]);
  });

  // Two processes need two sessions: the embedded database serves one connection, so these run on PostgreSQL only.
  it.skipIf(!process.env.DATABASE_URL)('sends each reminder exactly once while two schedulers tick at the same time', async () => {
    const followUps = await addFollowUps('2034-01-10', 120);
    const other = await openOrm({ clientUrl: db.url, embedded: false });
    try {
      const orms = [db.orm, other];
      for (const now of ['2034-01-09T23:10:00Z', '2034-01-09T23:10:00Z', '2034-01-11T00:10:00Z', '2034-01-11T00:10:01Z']) {
        await Promise.all(orms.flatMap((orm) => [1, 2, 3].map(() => runReminderTick(orm.em.fork(), SETTINGS, new Date(now)))));
      }
    } finally {
      await other.close();
    }
    const counts = await db
      .em()
      .getConnection()
      .execute<{ type: EventType; events: number; followUps: number }[]>(
        `select type, count(*)::int as events, count(distinct subjects->0->>'id')::int as "followUps" from domain_event
         where type in (?, ?) and (subjects->0->>'id')::int between ? and ? group by type order by type`,
        [EventType.FOLLOW_UP_DUE, EventType.FOLLOW_UP_OVERDUE, followUps[0].id, followUps.at(-1)!.id],
      );
    expect(counts).toEqual([
      { type: EventType.FOLLOW_UP_DUE, events: 120, followUps: 120 },
      { type: EventType.FOLLOW_UP_OVERDUE, events: 120, followUps: 120 },
    ]);
  });

  it.skipIf(!process.env.DATABASE_URL)('does nothing while another process holds the reminder lock', async () => {
    const [followUp] = await addFollowUps('2034-02-10');
    await db.em().transactional(async (holder) => {
      await holder.execute('select pg_advisory_xact_lock(?)', [REMINDER_LOCK]);
      expect(await tick('2034-02-09T23:30:00Z')).toBeNull();
    });
    expect(await remindersOf(followUp)).toEqual([]);
    expect(await tick('2034-02-09T23:30:00Z')).toMatchObject({ followUpsDue: 1 });
  });
});
