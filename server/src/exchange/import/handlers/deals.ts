import { DealStatus } from '../../../pipeline/enums.js';
import { RecordKind } from '../../kinds.js';
import type { ImportContext, KindHandler, RowDraft, Stage } from '../handler.js';
import { ensurePartitions } from '../../../db/partitions.js';
import { intList, query } from '../sql.js';
import { checkSplit, type CreditLine, parseCredits, resolveShares, type Share, writeSplits } from './credits.js';
import { loadTeamsOf } from './customers.js';

/** One entry of a deal's stage history: the stage it entered and when. */
interface Entry {
  stage: Stage;
  at: Date;
}

/** What a deal row leaves for after its write: the history to record. */
interface DealExtra {
  /** The whole history the file gave (replaces the recorded one when it differs). */
  history: Entry[] | null;
  /** One move to append (the stage changed and the file gave no history). */
  move: { from: number; fromEnteredAt: Date; to: number; at: Date } | null;
  /** The credit split to record; undefined when the file has no credits column (the recorded one stays). */
  credits?: CreditLine[];
}

interface CurrentDeal {
  stage_id: number;
  furthest_stage_id: number;
  stage_entered_at: Date;
  created_at: Date;
}

const CURRENT = new WeakMap<ImportContext, Map<number, CurrentDeal>>();
const SPLITS = new WeakMap<RowDraft, Share[]>();
const OVERRIDE_CHANGED = 'r.forecast_category_override is distinct from t.forecast_category_override';

/**
 * Deals, past ones included: the status follows the stage, a closed deal has a close date that is not
 * in the future nor before it was created, and its stage history (given, or one entry) is recorded as it
 * happened — the funnel, cycle times and milestones read it as if the deal had lived here.
 */
