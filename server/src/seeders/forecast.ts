import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import { addDays, bulkInsert, isoDate } from './bulk.js';
import type { DemoContext } from './context.js';
import type { Random } from './random.js';
import { CATEGORY_SQL } from '../forecast/category.js';
import { forecastRollup } from '../forecast/rollup.service.js';
import { ForecastSubmission } from '../forecast/submission.entity.js';
import { submitForecast } from '../forecast/submission.service.js';
import { OwnerKind, PeriodKind } from '../goals/enums.js';
import type { Period } from '../goals/period.entity.js';
import { createRampProfile } from '../goals/ramp.service.js';
import { formatMoney, toKopecks } from '../money.js';
import { MemberRole } from '../org/enums.js';
import type { Member } from '../org/member.entity.js';
import type { Team } from '../org/team.entity.js';

/** Share of the reps who have called the current quarter, and of the leaf teams whose manager has. */
const REP_CALLS = 0.8;
const LEAF_TEAM_CALLS = 0.8;
/** Share of the team calls that adjust the roll-up (the root team's always does). */
const ADJUSTED_TEAM_CALLS = 0.5;
const THOUSAND_RUB = 100_000n;
const MIN_ADJUSTMENT = 50n * THOUSAND_RUB;

const LOWER_NOTES = [
  'Сделка с ключевым клиентом сдвигается на следующий квартал: бюджет заморожен до утверждения',
  'Снижаю прогноз: две сделки на этапе переговоров под угрозой из-за повторного тендера',
  'Учитываю риск срыва поставки оборудования в конце квартала',
];
const RAISE_NOTES = [
  'Добавляю крупную сделку, которую менеджер ещё не перевёл в категорию «Commit»',
  'Клиент подтвердил досрочное продление контракта',
  'Повышаю прогноз: закупка согласована на уровне финансового директора',
];

/** A rep's system figures for a period, in kopecks, as the roll-up counts them (own deals; no splits in the demo). */
interface Figures {
  closed: bigint;
  commit: bigint;
  bestCase: bigint;
}

/**
 * Every rep's closed, commit and best-case figures in the given periods, in one statement: won deals
 * closed in the period and open deals expected in it by forecast category (rollup.service.ts).
 */
async function repFigures(em: EntityManager, periods: Period[]): Promise<Map<string, Figures>> {
  const rows = await em.execute<{ owner_id: number; period_id: number; closed: string; commit: string; best_case: string }[]>(
    `select d.owner_id, p.id as period_id,
            coalesce(sum(d.amount) filter (where d.status = 'WON'), 0) as closed,
            coalesce(sum(d.amount) filter (where d.status = 'OPEN' and ${CATEGORY_SQL} = 'COMMIT'), 0) as commit,
            coalesce(sum(d.amount) filter (where d.status = 'OPEN' and ${CATEGORY_SQL} = 'BEST_CASE'), 0) as best_case
       from period p join deal d
         on (d.status = 'WON' and d.close_date between p.start_date and p.end_date)
         or (d.status = 'OPEN' and d.expected_close_date between p.start_date and p.end_date)
       join sales_stage s on s.id = d.stage_id
      where p.id in (${periods.map(() => '?').join(', ')})
      group by d.owner_id, p.id`,
    periods.map((p) => p.id),
  );
  return new Map(
    rows.map((r) => [
      `${r.owner_id}:${r.period_id}`,
      { closed: toKopecks(r.closed), commit: toKopecks(r.commit), bestCase: toKopecks(r.best_case) },
    ]),
  );
}

/** `amount` × percent / 100, to whole thousands of rubles (how people call). */
function scaled(amount: bigint, percent: number): bigint {
  return ((amount * BigInt(percent)) / 100n / THOUSAND_RUB) * THOUSAND_RUB;
}

/** The instant `days` before `day` at hour:minute UTC. */
function at(day: Date, days: number, hour: number, minute: number): Date {
  const instant = addDays(new Date(`${isoDate(day)}T00:00:00Z`), -days);
  instant.setUTCHours(hour, minute);
  return instant;
}

type CallRow = { member: number; period: number; commit: string; bestCase: string; submittedBy: number; submittedAt: Date };

function call(rep: Member, period: Period, commit: bigint, bestCase: bigint, submittedAt: Date): CallRow {
  return {
    member: rep.id,
    period: period.id,
    commit: formatMoney(commit),
    bestCase: formatMoney(bestCase),
    submittedBy: rep.id,
    submittedAt,
  };
}

/**
 * A rep's calls of the open quarter: the latest one to four days ago, and one or two a week apart before
 * it; each near closed + commit, its best case adding part of the best-case deals.
 */
function currentCalls(random: Random, rep: Member, period: Period, figures: Figures, today: Date): CallRow[] {
  const latest = random.int(1, 4);
  const days = [latest, ...Array.from({ length: random.int(1, 2) }, (_, i) => latest + 7 * (i + 1) + random.int(0, 2))];
  return days.map((ago) => {
    const commit = figures.closed + scaled(figures.commit, random.int(60, 110));
    const bestCase = commit + scaled(figures.commit, random.int(0, 20)) + scaled(figures.bestCase, random.int(30, 80));
    return call(rep, period, commit, bestCase, at(today, ago, random.int(9, 11), random.int(0, 59)));
  });
}

