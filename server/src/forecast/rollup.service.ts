import { ReferenceKind, type EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../errors.js';
import { OwnerKind } from '../goals/enums.js';
import { Period } from '../goals/period.entity.js';
import { formatMoney, normaliseMoney, toKopecks } from '../money.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { CATEGORY_SQL } from './category.js';
import { FIGURES_SQL, SUM_FIGURES_SQL, toFigures, type FigureColumns } from './figures.js';
import { ForecastSubmission } from './submission.entity.js';
import { ForecastLine, ForecastRollup } from './types.js';

/**
 * The roll-up of a team for a period in ONE statement, whatever the size of the subtree: the active
 * teams of the subtree with their figures summed over the paths (each team's own deals added to every
 * team on its path; won split deals by their shares, as attainment counts them), the active members of those teams with their own figures, and the latest
 * submission of each (DISTINCT ON) made by the end of `asOf`. The calls are then folded bottom-up here,
 * over one row per team: a team's rolled-up call is the sum of its members' calls (else their closed +
 * commit) and of its child teams' calls (their latest submission, else their own rolled-up call).
 */

const SUBMISSION_COLUMNS = [
  'id',
  'member_id',
  'team_id',
  'period_id',
  'commit',
  'best_case',
  'rolled_up_commit',
  'rolled_up_best_case',
  'adjustment',
  'note',
  'submitted_by_id',
  'submitted_at',
];
const subColumns = (alias: string) => SUBMISSION_COLUMNS.map((c) => `${alias}.${c} as sub_${c}`).join(', ');

/**
 * The deals of `from` (which names the deal `d`) that count for the period `p`, each with its amount and
 * flags: won in the period; open and expected in it (with its category); open and slipped (expected
 * before the start, only when the day asked lies in the period). Won and open deals are asked apart, so
 * that each branch reads its index by team or owner and date (deal_team_close_index,
 * deal_team_open_expected_index, and the owner's ones) instead of every deal of the team.
 */
function countedDeals(key: string, from: string): string {
  return `(select ${key}, d.amount, true as won, false as open_in, false as slipped, null::text as category
             from ${from} cross join p
            where d.status = 'WON' and d.close_date between p.start_date and p.end_date
           union all
           select ${key}, d.amount, false, d.expected_close_date >= p.start_date,
                  p.slipping and d.expected_close_date < p.start_date, ${CATEGORY_SQL}
             from ${from} join sales_stage s on s.id = d.stage_id cross join p
            where d.status = 'OPEN' and d.expected_close_date <= p.end_date
              and (p.slipping or d.expected_close_date >= p.start_date))`;
}

/**
 * Won deals of the period `p` as read from a credit line `c` and its deal `d`, first by the line's copy of
 * the close date. The period's dates come as one-time subqueries (values known before any line is read):
 * the (member, close date) and (team, close date) indexes are then read by both, whatever the join order.
 */
const SPLIT_WON_IN_P = `c.deal_close_date between (select start_date from p) and (select end_date from p)
  and d.status = 'WON' and d.close_date between p.start_date and p.end_date`;

/**
 * Corrections for won split deals (docs/pipeline.md, "Credit splits"), beside countedDeals' rows, which
 * count a split deal in full for its owner and its team: the definition of attainment's won revenue
 * (goals/measures.ts, `splitCorrections`), written here for every member of the subtree and every team
 * on the paths in the same statement. A member gets amount × percent / 100 of their line (overlay too),
 * less the amount of a deal they own (`memberSplits`, rows of countedDeals' shape). A team gets, per
 * deal, the regular shares whose team lies in its subtree, less the amount if the deal's team does
 * (`teamSplits`, per team on the shares' paths: (team_id, closed)). Both read deal_credit through its
 * (member, close date) and (team, close date) indexes, so only split lines reach the deal table and the
 * plain branches stay as they were.
 */
const memberSplits = `select c.member_id as owner_id, d.amount * c.percent / 100 - case when d.owner_id = c.member_id then d.amount else 0 end,
         true, false, false, null::text
    from people m join deal_credit c on c.member_id = m.id join deal d on d.id = c.deal_id cross join p
   where ${SPLIT_WON_IN_P}`;
const teamSplits = `select s.id::int as team_id, sum(s.closed) as closed
    from (select a.id, sum(d.amount * c.percent / 100)
                 - case when dt.path like '%/' || a.id || '/%' then d.amount else 0 end as closed
            from team ct join root on ct.path like root.path || '%'
            join deal_credit c on c.team_id = ct.id and not c.overlay
            join deal d on d.id = c.deal_id join team dt on dt.id = d.team_id cross join p
           cross join lateral unnest(string_to_array(trim(both '/' from ct.path), '/')) as a(id)
           where ${SPLIT_WON_IN_P}
           group by a.id, d.id, dt.path) s
   group by s.id`;

function rollupSql(em: EntityManager): string {
  const ENTITY_COLUMNS = [
    entityColumns(em, Period, 'pp', 'p_'),
    entityColumns(em, Team, 'tt', 't_'),
    entityColumns(em, Member, 'mm', 'm_'),
  ].join(', ');
  return `
with root as (select id, path from team where id = ?),
p as (select id, start_date, end_date, ?::date between start_date and end_date as slipping, ?::date + 1 as cutoff from period where id = ?),
tree as (select t.id, t.parent_id, t.path, t.name from team t join root on t.path like root.path || '%' where t.archived_at is null or t.id = root.id),
people as (select m.id, m.team_id, m.full_name from member m join tree on tree.id = m.team_id where m.archived_at is null),
team_own as (
  select x.team_id, ${FIGURES_SQL}
    from ${countedDeals('d.team_id', "team dt join root on dt.path like root.path || '%' join deal d on d.team_id = dt.id")} x
   group by x.team_id),
team_fig as (
  select a.id::int as team_id, ${SUM_FIGURES_SQL}
    from team_own o join team t on t.id = o.team_id
   cross join lateral unnest(string_to_array(trim(both '/' from t.path), '/')) as a(id)
   group by a.id),
team_split as (${teamSplits}),
member_fig as (
  select x.owner_id, ${FIGURES_SQL}
    from (${countedDeals('d.owner_id', 'people m join deal d on d.owner_id = m.id')} union all ${memberSplits}) x
   group by x.owner_id),
member_sub as (
  select distinct on (fs.member_id) fs.*
    from people m join forecast_submission fs on fs.member_id = m.id cross join p
   where fs.period_id = p.id and fs.submitted_at < p.cutoff
   order by fs.member_id, fs.submitted_at desc, fs.id desc),
team_sub as (
  select distinct on (fs.team_id) fs.*
    from tree t join forecast_submission fs on fs.team_id = t.id cross join p
   where fs.period_id = p.id and fs.submitted_at < p.cutoff
   order by fs.team_id, fs.submitted_at desc, fs.id desc),
member_calls as (
  select m.team_id,
         sum(coalesce(ms.commit, coalesce(f.closed, 0) + coalesce(f.commit, 0))) as members_call,
         sum(coalesce(ms.best_case, coalesce(f.closed, 0) + coalesce(f.commit, 0) + coalesce(f.best_case, 0))) as members_best
    from people m left join member_fig f on f.owner_id = m.id left join member_sub ms on ms.member_id = m.id
   group by m.team_id)
select 'TEAM' as kind, t.id, t.parent_id, t.path, t.name, q.target as quota,
       round(coalesce(f.closed, 0) + coalesce(sp.closed, 0), 2) as closed, f.commit, f.best_case, f.pipeline, f.omitted, f.slipped, f.slipped_deals,
       mc.members_call, mc.members_best, ${subColumns('ts')}, ${ENTITY_COLUMNS}
  from tree t cross join p
  join period pp on pp.id = p.id
  join team tt on tt.id = t.id
  left join member mm on false
  left join team_fig f on f.team_id = t.id
  left join team_split sp on sp.team_id = t.id
  left join member_calls mc on mc.team_id = t.id
  left join team_sub ts on ts.team_id = t.id
  left join quota q on q.team_id = t.id and q.period_id = p.id and q.metric = 'REVENUE'
union all
select 'MEMBER', m.id, m.team_id, null, m.full_name, q.target,
       f.closed, f.commit, f.best_case, f.pipeline, f.omitted, f.slipped, f.slipped_deals,
       null, null, ${subColumns('ms')}, ${ENTITY_COLUMNS}
  from people m join root on m.team_id = root.id cross join p
  join period pp on pp.id = p.id
  join member mm on mm.id = m.id
  left join team tt on false
  left join member_fig f on f.owner_id = m.id
  left join member_sub ms on ms.member_id = m.id
  left join quota q on q.member_id = m.id and q.period_id = p.id and q.metric = 'REVENUE'`;
}

type RollupRow = FigureColumns & {
  kind: 'TEAM' | 'MEMBER';
  id: number;
  parent_id: number | null;
  path: string | null;
  name: string;
  quota: string | null;
  members_call: string | null;
  members_best: string | null;
} & Record<string, unknown>;

/** The columns of an entity's table (its own and its foreign keys), selected from `alias` with a prefix. */
function entityColumns(em: EntityManager, entity: EntityClass<object>, alias: string, prefix: string): string {
  return columnsOf(em, entity)
    .map((column) => `${alias}.${column} as ${prefix}${column}`)
    .join(', ');
}

function columnsOf(em: EntityManager, entity: EntityClass<object>): string[] {
  return em
    .getMetadata()
    .get(entity.name)
    .props.filter((p) => p.persist !== false && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE))
    .flatMap((p) => p.fieldNames);
}

