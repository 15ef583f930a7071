import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import { addDays, isoDate } from './bulk.js';
import type { DemoContext } from './context.js';
import { MemberRole } from '../org/enums.js';
import type { Member } from '../org/member.entity.js';
import { DealStatus } from '../pipeline/enums.js';
import { Deal } from '../pipeline/deal.entity.js';
import { DevelopmentPlan, SkillAssessment, Training } from '../motivation/development.entity.js';
import { FeedbackKind, Kpi } from '../motivation/enums.js';
import { Expectation } from '../motivation/expectation.entity.js';
import { Feedback } from '../motivation/feedback.entity.js';
import { recordAllMilestones } from '../motivation/milestone.service.js';
import { Recognition } from '../motivation/recognition.entity.js';

const SKILLS = ['Переговоры', 'Работа с возражениями', 'Выявление потребностей', 'Знание продукта', 'Прогнозирование'];
const TRAININGS: [string, string][] = [
  ['SPIN-продажи', 'Выявление потребностей'],
  ['Переговоры по методу Гарварда', 'Переговоры'],
  ['Работа с возражениями: практикум', 'Работа с возражениями'],
  ['Продуктовая сертификация', 'Знание продукта'],
  ['Управление воронкой и прогноз', 'Прогнозирование'],
];
const FEEDBACK: [FeedbackKind, string, Kpi | null][] = [
  [FeedbackKind.PRAISE, 'Отличная подготовка к встрече с закупками: клиент отметил глубину проработки.', null],
  [
    FeedbackKind.IMPROVEMENT,
    'Фиксируй следующие шаги и даты после каждой встречи — часть сделок зависает на этапе предложения.',
    Kpi.WIN_RATE,
  ],
  [FeedbackKind.IMPROVEMENT, 'Мало активностей в последние недели: запланируй не меньше двух встреч в неделю.', Kpi.ACTIVITIES_PER_WEEK],
  [FeedbackKind.NOTE, 'Обсудили приоритеты квартала и распределение ключевых клиентов.', null],
  [FeedbackKind.PRAISE, 'Хорошо провёл переговоры о скидке: маржа сохранена.', Kpi.ATTAINMENT],
];
const PEER_REASONS = ['Помог подготовить демонстрацию', 'Подменил на встрече с клиентом', 'Поделился шаблоном коммерческого предложения'];
const MANAGER_REASONS: [string, string | null][] = [
  ['Крупнейшая сделка месяца', 'Премия 20 000 ₽'],
  ['Выполнение плана квартала досрочно', 'Дополнительный выходной'],
  ['Лучшая конверсия в команде', null],
];

/** Expectations per role: organisation defaults and one team override (key accounts close fewer, larger deals). */
function seedExpectations(em: EntityManager, context: DemoContext): void {
  const defaults: [MemberRole, Kpi, string][] = [
    [MemberRole.REP, Kpi.ATTAINMENT, '100.00'],
    [MemberRole.REP, Kpi.DEALS_WON, '2.00'],
    [MemberRole.REP, Kpi.WIN_RATE, '35.00'],
    [MemberRole.REP, Kpi.ACTIVITIES_PER_WEEK, '8.00'],
    [MemberRole.MANAGER, Kpi.ATTAINMENT, '100.00'],
    [MemberRole.MANAGER, Kpi.WIN_RATE, '30.00'],
  ];
  for (const [role, kpi, target] of defaults) em.create(Expectation, { role, kpi, target });
  const keyAccounts = context.org!.teams.get('key');
  if (keyAccounts)
    em.create(Expectation, { role: MemberRole.REP, kpi: Kpi.DEALS_WON, target: '1.00', team: keyAccounts, setBy: keyAccounts.manager });
}

