import DataLoader from 'dataloader';
import { defineLoader, groupByKey } from '../graphql/loaders.js';
import type { MemberRole } from '../org/enums.js';
import { DevelopmentPlan, SkillAssessment, Training } from './development.entity.js';
import type { Kpi } from './enums.js';
import { Feedback } from './feedback.entity.js';
import { Milestone } from './milestone.entity.js';
import { Recognition } from './recognition.entity.js';

export interface ExpectationKey {
  role: MemberRole;
  /** Path of the member's team: an override of any team above (or of it) replaces the default. */
  teamPath: string;
}

/** The expectations that apply to a role in a team: per KPI, the deepest team's override, else the organisation default. */
export const expectationsFor = defineLoader(
  (em) =>
    new DataLoader<ExpectationKey, { kpi: Kpi; target: string }[], string>(
      async (keys) => {
        const rows = await em.execute<{ idx: number; kpi: Kpi; target: string }[]>(
          `select distinct on (k.idx, e.kpi) k.idx, e.kpi, e.target::text as target
             from unnest(array[?]::text[], array[?]::text[]) with ordinality as k(role, path, idx)
             join expectation e on e.role = k.role
             left join team t on t.id = e.team_id
            where e.team_id is null or k.path like t.path || '%'
            order by k.idx, e.kpi, length(t.path) desc nulls last`,
          [keys.map((k) => k.role), keys.map((k) => k.teamPath)],
        );
        return groupByKey(
          keys.map((_, i) => i + 1),
          rows,
          (r) => Number(r.idx),
        ).map((group) => group.map(({ kpi, target }) => ({ kpi, target })));
      },
      { cacheKeyFn: (k) => `${k.role}:${k.teamPath}` },
    ),
);

export interface ActivityKey {
  memberId: number;
  from: string;
  /** Inclusive. */
  to: string;
}

/** Customer interactions of a member between two days (UTC), for many members at once. */
export const activityCount = defineLoader(
  (em) =>
    new DataLoader<ActivityKey, number, string>(
      async (keys) => {
        const rows = await em.execute<{ idx: string; count: string }[]>(
          `select k.idx, (select count(*) from interaction i where i.member_id = k.member_id
                  and i.occurred_at >= k.from_day::timestamp at time zone 'UTC' and i.occurred_at < (k.to_day + 1)::timestamp at time zone 'UTC') as count
             from unnest(array[?]::int[], array[?]::date[], array[?]::date[]) with ordinality as k(member_id, from_day, to_day, idx)`,
          [keys.map((k) => k.memberId), keys.map((k) => k.from), keys.map((k) => k.to)],
        );
        const byIdx = new Map(rows.map((r) => [Number(r.idx), Number(r.count)]));
        return keys.map((_, i) => byIdx.get(i + 1) ?? 0);
      },
      { cacheKeyFn: (k) => `${k.memberId}:${k.from}:${k.to}` },
    ),
);

/** Ids of the last `months` MONTH periods that start on or before a day, oldest first. */
export const monthsUpTo = defineLoader(
  (em) =>
    new DataLoader<{ day: string; months: number }, number[], string>(
      async (keys) => {
        const rows = await em.execute<{ idx: string; id: number }[]>(
          `select k.idx, p.id
             from unnest(array[?]::date[], array[?]::int[]) with ordinality as k(day, months, idx)
             cross join lateral (select id, start_date from period where kind = 'MONTH' and start_date <= k.day order by start_date desc limit k.months) p
            order by k.idx, p.start_date`,
          [keys.map((k) => k.day), keys.map((k) => k.months)],
        );
        return groupByKey(
          keys.map((_, i) => i + 1),
          rows,
          (r) => Number(r.idx),
        ).map((group) => group.map((r) => Number(r.id)));
      },
      { cacheKeyFn: (k) => `${k.day}:${k.months}` },
    ),
);

/** A member's rows of one entity, newest first. */
function ofMember<T extends { member: { id: number } }>(entity: new () => T, orderBy: Record<string, 'asc' | 'desc'>) {
  return defineLoader(
    (em) =>
      new DataLoader<number, T[]>(async (memberIds) => {
        const rows = await em.find(entity, { member: { $in: [...memberIds] } } as never, { orderBy: orderBy as never });
        return groupByKey(memberIds, rows, (row) => row.member.id);
      }),
  );
}

export const feedbackOfMember = ofMember(Feedback, { givenAt: 'desc', id: 'desc' });
export const recognitionsOfMember = ofMember(Recognition, { givenAt: 'desc', id: 'desc' });
export const skillsOfMember = ofMember(SkillAssessment, { skill: 'asc', assessedOn: 'desc', id: 'desc' });
export const trainingsOfMember = ofMember(Training, { plannedOn: 'desc', id: 'desc' });
export const plansOfMember = ofMember(DevelopmentPlan, { dueDate: 'asc', id: 'asc' });

/** Milestones of members or teams (keys "MEMBER:12", "TEAM:3"), newest first. */
export const milestonesOfOwner = defineLoader(
  (em) =>
    new DataLoader<string, Milestone[]>(async (keys) => {
      const ids = (kind: string) => keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.slice(kind.length + 1)));
      const rows = await em.find(
        Milestone,
        { $or: [{ member: { $in: ids('MEMBER') } }, { team: { $in: ids('TEAM') } }] },
        { orderBy: { reachedOn: 'desc', threshold: 'desc', id: 'desc' } },
      );
      return groupByKey(keys, rows, (m) => (m.member ? `MEMBER:${m.member.id}` : `TEAM:${m.team!.id}`));
    }),
);
