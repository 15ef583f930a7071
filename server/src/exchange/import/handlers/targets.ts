import { GoalKind, GoalMetric, type PeriodKind, QuotaMetric } from '../../../goals/enums.js';
import { calendarPeriods, createPeriod } from '../../../goals/period.service.js';
import { RecordKind } from '../../kinds.js';
import type { ImportContext, KindHandler, RowDraft } from '../handler.js';
import { intList, query } from '../sql.js';
import { problemOf } from '../values.js';

const PERIODS = new WeakMap<ImportContext, Map<string, number | null>>();

/**
 * The period a row names by kind and first day: found, or created when it is a calendar month, quarter
 * or year (named as the organisation names them); any other period must exist.
 */
async function resolvePeriods(drafts: RowDraft[], ctx: ImportContext): Promise<void> {
  let known = PERIODS.get(ctx);
  if (!known) PERIODS.set(ctx, (known = new Map()));
  for (const draft of drafts) {
    const kind = draft.values.periodKind as PeriodKind | null;
    const start = draft.values.periodStart as string | null;
    if (kind === null || start === null || draft.problems.length > 0) continue;
    const key = `${kind}:${start}`;
    if (!known.has(key)) known.set(key, await findOrCreatePeriod(kind, start, draft, ctx));
    const id = known.get(key);
    if (id === null || id === undefined) {
      draft.problems.push({
        column: 'periodStart',
        rule: 'unknown-reference',
        message: `no ${kind} period starts on ${start}, and it is not a calendar ${kind.toLowerCase()}`,
      });
    } else draft.columns.period_id = id;
  }
}

async function findOrCreatePeriod(kind: PeriodKind, start: string, draft: RowDraft, ctx: ImportContext): Promise<number | null> {
  const rows = await query<{ id: number }>(ctx.em, 'select id from period where kind = ? and start_date = ?', [kind, start]);
  if (rows.length > 0) return Number(rows[0].id);
  const calendar = calendarPeriods(Number(start.slice(0, 4))).find((p) => p.kind === kind && p.startDate === start);
  if (!calendar) return null;
  try {
    return (await createPeriod(ctx.em, calendar)).id;
  } catch (error) {
    draft.problems.push(problemOf(error, 'periodStart'));
    return null;
  }
}

/** Exactly one owner: a member or a team. */
function oneOwner(draft: RowDraft): void {
  if ((draft.values.member === null) === (draft.values.team === null)) {
    draft.problems.push({
      column: draft.values.member === null ? 'member' : 'team',
      rule: 'one-owner',
      message: 'give a member or a team, not both and not neither',
    });
  }
}

function wholeNumber(draft: RowDraft, countMetric: boolean): void {
  const target = draft.values.target as string | null;
  if (countMetric && target !== null && !/\.0+$|^\d+$/.test(target)) {
    draft.problems.push({
      column: 'target',
      rule: 'whole-number',
      message: `${target} is not a whole number of ${String(draft.values.metric).toLowerCase()}`,
    });
  }
}

/** What quotas and goals share: versioned records of one owner in one period. */
const OWNED_IN_A_PERIOD = { versioned: true, stamped: true, extraColumns: [{ name: 'period_id', type: 'int' as const }] };

async function ownerAndPeriod(drafts: RowDraft[], ctx: ImportContext): Promise<void> {
  for (const draft of drafts) oneOwner(draft);
  await resolvePeriods(drafts, ctx);
}

const QUOTA_KEYS = new WeakMap<ImportContext, Map<string, number>>();