/**
 * A rep's calls of the closed quarter: one mid-quarter and the last one a few days before its end,
 * each within ±20 % of what was won in the end (what the rep could see then is not kept).
 */
function closedQuarterCalls(random: Random, rep: Member, period: Period, figures: Figures): CallRow[] {
  const end = new Date(`${period.endDate}T00:00:00Z`);
  return [random.int(30, 40), random.int(2, 8)].map((ago) => {
    const commit = scaled(figures.closed, random.int(80, 120));
    return call(rep, period, commit, scaled(commit, random.int(110, 130)), at(end, ago, random.int(9, 17), random.int(0, 59)));
  });
}

/**
 * The managers' calls of the open quarter through the forecast service, so that each stores the roll-up
 * of that moment: deepest teams first (a parent's roll-up reads its children's calls), yesterday
 * afternoon, after every rep's call. Of the teams with reps' calls below them, every parent team calls
 * and most leaf teams; half of them, and the root always, adjust the roll-up by 1–6 % with a note.
 */
async function teamCalls(em: EntityManager, context: DemoContext, period: Period, called: Set<number>): Promise<void> {
  const { random, today } = context;
  const teams = [...context.org!.teams.values()].filter((t) => !t.archivedAt).sort((a, b) => b.depth - a.depth || a.id - b.id);
  const parents = new Set(teams.map((t) => t.parent?.id));
  const asOf = isoDate(addDays(today, -1));
  for (const [i, team] of teams.entries()) {
    const isRoot = !team.parent;
    if (!called.has(team.id) || (!parents.has(team.id) && !random.chance(LEAF_TEAM_CALLS))) continue;
    const adjustment = isRoot || random.chance(ADJUSTED_TEAM_CALLS) ? await adjust(em, random, team, period, asOf) : null;
    await submitForecast(
      em,
      {
        owner: { kind: OwnerKind.TEAM, team },
        period,
        adjustment: adjustment?.amount ?? '0',
        bestCaseAdjustment: adjustment?.amount,
        note: adjustment?.note,
      },
      team.manager?.id ?? null,
      at(today, 1, 15, i * 5),
    );
  }
}

/**
 * An adjustment of 1–6 % of the team's roll-up, at least 50 000 ₽ (down twice as often as up, when the
 * roll-up allows it), and its reason.
 */
async function adjust(em: EntityManager, random: Random, team: Team, period: Period, asOf: string) {
  const rolled = toKopecks((await forecastRollup(em, team, period.id, asOf)).rolledUpCommit);
  const percent = scaled(rolled, random.int(1, 6));
  const amount = percent > MIN_ADJUSTMENT ? percent : MIN_ADJUSTMENT;
  const lower = rolled > amount && random.chance(2 / 3);
  return { amount: formatMoney(lower ? -amount : amount), note: random.pick(lower ? LOWER_NOTES : RAISE_NOTES) };
}

/**
 * Forecast calls for the current and the previous quarter (member calls in bulk, team calls through the
 * service) and the organisation's default ramp profile. Quotas, deals and their categories stay as seeded.
 */
async function seedForecast(em: EntityManager, context: DemoContext): Promise<void> {
  const { random, today } = context;
  const { periods, currentQuarter } = context.goals!;
  const previousQuarter = [...periods.values()].find(
    (p) => p.kind === PeriodKind.QUARTER && p.endDate === isoDate(addDays(new Date(`${currentQuarter.startDate}T00:00:00Z`), -1)),
  )!;
  const figures = await repFigures(em, [currentQuarter, previousQuarter]);
  const teams = new Map([...context.org!.teams.values()].map((t) => [t.id, t]));
  // Reps without deals in a quarter (inside sales hand their leads over) have nothing to call.
  const reps = context.org!.members.filter((m) => m.role === MemberRole.REP && !m.archivedAt);
  const rows: CallRow[] = [];
  const called = new Set<number>();
  for (const rep of reps) {
    const closed = figures.get(`${rep.id}:${previousQuarter.id}`);
    if (closed) rows.push(...closedQuarterCalls(random, rep, previousQuarter, closed));
    const open = figures.get(`${rep.id}:${currentQuarter.id}`);
    if (!open || !random.chance(REP_CALLS)) continue;
    rows.push(...currentCalls(random, rep, currentQuarter, open, today));
    const team = teams.get(rep.team.id)!;
    for (const id of [team.id, ...team.ancestorIds]) called.add(id);
  }
  await bulkInsert(em, ForecastSubmission, rows as never);
  await teamCalls(em, context, currentQuarter, called);
  await createRampProfile(em, { name: 'Стандартный ввод в должность', steps: ['25', '50', '75', '100'], isDefault: true });
}

/** Forecast calls and the default ramp profile. */
export class ForecastSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    await seedForecast(em, context);
  }
}
