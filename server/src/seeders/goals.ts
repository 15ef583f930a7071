import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import { AccessRole } from '../access/viewer.js';
import type { DemoContext } from './context.js';
import { formatMoney } from '../money.js';
import { MemberRole } from '../org/enums.js';
import type { Member } from '../org/member.entity.js';
import { OrganisationObjective } from '../org/objective.js';
import type { Team } from '../org/team.entity.js';
import { applyAllocation } from '../goals/allocation.service.js';
import { GoalKind, GoalMetric, OwnerKind, PeriodKind, QuotaChangeSource, QuotaMetric } from '../goals/enums.js';
import { createGoal } from '../goals/goal.service.js';
import { Period } from '../goals/period.entity.js';
import { calendarPeriods } from '../goals/period.service.js';
import { targetUnits, writeQuotas, type Actor } from '../goals/quota.service.js';

export interface DemoGoals {
  /** Every demo period by "YEAR:2026", "QUARTER:2026-04-01", "MONTH:2026-05-01" (kind and start date). */
  periods: Map<string, Period>;
  currentYear: Period;
  currentQuarter: Period;
  currentMonth: Period;
}

/** Monthly REVENUE quota of an average REP, in rubles; each team scales it (a rep lands between 2 and 3 million). */
const REP_MONTHLY_RUB = 2_500_000;
const TEAM_FACTOR: Record<string, number> = {
  moscow: 1.15,
  northwest: 1.0,
  volga: 0.9,
  urals: 0.9,
  south: 0.85,
  cloud: 1.05,
  network: 0.95,
  retail: 1.1,
  gov: 1.0,
  inside: 0.8,
};
/** Deals won per REP per quarter (DEALS_WON quotas of the current quarter). */
const REP_DEALS_PER_QUARTER = 6;

const roundTo = (rubles: number, step: number) => Math.round(rubles / step) * step;
const rub = (rubles: number) => formatMoney(BigInt(rubles) * 100n);

/**
 * Periods of the previous and the current year (years, quarters, months); REVENUE quotas for every team
 * and REP for the current year, quarter and month, allocated with the allocation service (team quotas
 * of parent teams are the sums of their sub-teams'); DEALS_WON quotas for the current quarter; and a
 * few goals of several members and one team.
 */