/** Quotas: one per owner, period and metric — a row without an external id updates the one it names. */
export const quotas: KindHandler = {
  kind: RecordKind.QUOTAS,
  ...OWNED_IN_A_PERIOD,
  async identify(drafts, ctx) {
    await ownerAndPeriod(drafts, ctx);
    const owned = drafts.filter((d) => d.problems.length === 0);
    const keyOf = (d: RowDraft) => {
      const member = d.values.member === null ? null : ctx.refs.idOf(RecordKind.MEMBERS, String(d.values.member));
      const team = d.values.team === null ? null : ctx.refs.idOf(RecordKind.TEAMS, String(d.values.team));
      return {
        member_id: member ?? null,
        team_id: team ?? null,
        period_id: d.columns.period_id as number,
        metric: d.values.metric as string,
      };
    };
    const keys = owned.map(keyOf);
    const rows = await query<{ id: number; member_id: number | null; team_id: number | null; period_id: number; metric: string }>(
      ctx.em,
      `select q.id, q.member_id, q.team_id, q.period_id, q.metric from quota q
         join json_to_recordset(?::json) as r(member_id int, team_id int, period_id int, metric text)
           on q.member_id is not distinct from r.member_id and q.team_id is not distinct from r.team_id and q.period_id = r.period_id and q.metric = r.metric`,
      [JSON.stringify(keys)],
    );
    const text = (k: { member_id: number | null; team_id: number | null; period_id: number; metric: string }) =>
      `${k.member_id ?? ''}:${k.team_id ?? ''}:${k.period_id}:${k.metric}`;
    const existing = new Map(
      rows.map((r) => [
        text({
          ...r,
          member_id: r.member_id === null ? null : Number(r.member_id),
          team_id: r.team_id === null ? null : Number(r.team_id),
          period_id: Number(r.period_id),
        }),
        Number(r.id),
      ]),
    );
    let seen = QUOTA_KEYS.get(ctx);
    if (!seen) QUOTA_KEYS.set(ctx, (seen = new Map()));
    owned.forEach((draft, i) => {
      const key = text(keys[i]);
      const first = seen.get(key);
      if (first !== undefined) {
        draft.problems.push({ column: 'metric', rule: 'duplicate-row', message: `the same owner, period and metric as row ${first}` });
        return;
      }
      seen.set(key, draft.row);
      draft.id ??= existing.get(key) ?? null;
    });
    await rememberTargets(drafts, ctx);
  },
  async afterWrite(drafts, changed, ctx) {
    await recordQuotaChanges(
      drafts.filter((d) => changed.has(d.id!)),
      ctx,
    );
  },
  prepare(draft) {
    wholeNumber(draft, draft.values.metric !== QuotaMetric.REVENUE);
  },
};

const TARGETS = new WeakMap<ImportContext, Map<number, string>>();

/** The targets of the quotas the rows update, before they do: the history shows what each was. */
async function rememberTargets(drafts: RowDraft[], ctx: ImportContext): Promise<void> {
  const ids = drafts.filter((d) => d.id !== null).map((d) => d.id!);
  const rows = ids.length
    ? await query<{ id: number; target: string }>(ctx.em, 'select id, target::text from quota where id = any(?::int[])', [intList(ids)])
    : [];
  TARGETS.set(ctx, new Map(rows.map((r) => [Number(r.id), r.target])));
}

/** Each quota the import created or changed gets its line in the quota's history, as setQuota writes one (source IMPORT). */
async function recordQuotaChanges(drafts: RowDraft[], ctx: ImportContext): Promise<void> {
  if (drafts.length === 0) return;
  const before = TARGETS.get(ctx) ?? new Map<number, string>();
  await query(
    ctx.em,
    `insert into quota_change (quota_id, changed_by_id, changed_by_role, old_target, new_target, version, source, note)
     select q.id, ?, ?, r.old_target, q.target, q.version, 'IMPORT', ?
       from json_to_recordset(?::json) as r(id int, old_target numeric) join quota q on q.id = r.id`,
    [
      ctx.actor.memberId,
      ctx.actor.role,
      `imported from ${ctx.refs.source}`,
      JSON.stringify(drafts.map((d) => ({ id: d.id, old_target: d.isNew ? null : (before.get(d.id!) ?? null) }))),
    ],
  );
}

/** Goals: one owner, a period, and the shape of their kind (a metric and target, or acceptance criteria). */
export const goals: KindHandler = {
  kind: RecordKind.GOALS,
  ...OWNED_IN_A_PERIOD,
  identify: ownerAndPeriod,
  prepare(draft) {
    const quantitative = draft.values.kind === GoalKind.QUANTITATIVE;
    const v = draft.values;
    if (quantitative && (v.metric === null || v.target === null)) {
      draft.problems.push({
        column: v.metric === null ? 'metric' : 'target',
        rule: 'smart-measurable',
        message: 'a quantitative goal needs a metric and a target',
      });
    } else if (!quantitative && (v.metric !== null || v.target !== null)) {
      draft.problems.push({ column: 'metric', rule: 'qualitative-no-metric', message: 'a qualitative goal has no metric or target' });
    } else if (!quantitative && v.acceptanceCriteria === null) {
      draft.problems.push({
        column: 'acceptanceCriteria',
        rule: 'goal-shape',
        message: 'a qualitative goal needs its acceptance criteria',
      });
    }
    wholeNumber(draft, quantitative && v.metric !== GoalMetric.REVENUE && v.metric !== GoalMetric.WIN_RATE);
  },
};
