import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import type { DemoCustomer } from './customers.js';
import { LeadStatus, QualificationOutcome } from '../customers/enums.js';
import { Lead, LeadHandoff, LeadQualification } from '../customers/lead.entity.js';
import { qualify, type Scores } from '../customers/qualification.js';
import { addDays, bulkInsert, isoDate } from './bulk.js';
import type { DemoContext } from './context.js';
import type { Random } from './random.js';
import { MemberRole } from '../org/enums.js';
import type { Member } from '../org/member.entity.js';
import type { QuarterFigures } from './strategy.js';
import { Deal } from '../pipeline/deal.entity.js';
import { DealStatus } from '../pipeline/enums.js';
import { DealStageChange } from '../pipeline/stage-change.entity.js';
import type { SalesStage } from '../pipeline/stage.entity.js';
import { createSalesStage } from '../pipeline/stage.service.js';

export interface DemoDeal {
  id: number;
  customerId: number;
  ownerId: number;
  teamId: number;
  createdAt: Date;
  closedAt: Date | null;
  status: DealStatus;
}

export interface LifecycleEvent {
  customerId: number;
  at: Date;
  kind: 'opened' | 'qualified' | 'disqualified' | 'converted' | 'won';
  refId: number;
  memberId: number | null;
  /** Tie-breaker for events at the same instant. */
  order: number;
}

export interface DemoPipeline {
  stages: Map<string, SalesStage>;
  deals: DemoDeal[];
  lifecycleEvents: LifecycleEvent[];
  /** Closed-deal figures per calendar quarter (keyed by the quarter's first day). */
  quarterFigures: Map<string, QuarterFigures>;
}

/** The demo sales process: lead → qualified → proposal → negotiation → won / lost. */
const STAGES = [
  { code: 'LEAD', nameEn: 'Lead', nameRu: 'Лид', probability: '10', outcome: DealStatus.OPEN },
  { code: 'QUALIFIED', nameEn: 'Qualified', nameRu: 'Квалификация пройдена', probability: '25', outcome: DealStatus.OPEN },
  { code: 'PROPOSAL', nameEn: 'Proposal', nameRu: 'Коммерческое предложение', probability: '50', outcome: DealStatus.OPEN },
  { code: 'NEGOTIATION', nameEn: 'Negotiation', nameRu: 'Переговоры', probability: '75', outcome: DealStatus.OPEN },
  { code: 'WON', nameEn: 'Won', nameRu: 'Успешно закрыта', probability: '100', outcome: DealStatus.WON },
  { code: 'LOST', nameEn: 'Lost', nameRu: 'Проиграна', probability: '0', outcome: DealStatus.LOST },
];
const OPEN_CODES = ['LEAD', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION'];
/** Days a deal typically spends in each open stage. */
const STAY: Record<string, [number, number]> = { LEAD: [2, 14], QUALIFIED: [4, 20], PROPOSAL: [6, 28], NEGOTIATION: [4, 24] };

/** How each field team sells: deal sizes (RUB), cycle length, win odds and channels. */
const TEAMS: Record<string, { amount: [number, number]; cycle: number; win: number; channels: [string, number][]; lines: string[] }> = {
  moscow: {
    amount: [200_000, 5_000_000],
    cycle: 1.0,
    win: 1.05,
    channels: [
      ['DIRECT', 0.55],
      ['PARTNER', 0.3],
      ['ONLINE', 0.15],
    ],
    lines: [],
  },
  northwest: {
    amount: [150_000, 4_200_000],
    cycle: 1.0,
    win: 1.0,
    channels: [
      ['DIRECT', 0.55],
      ['PARTNER', 0.3],
      ['ONLINE', 0.15],
    ],
    lines: [],
  },
  volga: {
    amount: [150_000, 3_500_000],
    cycle: 0.95,
    win: 1.0,
    channels: [
      ['DIRECT', 0.5],
      ['PARTNER', 0.35],
      ['ONLINE', 0.15],
    ],
    lines: [],
  },
  urals: {
    amount: [150_000, 4_000_000],
    cycle: 1.1,
    win: 0.95,
    channels: [
      ['DIRECT', 0.6],
      ['PARTNER', 0.3],
      ['ONLINE', 0.1],
    ],
    lines: [],
  },
  south: {
    amount: [150_000, 2_600_000],
    cycle: 0.9,
    win: 0.9,
    channels: [
      ['DIRECT', 0.5],
      ['PARTNER', 0.25],
      ['ONLINE', 0.25],
    ],
    lines: [],
  },
  cloud: {
    amount: [150_000, 3_000_000],
    cycle: 0.8,
    win: 1.1,
    channels: [
      ['ONLINE', 0.35],
      ['PARTNER', 0.35],
      ['DIRECT', 0.3],
    ],
    lines: ['CLOUD'],
  },
  network: {
    amount: [250_000, 4_500_000],
    cycle: 1.05,
    win: 1.0,
    channels: [
      ['PARTNER', 0.45],
      ['DIRECT', 0.4],
      ['ONLINE', 0.15],
    ],
    lines: ['NETWORK'],
  },
  retail: {
    amount: [500_000, 5_000_000],
    cycle: 1.3,
    win: 1.0,
    channels: [
      ['DIRECT', 0.7],
      ['TENDER', 0.3],
    ],
    lines: [],
  },
  gov: {
    amount: [500_000, 5_000_000],
    cycle: 1.6,
    win: 0.9,
    channels: [
      ['TENDER', 0.7],
      ['DIRECT', 0.3],
    ],
    lines: [],
  },
};
/** Won revenue a rep aims at per month (RUB) and the share of deals that end up won: they set the volume. */
const MONTHLY_WON_TARGET = 2_500_000;
const BASE_WIN_RATE = 0.3;

const WON_REASONS = [
  'Лучшие сроки поставки',
  'Комплексное решение из одних рук',
  'Сильная референция в отрасли',
  'Цена после согласования скидки',
  'Доверие к персональному менеджеру',
  'Выиграли тендер',
];
const LOST_REASONS = [
  'Выбрали конкурента по цене',
  'Проект отложен клиентом',
  'Нет бюджета в этом году',
  'Не прошли тендерные требования',
  'Клиент остался с текущим поставщиком',
  'Сменилось руководство клиента',
];
const TOPICS: Record<string, string[]> = {
  CLOUD: [
    'Перенос 1С в облако',
    'Резервное копирование филиалов',
    'Облачная инфраструктура для разработки',
    'Облачный офис для сотрудников',
  ],
  NETWORK: ['Модернизация сетевого ядра', 'Wi-Fi для склада', 'Сеть для новых магазинов', 'Замена маршрутизаторов филиалов'],
  SERVICES: ['Внедрение и миграция', 'Техподдержка 24/7', 'Обучение администраторов'],
};

function pickWeighted<T>(random: Random, items: [T, number][]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1][0];
}