/** The entity whose columns a row carries under `prefix` (the lines' members and teams, the period): no statement of their own. */
function entityOf<T extends object>(em: EntityManager, entity: EntityClass<T>, row: RollupRow, prefix: string): T {
  return em.map(entity, Object.fromEntries(columnsOf(em, entity).map((c) => [c, row[`${prefix}${c}`]])) as never);
}

/** The submission a row carries (its `sub_*` columns), as an entity. */
function submissionOf(em: EntityManager, row: RollupRow): ForecastSubmission | null {
  if (row.sub_id === null || row.sub_id === undefined) return null;
  return em.map(ForecastSubmission, Object.fromEntries(SUBMISSION_COLUMNS.map((c) => [c, row[`sub_${c}`]])) as never);
}

/** quota − call, never below 0; null without either. */
export function gapToQuota(quota: string | null, call: bigint | null): string | null {
  if (quota === null || call === null) return null;
  const gap = toKopecks(quota) - call;
  return formatMoney(gap > 0n ? gap : 0n);
}

interface TeamNode {
  row: RollupRow;
  submission: ForecastSubmission | null;
  children: TeamNode[];
  rolled?: { commit: bigint; bestCase: bigint };
}

/** A team's rolled-up commit and best case: its members' calls and its child teams' calls, computed once. */
function rolledUp(node: TeamNode): { commit: bigint; bestCase: bigint } {
  if (node.rolled) return node.rolled;
  let commit = toKopecks(node.row.members_call ?? '0');
  let bestCase = toKopecks(node.row.members_best ?? '0');
  for (const child of node.children) {
    const call = callOf(child);
    commit += call.commit;
    bestCase += call.bestCase;
  }
  node.rolled = { commit, bestCase };
  return node.rolled;
}

