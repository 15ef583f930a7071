import { formatScaled, parseScaled } from '../../../decimal.js';
import { DomainError } from '../../../errors.js';
import { MAX_CREDIT_LINES } from '../../../pipeline/deal-credit.service.js';
import { RecordKind } from '../../kinds.js';
import { type ImportContext, loadMemberTeams, type RowDraft } from '../handler.js';
import { intList, query } from '../sql.js';
import { problemOf, type FieldProblem } from '../values.js';

/** One line of a credit split as a file gives it: the member's key, the share in hundredths of a percent. */
export interface Share {
  key: string;
  percent: bigint;
  overlay: boolean;
}

const HUNDRED = 10_000n;

/**
 * A deal row's credit split: undefined when the file has no such column (the recorded split stays), an
 * empty list to give the owner 100 % again. `member=percent|member=+percent` in CSV, or an array of
 * { member, percent, overlay } in JSON.
 */
export function parseCredits(draft: RowDraft): Share[] | undefined {
  if (!('credits' in draft.fields)) return undefined;
  const given = draft.fields.credits;
  if (given === null || given === undefined || given === '') return [];
  const items: unknown[] = typeof given === 'string' ? given.split('|').filter((s) => s.trim()) : Array.isArray(given) ? given : [given];
  const shares: Share[] = [];
  for (const item of items) {
    const [key, text, overlay] =
      typeof item === 'string'
        ? [item.slice(0, item.lastIndexOf('=')).trim(), item.slice(item.lastIndexOf('=') + 1).trim(), false]
        : [
            String((item as { member?: unknown })?.member ?? ''),
            String((item as { percent?: unknown })?.percent ?? ''),
            (item as { overlay?: unknown })?.overlay === true,
          ];
    const isOverlay = overlay || text.startsWith('+');
    try {
      const percent = parseScaled(text.replace(/^\+/, ''), 'credits', 2);
      if (!key || percent === 0n || percent > HUNDRED)
        throw new DomainError(
          'BAD_USER_INPUT',
          `"${typeof item === 'string' ? item : JSON.stringify(item)}" is not member=percent with a share above 0 and at most 100`,
          { field: 'credits', rule: 'credit-percent' },
        );
      shares.push({ key, percent, overlay: isOverlay });
    } catch (error) {
      draft.problems.push(problemOf(error, 'credits'));
      return undefined;
    }
  }
  return shares;
}

/** The members the splits of a batch name, resolved with their teams, in two statements at most. */
export async function resolveShares(splits: Share[][], ctx: ImportContext): Promise<void> {
  const keys = splits.flatMap((split) => split.map((share) => share.key));
  if (keys.length === 0) return;
  await ctx.refs.resolve(RecordKind.MEMBERS, keys);
  await loadMemberTeams(
    ctx,
    keys.map((key) => ctx.refs.idOf(RecordKind.MEMBERS, key)).filter((id): id is number => id !== undefined),
  );
}

/** A split line ready to write. */
export interface CreditLine {
  member_id: number;
  team_id: number;
  percent: string;
  overlay: boolean;
}

/** The rules of a split (as setDealCredits has them): members known and once each, the owner with a regular share, regular shares 100.00. */
export function checkSplit(
  split: Share[],
  ownerId: number,
  dealTeamId: number,
  ctx: ImportContext,
): { lines: CreditLine[]; problems: FieldProblem[] } {
  const problem = (rule: string, message: string) => ({ lines: [], problems: [{ column: 'credits', rule, message }] });
  if (split.length > MAX_CREDIT_LINES) return problem('range', `a split has at most ${MAX_CREDIT_LINES} lines, got ${split.length}`);
  const lines: CreditLine[] = [];
  for (const share of split) {
    const memberId = ctx.refs.idOf(RecordKind.MEMBERS, share.key);
    if (memberId === undefined) return { lines: [], problems: [ctx.refs.problem(RecordKind.MEMBERS, 'credits', share.key)] };
    if (lines.some((line) => line.member_id === memberId)) return problem('unique', `member "${share.key}" is credited twice`);
    const teamId = memberId === ownerId ? dealTeamId : ctx.memberTeams.get(memberId)!;
    lines.push({ member_id: memberId, team_id: teamId, percent: formatScaled(share.percent, 2), overlay: share.overlay });
  }
  if (lines.length === 0) return { lines, problems: [] };
  if (!lines.some((line) => line.member_id === ownerId && !line.overlay))
    return problem('credit-owner', 'the owner needs a regular (non-overlay) share');
  const total = split.filter((share) => !share.overlay).reduce((sum, share) => sum + share.percent, 0n);
  if (total !== HUNDRED) return problem('credit-total', `the regular shares sum to ${formatScaled(total, 2)} percent, not 100.00`);
  return { lines, problems: [] };
}

const signature = (lines: CreditLine[]) => lines.map((l) => `${l.member_id}:${l.percent}:${l.overlay}`).join('|');

/**
 * Writes the splits the rows give: a new deal's lines, and an existing deal's when they differ from the
 * recorded ones (replaced, as setDealCredits does); returns the existing deals whose split changed.
 */
export async function writeSplits(
  drafts: { draft: RowDraft; lines: CreditLine[]; closeDate: string | null }[],
  ctx: ImportContext,
): Promise<number[]> {
  const existing = drafts.filter((d) => !d.draft.isNew);
  const recorded = new Map<number, string>();
  if (existing.length > 0) {
    const rows = await query<{ deal_id: number; sig: string }>(
      ctx.em,
      `select deal_id, string_agg(member_id || ':' || percent::text || ':' || overlay, '|' order by id) as sig
         from deal_credit where deal_id = any(?::int[]) group by deal_id`,
      [intList(existing.map((d) => d.draft.id))],
    );
    for (const row of rows) recorded.set(Number(row.deal_id), row.sig);
  }
  const changed = existing.filter((d) => (recorded.get(d.draft.id!) ?? '') !== signature(d.lines));
  if (changed.length > 0)
    await query(ctx.em, 'delete from deal_credit where deal_id = any(?::int[])', [intList(changed.map((d) => d.draft.id))]);
  const rows = [...drafts.filter((d) => d.draft.isNew), ...changed].flatMap((d) =>
    d.lines.map((line) => ({ ...line, deal_id: d.draft.id, deal_close_date: d.closeDate })),
  );
  if (rows.length > 0) {
    await query(
      ctx.em,
      `insert into deal_credit (deal_id, member_id, team_id, percent, overlay, deal_close_date)
       select r.deal_id, r.member_id, r.team_id, r.percent, r.overlay, r.deal_close_date
         from json_to_recordset(?::json) as r(deal_id int, member_id int, team_id int, percent numeric, overlay boolean, deal_close_date date)`,
      [JSON.stringify(rows)],
    );
  }
  return changed.map((d) => d.draft.id!);
}