async function seedGoals(em: EntityManager, context: DemoContext): Promise<DemoGoals> {
  const org = context.org!;
  const today = context.today.toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const periods = new Map<string, Period>();
  for (const draft of [...calendarPeriods(year - 1), ...calendarPeriods(year)]) {
    periods.set(
      `${draft.kind}:${draft.kind === PeriodKind.YEAR ? draft.startDate.slice(0, 4) : draft.startDate}`,
      em.create(Period, draft),
    );
  }
  await em.flush();
  const containing = (kind: PeriodKind) =>
    [...periods.values()].find((p) => p.kind === kind && p.startDate <= today && p.endDate >= today)!;
  const currentYear = containing(PeriodKind.YEAR);
  const currentQuarter = containing(PeriodKind.QUARTER);
  const currentMonth = containing(PeriodKind.MONTH);

  const repsOf = (team: Team) => org.members.filter((m) => m.team.id === team.id && m.role === MemberRole.REP && !m.archivedAt);
  const managerActor = (team: Team): Actor => ({ role: AccessRole.MANAGER, memberId: team.manager?.id ?? null });
  const admin: Actor = { role: AccessRole.ADMIN, memberId: null };

  // Leaf teams: the team total is allocated among its reps by the default weights.
  const allocated = new Map<string, bigint>(); // `${teamId}:${periodId}:${metric}` → units
  const key = (team: Team, period: Period, metric: QuotaMetric) => `${team.id}:${period.id}:${metric}`;
  const memberQuotas = new Map<string, bigint>(); // `${memberId}:${periodId}` → REVENUE kopecks
  for (const [teamKey, team] of org.teams) {
    const reps = repsOf(team).length;
    if (reps === 0) continue;
    const yearly = roundTo(reps * REP_MONTHLY_RUB * (TEAM_FACTOR[teamKey] ?? 1) * 12, 10_000);
    const quarterly = roundTo(yearly / 4, 1_000);
    const monthly = roundTo(quarterly / 3, 1_000);
    const totals: [Period, QuotaMetric, string][] = [
      [currentYear, QuotaMetric.REVENUE, rub(yearly)],
      [currentQuarter, QuotaMetric.REVENUE, rub(quarterly)],
      [currentMonth, QuotaMetric.REVENUE, rub(monthly)],
      [currentQuarter, QuotaMetric.DEALS_WON, String(reps * REP_DEALS_PER_QUARTER)],
    ];
    for (const [period, metric, total] of totals) {
      const allocation = await applyAllocation(em, managerActor(team), {
        teamId: team.id,
        periodId: period.id,
        metric,
        total,
        note: 'Плановое распределение квоты команды',
      });
      allocated.set(key(team, period, metric), targetUnits(metric, allocation.total));
      if (metric === QuotaMetric.REVENUE) {
        for (const line of allocation.lines) memberQuotas.set(`${line.member.id}:${period.id}`, targetUnits(metric, line.amount));
      }
    }
  }

  // Parent teams: the sum of their sub-teams' quotas, deepest first so that sums roll up.
  const parents = [...org.teams.values()].filter((t) => repsOf(t).length === 0).sort((a, b) => b.depth - a.depth);
  for (const parent of parents) {
    const children = [...org.teams.values()].filter((t) => t.parent?.id === parent.id);
    const writes = (
      [
        [currentYear, QuotaMetric.REVENUE],
        [currentQuarter, QuotaMetric.REVENUE],
        [currentMonth, QuotaMetric.REVENUE],
        [currentQuarter, QuotaMetric.DEALS_WON],
      ] as const
    ).map(([period, metric]) => {
      const units = children.reduce((sum, child) => sum + (allocated.get(key(child, period, metric)) ?? 0n), 0n);
      allocated.set(key(parent, period, metric), units);
      return {
        owner: { kind: OwnerKind.TEAM as const, team: parent },
        period,
        metric,
        units,
        expectedVersion: undefined,
        source: QuotaChangeSource.SET,
        note: 'Сумма квот подкоманд',
      };
    });
    await writeQuotas(em, admin, writes);
  }

  // Goals of several members and of one team, set by their managers.
  const team = (k: string) => org.teams.get(k)!;
  const firstRep = (k: string, n = 0): Member => repsOf(team(k))[n];
  const tenPercentAbove = (member: Member) => {
    const quota = memberQuotas.get(`${member.id}:${currentQuarter.id}`) ?? 0n;
    return formatMoney(((quota * 110n) / 100n / 100_000n) * 100_000n);
  };
  const goals: { team: Team; draft: Parameters<typeof createGoal>[2] }[] = [
    {
      team: team('moscow'),
      draft: {
        kind: GoalKind.QUANTITATIVE,
        memberId: firstRep('moscow').id,
        periodId: currentQuarter.id,
        objective: OrganisationObjective.SALES_GROWTH,
        metric: GoalMetric.REVENUE,
        target: tenPercentAbove(firstRep('moscow')),
        statement: 'Закрыть квартал с выручкой на 10% выше квоты за счёт расширения продаж действующим клиентам',
      },
    },
    {
      team: team('northwest'),
      draft: {
        kind: GoalKind.QUANTITATIVE,
        memberId: firstRep('northwest').id,
        periodId: currentQuarter.id,
        objective: OrganisationObjective.SALES_GROWTH,
        metric: GoalMetric.DEALS_WON,
        target: '8',
        statement: 'Выиграть восемь сделок в квартале, из них две с новыми клиентами',
      },
    },
    {
      team: team('cloud'),
      draft: {
        kind: GoalKind.QUANTITATIVE,
        memberId: firstRep('cloud').id,
        periodId: currentQuarter.id,
        objective: OrganisationObjective.TEAM_EFFICIENCY,
        metric: GoalMetric.WIN_RATE,
        target: '35.00',
        statement: 'Поднять долю выигранных сделок до 35% за счёт квалификации лидов по BANT',
      },
    },
    {
      team: team('gov'),
      draft: {
        kind: GoalKind.QUALITATIVE,
        memberId: firstRep('gov').id,
        periodId: currentQuarter.id,
        objective: OrganisationObjective.REGULATORY_COMPLIANCE,
        statement: 'Пройти обучение по 44-ФЗ и 223-ФЗ и вести все тендеры по чек-листу юристов',
        acceptanceCriteria: 'Сертификат об обучении получен; каждый тендер квартала прошёл проверку юридического отдела без замечаний',
      },
    },
    {
      team: team('inside'),
      draft: {
        kind: GoalKind.QUANTITATIVE,
        memberId: firstRep('inside').id,
        periodId: currentMonth.id,
        objective: OrganisationObjective.CUSTOMER_RELATIONSHIPS,
        metric: GoalMetric.ACTIVITIES,
        target: '300',
        statement: 'Провести не менее 300 звонков и встреч с клиентами за месяц',
      },
    },
    {
      team: team('retail'),
      draft: {
        kind: GoalKind.QUALITATIVE,
        memberId: firstRep('retail').id,
        periodId: currentYear.id,
        objective: OrganisationObjective.COMPETITIVE_ADVANTAGE,
        statement: 'Подготовить отраслевое УТП для федеральных торговых сетей',
        acceptanceCriteria: 'УТП согласовано с руководителем направления и использовано минимум в трёх коммерческих предложениях',
      },
    },
    {
      team: team('regions'),
      draft: {
        kind: GoalKind.QUANTITATIVE,
        teamId: team('moscow').id,
        periodId: currentYear.id,
        objective: OrganisationObjective.SALES_GROWTH,
        metric: GoalMetric.REVENUE,
        target: formatMoney(allocated.get(key(team('moscow'), currentYear, QuotaMetric.REVENUE)) ?? 0n),
        statement: 'Выполнить годовой план региона Москва и Центр по выручке',
      },
    },
  ];
  for (const goal of goals) await createGoal(em, managerActor(goal.team), goal.draft);

  return { periods, currentYear, currentQuarter, currentMonth };
}

/** Periods, quotas and goals. */
export class GoalSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    context.goals = await seedGoals(em, context);
  }
}