/** A team's own call: its latest submission's commit and best case, else its rolled-up ones. */
function callOf(node: TeamNode): { commit: bigint; bestCase: bigint } {
  if (node.submission) return { commit: toKopecks(node.submission.commit), bestCase: toKopecks(node.submission.bestCase) };
  return rolledUp(node);
}

const collator = new Intl.Collator('ru');
/** Lines by name, then id (people may share a name). */
const byName = (a: RollupRow, b: RollupRow) => collator.compare(a.name, b.name) || Number(a.id) - Number(b.id);

/** The roll-up of `team` (already read and checked) for period `periodId` as of the end of day `asOf`. */
export async function forecastRollup(em: EntityManager, team: Team, periodId: number, asOf: string): Promise<ForecastRollup> {
  const rows = await em.execute<RollupRow[]>(rollupSql(em), [team.id, asOf, asOf, periodId]);
  if (rows.length === 0) throw notFound('Period', periodId, 'periodId');
  const period = entityOf(em, Period, rows[0], 'p_');
  const nodes = new Map<number, TeamNode>();
  for (const row of rows) if (row.kind === 'TEAM') nodes.set(Number(row.id), { row, submission: submissionOf(em, row), children: [] });
  for (const node of nodes.values()) nodes.get(Number(node.row.parent_id))?.children.push(node);
  // Deepest first, so that no fold recurses further than one level.
  for (const node of [...nodes.values()].sort((a, b) => b.row.path!.length - a.row.path!.length)) rolledUp(node);
  const root = nodes.get(team.id)!;
  const memberLines = rows
    .filter((row) => row.kind === 'MEMBER')
    .sort(byName)
    .map((row) => {
      const submission = submissionOf(em, row);
      return line(row, { member: entityOf(em, Member, row, 'm_') }, submission, submission ? toKopecks(submission.commit) : null);
    });
  const teamLines = root.children
    .sort((a, b) => byName(a.row, b.row))
    .map((child) => line(child.row, { team: entityOf(em, Team, child.row, 't_') }, child.submission, callOf(child).commit));
  const rolled = rolledUp(root);
  const call = root.submission ? toKopecks(root.submission.commit) : rolled.commit;
  return Object.assign(new ForecastRollup(), {
    team,
    period,
    quota: root.row.quota === null ? null : normaliseMoney(root.row.quota),
    system: toFigures(root.row),
    lines: [...memberLines, ...teamLines],
    rolledUpCommit: formatMoney(rolled.commit),
    rolledUpBestCase: formatMoney(rolled.bestCase),
    submission: root.submission,
    call: formatMoney(call),
    gapToQuota: gapToQuota(root.row.quota, call),
    asOf,
  });
}

function line(
  row: RollupRow,
  owner: { member: Member } | { team: Team },
  submission: ForecastSubmission | null,
  call: bigint | null,
): ForecastLine {
  return Object.assign(new ForecastLine(), {
    ownerKind: 'member' in owner ? OwnerKind.MEMBER : OwnerKind.TEAM,
    member: 'member' in owner ? owner.member : null,
    team: 'team' in owner ? owner.team : null,
    quota: row.quota === null ? null : normaliseMoney(row.quota),
    system: toFigures(row),
    submission,
    call: call === null ? null : formatMoney(call),
    gapToQuota: gapToQuota(row.quota, call),
  });
}