function seedDevelopment(em: EntityManager, context: DemoContext, rep: Member, manager: Member | null, feedback: Feedback | null): void {
  const { random, today } = context;
  for (const skill of SKILLS.slice(0, random.int(2, 4))) {
    const level = random.int(1, 4);
    em.create(SkillAssessment, {
      member: rep,
      skill,
      level,
      assessedOn: isoDate(addDays(today, -random.int(150, 200))),
      assessedBy: manager,
    });
    em.create(SkillAssessment, {
      member: rep,
      skill,
      level: Math.min(5, level + random.int(0, 1)),
      assessedOn: isoDate(addDays(today, -random.int(5, 40))),
      assessedBy: manager,
    });
  }
  const [title, skill] = random.pick(TRAININGS);
  em.create(Training, {
    member: rep,
    title,
    skill,
    plannedOn: isoDate(addDays(today, -random.int(30, 90))),
    completedOn: isoDate(addDays(today, -random.int(1, 29))),
  });
  const [next, nextSkill] = random.pick(TRAININGS);
  em.create(Training, { member: rep, title: next, skill: nextSkill, plannedOn: isoDate(addDays(today, random.int(7, 60))) });
  if (feedback) {
    em.create(DevelopmentPlan, {
      member: rep,
      area: feedback.kpi === Kpi.ACTIVITIES_PER_WEEK ? 'Регулярность активностей' : 'Доведение сделок до закрытия',
      actions: 'Еженедельный разбор воронки с руководителем; план встреч на неделю вперёд.',
      dueDate: isoDate(addDays(today, random.int(30, 90))),
      feedback,
    });
  }
}

/**
 * Expectations, feedback, recognitions, skills, trainings and development plans for the reps of every
 * team, and the milestones the seeded won deals reach against the seeded quotas (one statement).
 */
async function seedMotivation(em: EntityManager, context: DemoContext): Promise<{ milestones: number }> {
  const { random, today } = context;
  const org = context.org!;
  seedExpectations(em, context);
  const wonBy = new Map<number, number[]>();
  for (const deal of context.pipeline!.deals) {
    if (deal.status === DealStatus.WON) wonBy.set(deal.ownerId, [...(wonBy.get(deal.ownerId) ?? []), deal.id]);
  }
  for (const team of org.teams.values()) {
    const reps = org.members.filter((m) => m.team.id === team.id && m.role === MemberRole.REP && !m.archivedAt);
    const manager = team.manager ?? null;
    for (const [i, rep] of reps.entries()) {
      let improvement: Feedback | null = null;
      if (manager) {
        for (const [kind, text, kpi] of [FEEDBACK[i % FEEDBACK.length], FEEDBACK[(i + 1) % FEEDBACK.length]]) {
          const givenAt = addDays(today, -random.int(1, 80));
          const acknowledgedAt = random.chance(0.7) ? addDays(givenAt, random.int(0, 1)) : null;
          const feedback = em.create(Feedback, {
            member: rep,
            author: manager,
            kind,
            text,
            kpi,
            givenAt,
            acknowledgedAt: acknowledgedAt && acknowledgedAt < today ? acknowledgedAt : null,
          });
          if (kind === FeedbackKind.IMPROVEMENT) improvement = feedback;
        }
        if (random.chance(0.5)) {
          const [reason, reward] = random.pick(MANAGER_REASONS);
          const deals = wonBy.get(rep.id);
          const deal = deals?.length ? em.getReference(Deal, random.pick(deals)) : null;
          em.create(Recognition, { member: rep, givenBy: manager, reason, reward, deal, givenAt: addDays(today, -random.int(1, 60)) });
        }
      }
      const peer = reps[(i + 1) % reps.length];
      if (peer !== rep && random.chance(0.6)) {
        em.create(Recognition, {
          member: rep,
          givenBy: peer,
          reason: random.pick(PEER_REASONS),
          givenAt: addDays(today, -random.int(1, 45)),
        });
      }
      seedDevelopment(em, context, rep, manager, improvement);
    }
  }
  await em.flush();
  return { milestones: await recordAllMilestones(em) };
}

/** Expectations, feedback, recognitions, development and milestones. */
export class MotivationSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    await seedMotivation(em, context);
  }
}