function uniform(random: Random, min: number, max: number): number {
  return min + random.next() * (max - min);
}

/** Rubles, log-uniform in [min, max], rounded to thousands, as kopecks. */
function amountKopecks(random: Random, [min, max]: [number, number]): bigint {
  const rubles = Math.exp(uniform(random, Math.log(min), Math.log(max)));
  return BigInt(Math.round(rubles / 1000) * 1000) * 100n;
}

function money(kopecks: bigint): string {
  return `${kopecks / 100n}.${(kopecks % 100n).toString().padStart(2, '0')}`;
}

function logUniformMean([min, max]: [number, number]): number {
  return (max - min) / Math.log(max / min);
}

/** Scores that qualify (or not) under the real rule of qualification.ts. */
function scoresFor(random: Random, pass: boolean): Scores {
  for (;;) {
    const quality = pass ? uniform(random, 0.6, 1) : uniform(random, 0, 0.75);
    const score = () => Math.max(0, Math.min(3, Math.round(quality * 3 + uniform(random, -0.9, 0.9))));
    const scores = { budget: score(), authority: score(), need: score(), timeline: score() };
    if ((qualify(scores).outcome === QualificationOutcome.QUALIFIED) === pass) return scores;
  }
}

interface LeadPlan {
  id?: number;
  customer: DemoCustomer;
  contactId: number;
  channel: string;
  title: string;
  generatedBy: Member;
  ownerId: number;
  teamId: number;
  sourceTeamId: number;
  createdAt: Date;
  qualifiedAt: Date | null;
  pass: boolean;
  handoff: { at: Date; toTeamId: number; toMemberId: number } | null;
  convertedAt: Date | null;
}

interface DealPlan {
  customer: DemoCustomer;
  owner: Member;
  teamKey: string;
  channel: string;
  productCode: string;
  line: string;
  createdAt: Date;
  lead: LeadPlan | null;
  winBoost: number;
}

export async function seedStages(em: EntityManager): Promise<Map<string, SalesStage>> {
  const stages = new Map<string, SalesStage>();
  for (const stage of STAGES) stages.set(stage.code, await createSalesStage(em, stage));
  return stages;
}