export const deals: KindHandler = {
  kind: RecordKind.DEALS,
  versioned: true,
  stamped: true,
  extraColumns: [
    { name: 'status', type: 'text' },
    { name: 'furthest_stage_id', type: 'int', keep: true },
    { name: 'stage_entered_at', type: 'timestamptz', keep: true, insertDefault: 'now()' },
    {
      name: 'forecast_override_set_at',
      type: 'timestamptz',
      update: `case when ${OVERRIDE_CHANGED} then (case when r.forecast_category_override is null then null else now() end) else t.forecast_override_set_at end`,
    },
  ],
  async identify(drafts, ctx) {
    await loadTeamsOf(drafts, ['owner'], ctx);
    for (const draft of drafts) {
      const split = parseCredits(draft);
      if (split) SPLITS.set(draft, split);
    }
    await resolveShares(
      drafts.map((d) => SPLITS.get(d) ?? []),
      ctx,
    );
    const ids = drafts.filter((d) => d.id !== null).map((d) => d.id);
    const current = new Map<number, CurrentDeal>();
    CURRENT.set(ctx, current);
    if (ids.length === 0) return;
    const rows = await query<CurrentDeal & { id: number }>(
      ctx.em,
      `select id, stage_id, furthest_stage_id, stage_entered_at, created_at from deal where id = any(?::int[])`,
      [intList(ids as number[])],
    );
    for (const row of rows) {
      current.set(Number(row.id), {
        stage_id: Number(row.stage_id),
        furthest_stage_id: Number(row.furthest_stage_id),
        stage_entered_at: new Date(row.stage_entered_at),
        created_at: new Date(row.created_at),
      });
    }
  },
  prepare(draft, ctx) {
    const c = draft.columns;
    const stage = ctx.catalogue.stages.get(String(draft.values.stage).toUpperCase())!;
    c.status = stage.outcome;
    c.team_id ??= ctx.memberTeams.get(c.owner_id as number) ?? null;
    c.forecast_override_set_at = c.forecast_category_override ? ctx.now : null;
    const history = parseHistory(draft, ctx);
    if (history === undefined) return;
    const current = draft.isNew ? undefined : CURRENT.get(ctx)?.get(draft.id!);
    const closeDate = draft.values.closeDate as string | null;
    // A past deal given without its creation time is taken to have opened on the day it closed.
    const createdAt =
      (draft.values.createdAt as Date | null) ??
      history[0]?.at ??
      current?.created_at ??
      (closeDate ? new Date(`${closeDate}T00:00:00Z`) : ctx.now);
    c.created_at = createdAt;
    checkHistory(draft, history, stage, createdAt, ctx);
    checkClose(draft, stage, createdAt, ctx);
    const split = SPLITS.get(draft);
    const checked = split && checkSplit(split, c.owner_id as number, c.team_id as number, ctx);
    if (checked) draft.problems.push(...checked.problems);
    if (draft.problems.length > 0) return;
    const extra: DealExtra = { history: history.length > 0 ? history : null, move: null, credits: checked?.lines };
    if (history.length === 0 && !current) extra.history = [{ stage, at: createdAt }];
    if (extra.history) {
      c.stage_entered_at = extra.history[extra.history.length - 1].at;
      c.furthest_stage_id = furthestOf(extra.history);
    } else if (current && current.stage_id !== stage.id) {
      extra.move = { from: current.stage_id, fromEnteredAt: current.stage_entered_at, to: stage.id, at: ctx.now };
      c.stage_entered_at = ctx.now;
      const before = [...ctx.catalogue.stages.values()].find((s) => s.id === current.furthest_stage_id);
      c.furthest_stage_id =
        stage.outcome === DealStatus.OPEN && (!before || stage.position > before.position) ? stage.id : current.furthest_stage_id;
    }
    draft.extra = extra;
    ctx.touchedCustomers.add(c.account_id as number);
  },
  async afterWrite(drafts, changed, ctx) {
    const splits = drafts
      .filter((d) => (d.extra as DealExtra).credits !== undefined)
      .map((d) => ({ draft: d, lines: (d.extra as DealExtra).credits!, closeDate: d.columns.close_date as string | null }));
    for (const id of await writeSplits(splits, ctx)) changed.add(id);
    const given = drafts.filter((d) => !d.isNew && (d.extra as DealExtra).history);
    const differing = await differingHistories(given, ctx);
    if (differing.length > 0) {
      await query(ctx.em, `delete from deal_stage_change where deal_id = any(?::int[])`, [intList(differing.map((d) => d.id))]);
      for (const d of differing) changed.add(d.id!);
    }
    const rows = [...drafts.filter((d) => d.isNew), ...differing].flatMap((d) => historyRows(d));
    for (const d of drafts) {
      const move = (d.extra as DealExtra).move;
      if (move) rows.push(changeRow(d, move.from, move.fromEnteredAt, move.to, move.at));
    }
    if (rows.length === 0) return;
    // Imported history lands in its own months' partitions rather than in the default one.
    await ensurePartitions(
      ctx.em,
      'deal_stage_change',
      rows.map((r) => new Date(r.deal_created_at as Date)),
    );
    await query(
      ctx.em,
      `insert into deal_stage_change (deal_id, team_id, deal_created_at, from_stage_id, to_stage_id, changed_at, from_entered_at)
       select r.deal_id, r.team_id, r.deal_created_at, r.from_stage_id, r.to_stage_id, r.changed_at, r.from_entered_at
         from json_to_recordset(?::json) as r(deal_id int, team_id int, deal_created_at timestamptz, from_stage_id int, to_stage_id int, changed_at timestamptz, from_entered_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  },
};

/** `CODE@time|CODE@time` in CSV, or [{ stage, changedAt }] in JSON; undefined when it breaks a rule (a problem is added). */
function parseHistory(draft: RowDraft, ctx: ImportContext): Entry[] | undefined {
  const given = draft.fields.stageHistory;
  if (given === null || given === undefined || given === '') return [];
  const items: unknown[] = typeof given === 'string' ? given.split('|').filter((s) => s.trim()) : Array.isArray(given) ? given : [given];
  const entries: Entry[] = [];
  for (const [i, item] of items.entries()) {
    const [code, time] =
      typeof item === 'string'
        ? [item.slice(0, item.indexOf('@')).trim(), item.slice(item.indexOf('@') + 1).trim()]
        : [String((item as { stage?: unknown })?.stage ?? ''), String((item as { changedAt?: unknown })?.changedAt ?? '')];
    const stage = ctx.catalogue.stages.get(code.toUpperCase());
    const at = new Date(time);
    if (!stage || !/^\d{4}-\d{2}-\d{2}T/.test(time) || Number.isNaN(at.getTime())) {
      draft.problems.push({
        column: 'stageHistory',
        rule: 'stage-history',
        message: `entry ${i + 1} "${typeof item === 'string' ? item : JSON.stringify(item)}" is not STAGE@time with a known stage and an ISO time`,
      });
      return undefined;
    }
    entries.push({ stage, at });
  }
  return entries;
}

function checkHistory(draft: RowDraft, history: Entry[], stage: Stage, createdAt: Date, ctx: ImportContext): void {
  const message = historyProblem(history, stage, createdAt, ctx);
  if (message) draft.problems.push({ column: 'stageHistory', rule: 'stage-history', message });
}

/** What is wrong with a stage history, if anything. */
function historyProblem(history: Entry[], stage: Stage, createdAt: Date, ctx: ImportContext): string | null {
  if (history.length === 0) return null;
  const last = history[history.length - 1];
  const back = history.findIndex((entry, i) => i > 0 && entry.at < history[i - 1].at);
  if (back > 0) return `entry ${back + 1} goes back in time`;
  if (history[0].at < createdAt) return 'the first entry lies before the deal was created';
  if (last.at > ctx.now) return 'the last entry lies in the future';
  if (last.stage.id !== stage.id) return `the last entry is ${last.stage.code}, not the deal's stage ${stage.code}`;
  return null;
}

function checkClose(draft: RowDraft, stage: Stage, createdAt: Date, ctx: ImportContext): void {
  const closeDate = draft.values.closeDate as string | null;
  const closed = stage.outcome !== DealStatus.OPEN;
  if (closed && closeDate === null) {
    draft.problems.push({ column: 'closeDate', rule: 'closed-stage', message: `a deal in stage ${stage.code} needs its close date` });
  } else if (!closed && closeDate !== null) {
    draft.problems.push({ column: 'closeDate', rule: 'closed-stage', message: `a deal in the open stage ${stage.code} has no close date` });
  } else if (closeDate !== null && closeDate > ctx.now.toISOString().slice(0, 10)) {
    draft.problems.push({ column: 'closeDate', rule: 'not-in-future', message: `${closeDate} is in the future` });
  } else if (closeDate !== null && closeDate < createdAt.toISOString().slice(0, 10)) {
    draft.problems.push({
      column: 'closeDate',
      rule: 'close-before-created',
      message: `${closeDate} is before the deal was created (${createdAt.toISOString().slice(0, 10)})`,
    });
  }
}

/** The furthest open stage the history reached; the first stage when it never was open. */
function furthestOf(history: Entry[]): number {
  const open = history.filter((e) => e.stage.outcome === DealStatus.OPEN);
  if (open.length === 0) return history[0].stage.id;
  return open.reduce((a, b) => (b.stage.position > a.stage.position ? b : a)).stage.id;
}

function changeRow(draft: RowDraft, from: number | null, fromEnteredAt: Date | null, to: number, at: Date) {
  return {
    deal_id: draft.id,
    team_id: draft.columns.team_id,
    deal_created_at: draft.columns.created_at,
    from_stage_id: from,
    to_stage_id: to,
    changed_at: at,
    from_entered_at: fromEnteredAt,
  };
}

function historyRows(draft: RowDraft) {
  const history = (draft.extra as DealExtra).history ?? [];
  return history.map((entry, i) =>
    changeRow(draft, i === 0 ? null : history[i - 1].stage.id, i === 0 ? null : history[i - 1].at, entry.stage.id, entry.at),
  );
}

const signature = (entries: { stage: number; at: number }[]) => entries.map((e) => `${e.stage}@${e.at}`).join('|');

/** The deals whose recorded history differs from the one their row gives, in one statement. */
async function differingHistories(drafts: RowDraft[], ctx: ImportContext): Promise<RowDraft[]> {
  if (drafts.length === 0) return [];
  const rows = await query<{ deal_id: number; sig: string }>(
    ctx.em,
    `select deal_id, string_agg(to_stage_id || '@' || floor(extract(epoch from changed_at) * 1000)::bigint, '|' order by changed_at, id) as sig
       from deal_stage_change where deal_id = any(?::int[]) group by deal_id`,
    [intList(drafts.map((d) => d.id))],
  );
  const recorded = new Map(rows.map((r) => [Number(r.deal_id), r.sig]));
  return drafts.filter((d) => {
    const history = (d.extra as DealExtra).history!;
    return recorded.get(d.id!) !== signature(history.map((e) => ({ stage: e.stage.id, at: e.at.getTime() })));
  });
}
