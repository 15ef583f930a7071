import type { EntityManager } from '@mikro-orm/postgresql';
import { StrategyStatus } from '../../strategy/enums.js';
import { EventType } from '../event-type.js';

/**
 * The most reminders of each query one tick sends: with both queries the tick writes at most 300
 * events, one INSERT at the ORM's batch size; any others go out on the next tick.
 */
export const FOLLOW_UPS_PER_TICK = 200;
export const STRATEGIES_PER_TICK = 100;

/** The dates a tick looks at, as ISO dates (UTC, as the follow-ups' `overdue` field counts days). */
export interface ReminderWindow {
  /** Today: a follow-up due before it is overdue; a review date up to it has arrived. */
  today: string;
  /** The day `now + lead` falls on: follow-ups due from today to it are coming due. */
  dueUntil: string;
  /** Nothing that fell due before this day is reminded of any more (REMINDER_CATCH_UP_DAYS). */
  since: string;
}

export interface FollowUpReminder {
  kind: EventType.FOLLOW_UP_DUE | EventType.FOLLOW_UP_OVERDUE;
  id: number;
  due_on: string;
  title: string;
  customer_id: number;
  deal_id: number | null;
  assignee_id: number;
  team_path: string;
}

export interface StrategyReminder {
  id: number;
  due_on: string;
  name: string;
  owner_id: number;
  team_id: number | null;
  team_path: string | null;
}

/**
 * Claims the follow-up reminders that are due and not sent yet, and returns them: one statement that
 * selects the open follow-ups due in the window, writes them to reminder_sent (ON CONFLICT DO NOTHING,
 * so a reminder another session wrote meanwhile is not returned) and reads back what it wrote.
 */
export function claimFollowUpReminders(em: EntityManager, window: ReminderWindow): Promise<FollowUpReminder[]> {
  return em.execute<FollowUpReminder[]>(
    `with due as (
       select case when f.due_date < ?::date then '${EventType.FOLLOW_UP_OVERDUE}' else '${EventType.FOLLOW_UP_DUE}' end as kind,
              f.id, f.due_date, f.title, f.customer_id, f.deal_id, f.assignee_id, t.path as team_path
       from follow_up f
       join member m on m.id = f.assignee_id
       join team t on t.id = m.team_id
       where not f.done and f.due_date between ?::date and ?::date
     ), candidate as (
       select * from due
       where not exists (select 1 from reminder_sent r where r.kind = due.kind and r.record_id = due.id and r.due_on = due.due_date)
       order by due_date, id
       limit ${FOLLOW_UPS_PER_TICK}
     ), sent as (
       insert into reminder_sent (kind, record_id, due_on)
       select kind, id, due_date from candidate
       on conflict do nothing
       returning kind, record_id, due_on
     )
     select c.kind, c.id, c.due_date::text as due_on, c.title, c.customer_id, c.deal_id, c.assignee_id, c.team_path
     from candidate c join sent s on s.kind = c.kind and s.record_id = c.id and s.due_on = c.due_date
     order by c.due_date, c.id`,
    [window.today, window.since, window.dueUntil],
  );
}

/**
 * Claims the strategy reviews that have come due and not been reminded of, as claimFollowUpReminders
 * does. A strategy's review date is its `nextReviewDue`: the latest review (or the start) plus
 * `reviewEveryMonths` (PostgreSQL clamps to the month's last day, as strategy.service.ts does); only
 * active strategies are reviewed, and not after their end date.
 */
export function claimStrategyReminders(em: EntityManager, window: ReminderWindow): Promise<StrategyReminder[]> {
  return em.execute<StrategyReminder[]>(
    `with review as (
       select s.id, s.name, s.owner_id, s.team_id, s.end_date, t.path as team_path,
              (coalesce(latest.reviewed_on, s.start_date) + make_interval(months => s.review_every_months))::date as due_on
       from strategy s
       left join team t on t.id = s.team_id
       left join lateral (select max(r.reviewed_on) as reviewed_on from strategy_review r where r.strategy_id = s.id) latest on true
       where s.status = '${StrategyStatus.ACTIVE}'
     ), candidate as (
       select * from review
       where due_on between ?::date and ?::date
         and (end_date is null or due_on <= end_date)
         and not exists (
           select 1 from reminder_sent r
           where r.kind = '${EventType.STRATEGY_REVIEW_DUE}' and r.record_id = review.id and r.due_on = review.due_on
         )
       order by due_on, id
       limit ${STRATEGIES_PER_TICK}
     ), sent as (
       insert into reminder_sent (kind, record_id, due_on)
       select '${EventType.STRATEGY_REVIEW_DUE}', id, due_on from candidate
       on conflict do nothing
       returning record_id, due_on
     )
     select c.id, c.due_on::text as due_on, c.name, c.owner_id, c.team_id, c.team_path
     from candidate c join sent s on s.record_id = c.id and s.due_on = c.due_on
     order by c.due_on, c.id`,
    [window.since, window.today],
  );
}