/**
 * Eighteen months of pipeline ending today: every field rep opens deals each month (about 2–3 million
 * RUB won a month on average, varying with the rep's skill and the team), most of them from a lead they
 * generated and qualified; inside sales generates leads, qualifies them and hands the qualified ones to
 * the field team of the customer, whose rep turns most into deals. Deals walk the stages with realistic
 * stays (sometimes stepping back), are won or lost, or are still open with an expected close date in
 * the coming months. Everything is inserted in bulk.
 */
async function seedPipeline(em: EntityManager, context: DemoContext): Promise<DemoPipeline> {
  const { org, catalogue, customers, random, today } = context;
  if (!org || !catalogue || !customers) throw new Error('seedPipeline runs after the organisation, the catalogue and the customers');
  const stages = await seedStages(em);
  await em.flush();
  const position = (code: string) => stages.get(code)!.position;
  const teamKeyById = new Map([...org.teams].map(([key, team]) => [team.id, key]));
  const start = addDays(today, -548);
  const latest = addDays(today, -0.02);
  const channelId = (code: string) => catalogue.channels.get(code)!.id;
  const products = catalogue.products;
  const hired = (m: Member) => new Date(`${m.hireDate}T00:00:00Z`);

  const profiles = new Map<number, { skill: number; volume: number }>();
  const fieldReps = org.members.filter((m) => m.role === MemberRole.REP && TEAMS[teamKeyById.get(m.team.id)!]);
  const insideReps = org.members.filter((m) => m.role === MemberRole.REP && teamKeyById.get(m.team.id) === 'inside');
  for (const rep of [...fieldReps, ...insideReps])
    profiles.set(rep.id, { skill: uniform(random, 0.7, 1.35), volume: uniform(random, 0.8, 1.2) });

  const leads: LeadPlan[] = [];
  const plans: DealPlan[] = [];
  const contact = (c: DemoCustomer) => random.pick(c.contactIds);
  const productFor = (teamKey: string): { code: string; line: string } => {
    const lines = TEAMS[teamKey]?.lines ?? [];
    const pool = lines.length && random.chance(0.8) ? products.filter((p) => lines.includes(p.line)) : products;
    const p = random.pick(pool);
    return { code: p.product.code, line: p.line };
  };
  const topic = (line: string, customer: DemoCustomer) => `${random.pick(TOPICS[line])} — ${customer.name}`;

  // Months from the start to today; seasonality: slow January, busy November–December.
  const months: Date[] = [];
  for (
    let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
    m <= today;
    m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))
  )
    months.push(m);
  const season = (m: Date) => [0.7, 0.9, 1.05, 1.0, 0.95, 0.9, 0.85, 0.9, 1.05, 1.1, 1.15, 1.3][m.getUTCMonth()];
  const inMonth = (m: Date, from: Date) => {
    const end = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1));
    const lo = Math.max(m.getTime(), from.getTime(), start.getTime());
    const hi = Math.min(end.getTime(), latest.getTime());
    if (hi <= lo) return null;
    const day = new Date(lo + random.next() * (hi - lo));
    day.setUTCHours(random.int(5, 15), random.int(0, 59), random.int(0, 59), 0);
    return day.getTime() > latest.getTime() ? latest : day;
  };

  const worked = [...customers.byTeam.values()].flat();
  for (const month of months) {
    // Field reps: their own deals, most from a lead they generated, plus leads that did not qualify.
    for (const rep of fieldReps) {
      const teamKey = teamKeyById.get(rep.team.id)!;
      const team = TEAMS[teamKey];
      const profile = profiles.get(rep.id)!;
      const perMonth = (MONTHLY_WON_TARGET / (BASE_WIN_RATE * logUniformMean(team.amount))) * 0.95;
      const count = Math.round(perMonth * profile.volume * season(month) * uniform(random, 0.7, 1.3));
      const own = customers.byTeam.get(teamKey)!.filter((c) => c.ownerId === rep.id);
      const teamCustomers = customers.byTeam.get(teamKey)!;
      for (let i = 0; i < count; i += 1) {
        const createdAt = inMonth(month, hired(rep));
        if (!createdAt) continue;
        const customer = own.length && random.chance(0.7) ? random.pick(own) : random.pick(teamCustomers);
        const channel = pickWeighted(random, team.channels);
        const product = productFor(teamKey);
        let lead: LeadPlan | null = null;
        if (random.chance(0.65)) {
          const leadAt = addDays(createdAt, -uniform(random, 2, 12));
          lead = {
            customer,
            contactId: contact(customer),
            channel,
            title: topic(product.line, customer),
            generatedBy: rep,
            ownerId: rep.id,
            teamId: rep.team.id,
            sourceTeamId: rep.team.id,
            createdAt: leadAt < start ? start : leadAt,
            qualifiedAt: addDays(createdAt, -uniform(random, 0.05, 1)),
            pass: true,
            handoff: null,
            convertedAt: createdAt,
          };
          leads.push(lead);
        }
        plans.push({ customer, owner: rep, teamKey, channel, productCode: product.code, line: product.line, createdAt, lead, winBoost: 1 });
      }
      const rejected = Math.round(count * 0.3 * uniform(random, 0.5, 1.5));
      for (let i = 0; i < rejected; i += 1) {
        const createdAt = inMonth(month, hired(rep));
        if (!createdAt) continue;
        const customer = random.pick(teamCustomers);
        const qualifiedAt = addDays(createdAt, uniform(random, 1, 8));
        leads.push({
          customer,
          contactId: contact(customer),
          channel: pickWeighted(random, team.channels),
          title: topic(productFor(teamKey).line, customer),
          generatedBy: rep,
          ownerId: rep.id,
          teamId: rep.team.id,
          sourceTeamId: rep.team.id,
          createdAt,
          qualifiedAt: qualifiedAt > latest ? null : qualifiedAt,
          pass: false,
          handoff: null,
          convertedAt: null,
        });
      }
    }
    // Inside sales: inbound and outbound leads, qualified and handed off to the customer's field team.
    for (const rep of insideReps) {
      const count = Math.round(22 * profiles.get(rep.id)!.volume * season(month) * uniform(random, 0.8, 1.2));
      for (let i = 0; i < count; i += 1) {
        const createdAt = inMonth(month, hired(rep));
        if (!createdAt) continue;
        const customer = random.chance(0.06) ? random.pick(customers.prospects) : random.pick(worked);
        const homeTeam = org.teams.get(customer.homeTeamKey)!;
        const pass = random.chance(0.45 * profiles.get(rep.id)!.skill);
        const qualifiedAt = addDays(createdAt, uniform(random, 0.5, 6));
        const handoffAt = addDays(qualifiedAt, uniform(random, 0.05, 2));
        const dealAt = addDays(handoffAt, uniform(random, 0.5, 6));
        const product = productFor(customer.homeTeamKey);
        const lead: LeadPlan = {
          customer,
          contactId: contact(customer),
          channel: random.chance(0.55) ? 'ONLINE' : 'INSIDE',
          title: topic(product.line, customer),
          generatedBy: rep,
          ownerId: rep.id,
          teamId: rep.team.id,
          sourceTeamId: rep.team.id,
          createdAt,
          qualifiedAt: qualifiedAt > latest ? null : qualifiedAt,
          pass,
          handoff: null,
          convertedAt: null,
        };
        leads.push(lead);
        if (!pass || qualifiedAt > latest || handoffAt > latest) continue;
        const receiver = org.members.find((m) => m.id === customer.ownerId)!;
        lead.handoff = { at: handoffAt, toTeamId: homeTeam.id, toMemberId: receiver.id };
        lead.ownerId = receiver.id;
        lead.teamId = receiver.team.id;
        if (dealAt > latest || !random.chance(0.85)) continue;
        lead.convertedAt = dealAt;
        plans.push({
          customer,
          owner: receiver,
          teamKey: customer.homeTeamKey,
          channel: lead.channel,
          productCode: product.code,
          line: product.line,
          createdAt: dealAt,
          lead,
          winBoost: 1.1,
        });
      }
    }
  }

  // Leads, their qualifications and handoffs.
  const leadIds = await bulkInsert(
    em,
    Lead,
    leads.map((l) => {
      const status = l.convertedAt
        ? LeadStatus.CONVERTED
        : !l.qualifiedAt
          ? LeadStatus.OPEN
          : l.pass
            ? LeadStatus.QUALIFIED
            : LeadStatus.DISQUALIFIED;
      const updated = [l.createdAt, l.qualifiedAt, l.handoff?.at, l.convertedAt]
        .filter((d): d is Date => Boolean(d))
        .sort((a, b) => b.getTime() - a.getTime())[0];
      return {
        title: l.title,
        description: null,
        customer: l.customer.id,
        contact: l.contactId,
        channel: channelId(l.channel),
        owner: l.ownerId,
        team: l.teamId,
        generatedBy: l.generatedBy.id,
        sourceTeam: l.sourceTeamId,
        status,
        createdAt: l.createdAt,
        updatedAt: updated,
        qualifiedAt: l.qualifiedAt,
        handedOffAt: l.handoff?.at ?? null,
        convertedAt: l.convertedAt,
      };
    }) as never,
  );
  leads.forEach((l, i) => (l.id = leadIds[i]));
  const scored = leads.filter((l) => l.qualifiedAt);
  await bulkInsert(
    em,
    LeadQualification,
    scored.map((l) => {
      const scores = scoresFor(random, l.pass);
      const result = qualify(scores);
      return {
        lead: l.id,
        ...scores,
        score: result.score,
        threshold: result.threshold,
        outcome: result.outcome,
        reasons: result.reasons,
        notes: l.pass ? null : 'Вернуться к клиенту в следующем бюджетном цикле.',
        qualifiedById: l.generatedBy.id,
        qualifiedAt: l.qualifiedAt,
      };
    }) as never,
  );
  await bulkInsert(
    em,
    LeadHandoff,
    leads
      .filter((l) => l.handoff)
      .map((l) => ({
        lead: l.id,
        fromMember: l.generatedBy.id,
        fromTeam: l.sourceTeamId,
        toTeam: l.handoff!.toTeamId,
        toMember: l.handoff!.toMemberId,
        note: 'Клиент ждёт звонка на этой неделе.',
        handedOffAt: l.handoff!.at,
        recordedById: l.generatedBy.id,
      })) as never,
  );

  // Deals walk the stages.
  plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const dealRows: Record<string, unknown>[] = [];
  const paths: { code: string; at: Date; note: string | null }[][] = [];
  const demoDeals: Omit<DemoDeal, 'id'>[] = [];
  for (const plan of plans) {
    const team = TEAMS[plan.teamKey];
    const profile = profiles.get(plan.owner.id)!;
    const win = random.chance(Math.min(0.6, Math.max(0.1, BASE_WIN_RATE * profile.skill * team.win * plan.winBoost)));
    const first = plan.lead && random.chance(0.3) ? 'QUALIFIED' : 'LEAD';
    const lostAt = pickWeighted(random, [
      ['LEAD', 0.35],
      ['QUALIFIED', 0.3],
      ['PROPOSAL', 0.2],
      ['NEGOTIATION', 0.15],
    ] as [string, number][]);
    // Some won deals close right after the proposal, without negotiations: they still reached every stage.
    const last = win
      ? random.chance(0.12)
        ? 'PROPOSAL'
        : 'NEGOTIATION'
      : OPEN_CODES[Math.max(OPEN_CODES.indexOf(first), OPEN_CODES.indexOf(lostAt))];
    const route = OPEN_CODES.slice(OPEN_CODES.indexOf(first), OPEN_CODES.indexOf(last) + 1);
    if (route.length >= 3 && random.chance(0.08)) {
      // A step back: the client asked for a new proposal after negotiations started, or requalified.
      const at = random.int(2, route.length - 1);
      route.splice(at + 1, 0, route[at - 1], route[at]);
    }
    const path: { code: string; at: Date; note: string | null }[] = [];
    let t = plan.createdAt;
    let closedAt: Date | null = null;
    let status = DealStatus.OPEN;
    let planned = 0;
    for (const code of route) planned += (STAY[code][0] + STAY[code][1]) / 2;
    for (let i = 0; i <= route.length; i += 1) {
      if (t > latest) break;
      if (i === route.length) {
        status = win ? DealStatus.WON : DealStatus.LOST;
        closedAt = t;
        path.push({ code: win ? 'WON' : 'LOST', at: t, note: random.pick(win ? WON_REASONS : LOST_REASONS) });
        break;
      }
      path.push({ code: route[i], at: t, note: null });
      const [lo, hi] = STAY[route[i]];
      t = addDays(t, uniform(random, lo, hi) * team.cycle);
    }
    const amount = amountKopecks(random, team.amount);
    const createdDay = isoDate(plan.createdAt);
    let expected = isoDate(addDays(plan.createdAt, planned * team.cycle + uniform(random, -10, 15)));
    if (!closedAt && expected < isoDate(addDays(today, 5))) expected = isoDate(addDays(today, random.int(7, 100)));
    if (expected < createdDay) expected = createdDay;
    const openPath = path.filter((p) => OPEN_CODES.includes(p.code));
    const furthest = openPath.reduce((best, p) => (position(p.code) > position(best.code) ? p : best), openPath[0]);
    const current = path[path.length - 1];
    dealRows.push({
      title: plan.lead?.title ?? topic(plan.line, plan.customer),
      owner: plan.owner.id,
      team: plan.owner.team.id,
      stage: stages.get(current.code)!.id,
      status,
      amount: money(amount),
      expectedCloseDate: expected,
      closeDate: closedAt ? isoDate(closedAt) : null,
      closeReason: closedAt ? current.note : null,
      createdAt: plan.createdAt,
      updatedAt: current.at,
      version: path.length,
      account: plan.customer.id,
      channel: channelId(plan.channel),
      product: products.find((p) => p.product.code === plan.productCode)!.product.id,
      lead: plan.lead?.id ?? null,
      furthestStage: stages.get(furthest.code)!.id,
      stageEnteredAt: current.at,
    });
    paths.push(path);
    demoDeals.push({
      customerId: plan.customer.id,
      ownerId: plan.owner.id,
      teamId: plan.owner.team.id,
      createdAt: plan.createdAt,
      closedAt,
      status,
    });
  }
  const dealIds = await bulkInsert(em, Deal, dealRows as never);
  const changes: Record<string, unknown>[] = [];
  paths.forEach((path, d) =>
    path.forEach((step, i) =>
      changes.push({
        deal: dealIds[d],
        team: plans[d].owner.team.id,
        dealCreatedAt: plans[d].createdAt,
        fromStage: i ? stages.get(path[i - 1].code)!.id : null,
        toStage: stages.get(step.code)!.id,
        changedAt: step.at,
        changedById: plans[d].owner.id,
        fromEnteredAt: i ? path[i - 1].at : null,
        note: step.note,
      }),
    ),
  );
  await bulkInsert(em, DealStageChange, changes as never, 2000);
  const deals: DemoDeal[] = demoDeals.map((d, i) => ({ ...d, id: dealIds[i] }));

  // What the customers' lifecycles and the strategy reviews are built from.
  const lifecycleEvents: LifecycleEvent[] = [];
  for (const l of leads) {
    lifecycleEvents.push({
      customerId: l.customer.id,
      at: l.createdAt,
      kind: 'opened',
      refId: l.id!,
      memberId: l.generatedBy.id,
      order: 0,
    });
    if (l.qualifiedAt)
      lifecycleEvents.push({
        customerId: l.customer.id,
        at: l.qualifiedAt,
        kind: l.pass ? 'qualified' : 'disqualified',
        refId: l.id!,
        memberId: l.generatedBy.id,
        order: l.pass ? 1 : 2,
      });
    if (l.convertedAt)
      lifecycleEvents.push({
        customerId: l.customer.id,
        at: l.convertedAt,
        kind: 'converted',
        refId: l.id!,
        memberId: l.ownerId,
        order: 2,
      });
  }
  for (const d of deals)
    if (d.status === DealStatus.WON)
      lifecycleEvents.push({ customerId: d.customerId, at: d.closedAt!, kind: 'won', refId: d.id, memberId: d.ownerId, order: 3 });

  const quarterFigures = new Map<string, QuarterFigures>();
  const firstWin = new Map<number, Date>();
  for (const d of deals)
    if (d.status === DealStatus.WON && (!firstWin.has(d.customerId) || firstWin.get(d.customerId)! > d.closedAt!))
      firstWin.set(d.customerId, d.closedAt!);
  const quarterOf = (date: Date) => isoDate(new Date(Date.UTC(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) * 3, 1)));
  const figures = (key: string) => {
    if (!quarterFigures.has(key)) quarterFigures.set(key, { revenue: 0n, won: 0, lost: 0, cycleDays: [], newCustomers: 0 });
    return quarterFigures.get(key)!;
  };
  deals.forEach((d, i) => {
    if (!d.closedAt) return;
    const f = figures(quarterOf(d.closedAt));
    if (d.status === DealStatus.WON) {
      f.won += 1;
      f.revenue += BigInt(String(dealRows[i].amount).replace('.', ''));
      f.cycleDays.push((Date.parse(isoDate(d.closedAt)) - Date.parse(isoDate(d.createdAt))) / 86_400_000);
    } else f.lost += 1;
  });
  for (const at of firstWin.values()) figures(quarterOf(at)).newCustomers += 1;
  return { stages, deals, lifecycleEvents, quarterFigures };
}

/** The sales process, leads and deals with their stage history. */
export class PipelineSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    context.pipeline = await seedPipeline(em, context);
  }
}
