import { requireDecimalInRange, requireEmail } from '../../../validate.js';
import { RecordKind } from '../../kinds.js';
import type { ImportContext, KindHandler, RowDraft } from '../handler.js';
import { nextIds, query } from '../sql.js';
import { problemOf } from '../values.js';

export const territories: KindHandler = { kind: RecordKind.TERRITORIES };

/** A team's row in its file, by the key its children name it with. */
interface TeamNode {
  draft: RowDraft;
  parentKey: string | null;
}

/**
 * Teams are written parents first, a level at a time, so that each knows its parent's path; parents
 * that form a cycle in the file are refused, and so is a parent under the team in the database.
 */
export const teams: KindHandler = {
  kind: RecordKind.TEAMS,
  wholeFile: true,
  ownFields: ['manager'],
  extraColumns: [
    { name: 'path', type: 'text' },
    { name: 'manager_id', type: 'int', keep: true },
  ],
  async levels(drafts, ctx) {
    const nodes = new Map<string, TeamNode>();
    for (const draft of drafts)
      if (draft.key !== null) nodes.set(draft.key, { draft, parentKey: (draft.values.parent as string | null) ?? null });
    markCycles(nodes);
    const depthOf = new Map<RowDraft, number>();
    const depth = (draft: RowDraft, trail = 0): number => {
      const known = depthOf.get(draft);
      if (known !== undefined) return known;
      const parentKey = (draft.values.parent as string | null) ?? null;
      const parent = parentKey === null ? undefined : nodes.get(parentKey);
      const value = parent && parent.draft !== draft && trail < nodes.size ? depth(parent.draft, trail + 1) + 1 : 0;
      depthOf.set(draft, value);
      return value;
    };
    const levels: RowDraft[][] = [];
    for (const draft of drafts) (levels[depth(draft)] ??= []).push(draft);
    await loadPaths(ctx);
    await numberNewTeams(drafts, ctx);
    return levels.filter(Boolean);
  },
  prepare(draft, ctx) {
    const parentId = draft.columns.parent_id as number | null;
    const paths = teamPaths(ctx);
    const own = draft.isNew ? null : paths.get(draft.id!);
    if (parentId === null) {
      draft.columns.path = `/${draft.id}/`;
    } else {
      const parentPath = paths.get(parentId);
      if (parentPath === undefined || (own && parentPath.startsWith(own))) {
        draft.problems.push({ column: 'parent', rule: 'team-cycle', message: 'the parent is this team or one of its sub-teams' });
        return;
      }
      draft.columns.path = `${parentPath}${draft.id}/`;
    }
    deferManager(draft, ctx);
  },
  async afterWrite(drafts, changed, ctx) {
    const paths = teamPaths(ctx);
    for (const draft of drafts) {
      const before = paths.get(draft.id!);
      const after = draft.columns.path as string;
      if (before && before !== after) {
        // The team moved: its sub-teams' paths follow.
        await query(ctx.em, 'update team set path = ? || substr(path, length(?) + 1) where path like ? and id <> ?', [
          after,
          before,
          `${before}%`,
          draft.id,
        ]);
        for (const [id, path] of paths) if (path.startsWith(before)) paths.set(id, after + path.slice(before.length));
        changed.add(draft.id!);
      }
      paths.set(draft.id!, after);
    }
  },
};

/** New teams get their ids in file order, as the rows of every other kind do, though they are written a level at a time. */
async function numberNewTeams(drafts: RowDraft[], ctx: ImportContext): Promise<void> {
  await ctx.refs.resolve(
    RecordKind.TEAMS,
    drafts.flatMap((d) => [d.externalId, d.natural].filter((k): k is string => !!k)),
  );
  const fresh = drafts.filter(
    (d) => d.problems.length === 0 && [d.externalId, d.natural].every((k) => !k || ctx.refs.idOf(RecordKind.TEAMS, k) === undefined),
  );
  const ids = await nextIds(ctx.em, 'team', fresh.length);
  fresh.forEach((draft, i) => {
    draft.id = ids[i];
    draft.isNew = true;
  });
}

function markCycles(nodes: Map<string, TeamNode>): void {
  for (const [start, node] of nodes) {
    const trail = new Set<string>([start]);
    let key = node.parentKey;
    while (key !== null && nodes.has(key)) {
      if (trail.has(key)) {
        if (key === start)
          node.draft.problems.push({ column: 'parent', rule: 'team-cycle', message: `team "${start}" would be its own ancestor` });
        break;
      }
      trail.add(key);
      key = nodes.get(key)!.parentKey;
    }
  }
}

const PATHS = new WeakMap<ImportContext, Map<number, string>>();

function teamPaths(ctx: ImportContext): Map<number, string> {
  let paths = PATHS.get(ctx);
  if (!paths) PATHS.set(ctx, (paths = new Map()));
  return paths;
}

async function loadPaths(ctx: ImportContext): Promise<void> {
  const rows = await query<{ id: number; path: string }>(ctx.em, 'select id, path from team');
  const paths = teamPaths(ctx);
  for (const row of rows) paths.set(Number(row.id), row.path);
}

/**
 * A manager is a member, and members come after teams: a manager the job has not met yet is set once
 * the members are in, or refused then. Until then the team keeps the manager it has.
 */
function deferManager(draft: RowDraft, ctx: ImportContext): void {
  const key = draft.values.manager as string | null;
  draft.columns.manager_id = key === null ? null : (ctx.refs.idOf(RecordKind.MEMBERS, key) ?? null);
  if (key === null || draft.columns.manager_id !== null) return;
  if (!ctx.kinds.has(RecordKind.MEMBERS)) {
    draft.problems.push(ctx.refs.problem(RecordKind.MEMBERS, 'manager', key));
    return;
  }
  let pending = MANAGERS.get(ctx);
  if (!pending) {
    MANAGERS.set(ctx, (pending = []));
    ctx.deferred.push(setManagers);
  }
  pending.push({ draft, key });
}

const MANAGERS = new WeakMap<ImportContext, { draft: RowDraft; key: string }[]>();

async function setManagers(ctx: ImportContext): Promise<void> {
  const pending = MANAGERS.get(ctx) ?? [];
  await ctx.refs.resolve(
    RecordKind.MEMBERS,
    pending.map((p) => p.key),
  );
  const found = pending.filter((p) => ctx.refs.idOf(RecordKind.MEMBERS, p.key) !== undefined);
  for (const p of pending)
    if (!found.includes(p)) ctx.lateErrors.push({ draft: p.draft, problem: ctx.refs.problem(RecordKind.MEMBERS, 'manager', p.key) });
  if (found.length === 0) return;
  await query(
    ctx.em,
    `update team t set manager_id = r.manager_id from json_to_recordset(?::json) as r(id int, manager_id int)
      where t.id = r.id and t.manager_id is distinct from r.manager_id`,
    [JSON.stringify(found.map((p) => ({ id: p.draft.id, manager_id: ctx.refs.idOf(RecordKind.MEMBERS, p.key) })))],
  );
}

/** Members: e-mail in lower case and unique, capability 0–5; their team is kept for the rows that follow. */
export const members: KindHandler = {
  kind: RecordKind.MEMBERS,
  prepare(draft, ctx) {
    try {
      draft.columns.email = requireEmail(String(draft.values.email), 'email');
      draft.columns.capability = requireDecimalInRange(String(draft.values.capability), 'capability', 0, 5, 2);
    } catch (error) {
      draft.problems.push(problemOf(error, null));
    }
    ctx.memberTeams.set(draft.id!, draft.columns.team_id as number);
  },
};
