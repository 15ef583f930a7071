import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import { addDays, bulkInsert, isoDate } from './bulk.js';
import type { DemoContext } from './context.js';
import { personName, transliterate } from './names.js';
import type { Random } from './random.js';
import { MemberRole } from '../org/enums.js';
import { Contact } from '../customers/contact.entity.js';
import { Customer } from '../customers/customer.entity.js';
import { CustomerSize, InteractionKind, LifecycleStage } from '../customers/enums.js';
import { FollowUp, Interaction } from '../customers/interaction.entity.js';
import { CustomerLifecycleChange } from '../customers/lifecycle-change.entity.js';
import { afterDealWon, afterLastLeadDisqualified, afterLeadOpened, afterLeadQualified } from '../customers/lifecycle.js';

export interface DemoCustomer {
  id: number;
  name: string;
  homeTeamKey: string;
  ownerId: number;
  contactIds: number[];
  createdAt: Date;
  keyAccount: boolean;
}

export interface DemoCustomers {
  list: DemoCustomer[];
  /** Customers the field teams work with, by the key of the team that serves them. */
  byTeam: Map<string, DemoCustomer[]>;
  /** Prospects the field teams have not approached: only inside sales generates a few leads with them. */
  prospects: DemoCustomer[];
}

/** Field teams with their customers: how many, their regions and the industries they are in. */
const FIELD_TEAMS: {
  key: string;
  customers: number;
  region?: string;
  industries: string[];
  sizes: CustomerSize[];
  key_account?: boolean;
}[] = [
  {
    key: 'moscow',
    customers: 95,
    region: 'Центральный федеральный округ',
    industries: ['Финансы', 'Розничная торговля', 'ИТ и телеком', 'Логистика', 'Производство'],
    sizes: [CustomerSize.MEDIUM, CustomerSize.LARGE, CustomerSize.SMALL],
  },
  {
    key: 'northwest',
    customers: 75,
    region: 'Северо-Западный федеральный округ',
    industries: ['Логистика', 'Производство', 'Здравоохранение', 'Розничная торговля'],
    sizes: [CustomerSize.MEDIUM, CustomerSize.LARGE, CustomerSize.SMALL],
  },
  {
    key: 'volga',
    customers: 60,
    region: 'Приволжский федеральный округ',
    industries: ['Производство', 'Агропромышленность', 'Энергетика', 'Образование'],
    sizes: [CustomerSize.MEDIUM, CustomerSize.SMALL, CustomerSize.LARGE],
  },
  {
    key: 'urals',
    customers: 60,
    region: 'Уральский и Сибирский федеральные округа',
    industries: ['Металлургия', 'Энергетика', 'Производство', 'Логистика'],
    sizes: [CustomerSize.LARGE, CustomerSize.MEDIUM],
  },
  {
    key: 'south',
    customers: 45,
    region: 'Южный и Северо-Кавказский федеральные округа',
    industries: ['Агропромышленность', 'Розничная торговля', 'Туризм и гостиницы'],
    sizes: [CustomerSize.SMALL, CustomerSize.MEDIUM],
  },
  {
    key: 'cloud',
    customers: 60,
    industries: ['ИТ и телеком', 'Финансы', 'Образование', 'Здравоохранение', 'Розничная торговля'],
    sizes: [CustomerSize.SMALL, CustomerSize.MEDIUM, CustomerSize.LARGE],
  },
  {
    key: 'network',
    customers: 60,
    industries: ['Производство', 'Логистика', 'Энергетика', 'Образование'],
    sizes: [CustomerSize.MEDIUM, CustomerSize.LARGE],
  },
  {
    key: 'retail',
    customers: 26,
    industries: ['Розничная торговля'],
    sizes: [CustomerSize.ENTERPRISE, CustomerSize.LARGE],
    key_account: true,
  },
  {
    key: 'gov',
    customers: 28,
    industries: ['Государственное управление', 'Здравоохранение', 'Образование'],
    sizes: [CustomerSize.ENTERPRISE, CustomerSize.LARGE],
    key_account: true,
  },
];

const REGIONS = FIELD_TEAMS.filter((t) => t.region).map((t) => t.region!);
const ROOTS = [
  'Север',
  'Волга',
  'Урал',
  'Сибирь',
  'Балтика',
  'Кама',
  'Дон',
  'Енисей',
  'Ангара',
  'Альфа',
  'Вектор',
  'Гранит',
  'Меридиан',
  'Прогресс',
  'Стандарт',
  'Импульс',
  'Горизонт',
  'Континент',
  'Орбита',
  'Парус',
  'Восход',
  'Магистраль',
  'Квант',
  'Ока',
];
const SUFFIXES: Record<string, string[]> = {
  Финансы: ['Банк', 'Инвест', 'Капитал', 'Лизинг'],
  'Розничная торговля': ['Торг', 'Маркет', 'Ритейл', 'Универсам'],
  'ИТ и телеком': ['Телеком', 'Софт', 'Системс', 'Дата'],
  Логистика: ['Логистика', 'Транс', 'Экспедиция', 'Терминал'],
  Производство: ['Пром', 'Завод', 'Машстрой', 'Пласт'],
  Здравоохранение: ['Мед', 'Клиника', 'Фарм', 'Диагностика'],
  Агропромышленность: ['Агро', 'Хлеб', 'Молоко', 'Зерно'],
  Энергетика: ['Энерго', 'Сетевая компания', 'Теплоснаб', 'Нефть'],
  Образование: ['Академия', 'Колледж', 'Университет', 'Школа'],
  Металлургия: ['Металл', 'Сталь', 'Прокат', 'Литьё'],
  'Туризм и гостиницы': ['Отель', 'Тур', 'Курорт', 'Гостиничный дом'],
  'Государственное управление': ['Центр ИТ', 'Информационный центр', 'Цифровое развитие', 'МФЦ'],
};
const NEEDS: Record<string, string> = {
  Финансы: 'Отказоустойчивая инфраструктура для процессинга и резервный ЦОД.',
  'Розничная торговля': 'Единая сеть магазинов, Wi-Fi для покупателей и касс, облако для учётной системы.',
  'ИТ и телеком': 'Масштабируемые вычислительные мощности под пиковую нагрузку.',
  Логистика: 'Связь складов и терминалов, мобильные терминалы сбора данных.',
  Производство: 'Промышленная сеть цехов и резервное копирование MES.',
  Здравоохранение: 'Защищённое хранение медицинских данных и связь филиалов.',
  Агропромышленность: 'Связь удалённых площадок и облачный учёт.',
  Энергетика: 'Защищённая технологическая сеть и мониторинг.',
  Образование: 'Wi-Fi в кампусе и облачные сервисы для обучения.',
  Металлургия: 'Модернизация сетевого ядра и резервирование.',
  'Туризм и гостиницы': 'Гостевой Wi-Fi и облачная система бронирования.',
  'Государственное управление': 'Импортозамещение оборудования и ПО из реестра, соответствие требованиям ФСТЭК.',
};
const PAINS = [
  'Частые простои из-за устаревшего оборудования.',
  'Нет резервных копий критичных систем.',
  'Долгая доставка и замена оборудования в регионах.',
  'Высокие затраты на собственный серверный парк.',
  'Санкционные риски у текущего поставщика.',
  'Нехватка собственных инженеров.',
  'Медленная реакция поддержки текущего подрядчика.',
];
const PREFERENCES = [
  'Общение через персонального менеджера, встречи по вторникам.',
  'Предпочитают e-mail, решения согласуются закупочным комитетом раз в месяц.',
  'Звонить до 12:00 по местному времени, коммерческие предложения в PDF.',
  'Требуют демонстрацию на своей площадке перед покупкой.',
  'Работают только через тендерную площадку, вопросы письменно.',
  'Быстрые ответы в мессенджере, договор по типовой форме клиента.',
];
const JOB_TITLES = [
  'ИТ-директор',
  'Руководитель инфраструктуры',
  'Финансовый директор',
  'Начальник отдела закупок',
  'Системный администратор',
  'Генеральный директор',
  'Руководитель проектов',
];

function companyName(random: Random, industry: string, used: Set<string>): string {
  for (let attempt = 0; ; attempt += 1) {
    const suffix = random.pick(SUFFIXES[industry] ?? ['Групп']);
    const root = random.pick(ROOTS);
    const form = industry === 'Государственное управление' ? 'ГБУ' : random.pick(['ООО', 'ООО', 'АО', 'ПАО']);
    const name = `${form} «${root}${suffix.includes(' ') ? ' ' : '-'}${suffix}${attempt > 3 ? ` ${attempt}` : ''}»`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** About 500 accounts across the field teams, each owned by a rep of its team, with 1–3 contacts. */
async function seedCustomers(em: EntityManager, context: DemoContext): Promise<DemoCustomers> {
  const { org, random, today } = context;
  if (!org) throw new Error('seedCustomers runs after the organisation');
  const used = new Set<string>();
  const drafts: (Omit<DemoCustomer, 'id' | 'contactIds'> & { row: Record<string, unknown> })[] = [];
  let taxId = 7701000000;
  for (const team of FIELD_TEAMS) {
    const teamId = org.teams.get(team.key)!.id;
    const reps = org.members.filter((m) => m.team.id === teamId && m.role === MemberRole.REP);
    for (let i = 0; i < team.customers; i += 1) {
      const industry = random.pick(team.industries);
      const name = companyName(random, industry, used);
      const createdAt = addDays(today, -random.int(560, 1500));
      const owner = random.pick(reps);
      taxId += random.int(7, 9000);
      drafts.push({
        name,
        homeTeamKey: team.key,
        ownerId: owner.id,
        createdAt,
        keyAccount: Boolean(team.key_account),
        row: {
          name,
          taxId: String(taxId),
          industry,
          region: team.region ?? random.pick(REGIONS),
          size: random.pick(team.sizes),
          needs: NEEDS[industry] ?? null,
          painPoints: random.pick(PAINS),
          servicePreferences: random.pick(PREFERENCES),
          owner: owner.id,
          keyAccount: Boolean(team.key_account),
          lifecycleStage: LifecycleStage.PROSPECT,
          lifecycleChangedAt: createdAt,
          createdAt,
          updatedAt: createdAt,
        },
      });
    }
  }
  const ids = await bulkInsert(em, Customer, drafts.map((d) => d.row) as never);
  const list: DemoCustomer[] = drafts.map(({ row: _row, ...d }, i) => ({ ...d, id: ids[i], contactIds: [] }));

  const contactRows: Record<string, unknown>[] = [];
  const contactOwners: DemoCustomer[] = [];
  for (const customer of list) {
    const domain = `${transliterate(customer.name.replace(/^\S+ «|»$/g, '')).replace(/[^a-z]/g, '')}.ru`;
    const count = random.int(1, 3);
    for (let i = 0; i < count; i += 1) {
      const person = personName(random);
      contactRows.push({
        customer: customer.id,
        fullName: person.fullName,
        jobTitle: JOB_TITLES[(i + random.int(0, JOB_TITLES.length - 1)) % JOB_TITLES.length],
        email: `${person.emailLocal}@${domain}`,
        phone: `+7 (9${random.int(10, 99)}) ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`,
        primary: i === 0,
        notes: null,
        createdAt: customer.createdAt,
        archivedAt: null,
      });
      contactOwners.push(customer);
    }
  }
  const contactIds = await bulkInsert(em, Contact, contactRows as never);
  contactIds.forEach((id, i) => contactOwners[i].contactIds.push(id));

  const byTeam = new Map<string, DemoCustomer[]>();
  const prospects: DemoCustomer[] = [];
  for (const customer of list) {
    if (!customer.keyAccount && random.chance(0.18)) {
      prospects.push(customer);
      continue;
    }
    if (!byTeam.has(customer.homeTeamKey)) byTeam.set(customer.homeTeamKey, []);
    byTeam.get(customer.homeTeamKey)!.push(customer);
  }
  return { list, byTeam, prospects };
}

const INTERACTIONS: Record<InteractionKind, string[]> = {
  [InteractionKind.CALL]: [
    'Первичный звонок: уточнение потребностей',
    'Звонок по срокам закупки',
    'Обсуждение бюджета проекта',
    'Согласование даты демонстрации',
  ],
  [InteractionKind.EMAIL]: [
    'Отправлено коммерческое предложение',
    'Ответы на технические вопросы',
    'Направлен проект договора',
    'Обновлённая спецификация',
  ],
  [InteractionKind.MEETING]: [
    'Встреча с ИТ-директором',
    'Демонстрация решения на площадке клиента',
    'Переговоры по условиям договора',
    'Техническое совещание с инженерами',
  ],
  [InteractionKind.NOTE]: [
    'Клиент сравнивает с конкурентом',
    'Решение переносится на следующий квартал',
    'Закупочный комитет собирается в конце месяца',
    'Нужна скидка для согласования',
  ],
};
const FOLLOW_UPS = [
  'Отправить коммерческое предложение',
  'Назначить демонстрацию',
  'Согласовать спецификацию',
  'Подготовить проект договора',
  'Перезвонить по бюджету',
  'Отправить кейсы похожих клиентов',
  'Уточнить состав закупочной комиссии',
];

/**
 * Interactions and follow-ups along every demo deal (open deals have their next step, some overdue),
 * and each customer's lifecycle replayed from its leads and deals through the same rules as the
 * services, recorded with the time of each event.
 */
async function seedCustomerActivity(em: EntityManager, context: DemoContext): Promise<void> {
  const { org, customers, pipeline, random, today } = context;
  if (!org || !customers || !pipeline) throw new Error('seedCustomerActivity runs after the customers and the pipeline');
  const supportByTeam = new Map<number, number[]>();
  for (const m of org.members)
    if (m.role === MemberRole.SUPPORT) supportByTeam.set(m.team.id, [...(supportByTeam.get(m.team.id) ?? []), m.id]);
  const customerById = new Map(customers.list.map((c) => [c.id, c]));
  const kinds = [InteractionKind.CALL, InteractionKind.EMAIL, InteractionKind.MEETING, InteractionKind.NOTE];

  const interactions: Record<string, unknown>[] = [];
  const followUps: Record<string, unknown>[] = [];
  for (const deal of pipeline.deals) {
    const customer = customerById.get(deal.customerId)!;
    const end = deal.closedAt ?? today;
    const span = Math.max(1, (end.getTime() - deal.createdAt.getTime()) / 86_400_000);
    const count = random.int(1, 4) + (deal.closedAt ? 0 : 1);
    for (let i = 0; i < count; i += 1) {
      const kind = i === 0 ? InteractionKind.CALL : random.pick(kinds);
      const support = supportByTeam.get(deal.teamId);
      interactions.push({
        kind,
        customer: customer.id,
        deal: deal.id,
        contact: random.pick(customer.contactIds),
        member: support && random.chance(0.1) ? random.pick(support) : deal.ownerId,
        occurredAt: addDays(deal.createdAt, (span * (i + random.next())) / (count + 0.5)),
        subject: random.pick(INTERACTIONS[kind]),
        notes: random.chance(0.4) ? random.pick(INTERACTIONS[InteractionKind.NOTE]) : null,
        createdAt: addDays(deal.createdAt, (span * (i + 1)) / (count + 0.5)),
      });
    }
    if (deal.closedAt) {
      const done = random.int(0, 2);
      for (let i = 0; i < done; i += 1) {
        const due = addDays(deal.createdAt, (span * (i + 1)) / (done + 1));
        followUps.push({
          customer: customer.id,
          deal: deal.id,
          assignee: deal.ownerId,
          title: random.pick(FOLLOW_UPS),
          notes: null,
          dueDate: isoDate(due),
          done: true,
          doneAt: addDays(due, -random.next() * 2),
          createdById: deal.ownerId,
          createdAt: addDays(deal.createdAt, 0.1),
        });
      }
    } else {
      const overdue = random.chance(0.22);
      const due = overdue ? addDays(today, -random.int(1, 21)) : addDays(today, random.int(0, 20));
      followUps.push({
        customer: customer.id,
        deal: deal.id,
        assignee: deal.ownerId,
        title: random.pick(FOLLOW_UPS),
        notes: null,
        dueDate: isoDate(due),
        done: false,
        doneAt: null,
        createdById: deal.ownerId,
        createdAt: addDays(due < today ? due : today, -random.int(3, 10)),
      });
    }
  }
  await bulkInsert(em, Interaction, interactions as never);
  await bulkInsert(em, FollowUp, followUps as never);

  // Lifecycle: replay the lead and deal events of each customer in time order.
  const events = [...pipeline.lifecycleEvents].sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  const state = new Map(
    customers.list.map((c) => [c.id, { stage: LifecycleStage.PROSPECT, live: 0, at: c.createdAt, lastWon: null as Date | null }]),
  );
  const changes: Record<string, unknown>[] = customers.list.map((c) => ({
    customer: c.id,
    fromStage: null,
    toStage: LifecycleStage.PROSPECT,
    changedAt: c.createdAt,
    changedById: null,
    reason: 'account created',
  }));
  const move = (customerId: number, to: LifecycleStage, at: Date, reason: string, by: number | null) => {
    const s = state.get(customerId)!;
    if (s.stage === to) return;
    changes.push({ customer: customerId, fromStage: s.stage, toStage: to, changedAt: at, changedById: by, reason });
    s.stage = to;
    s.at = at;
  };
  for (const e of events) {
    const s = state.get(e.customerId)!;
    if (e.kind === 'opened') {
      s.live += 1;
      move(e.customerId, afterLeadOpened(s.stage), e.at, 'lead opened', e.memberId);
    } else if (e.kind === 'qualified') {
      move(e.customerId, afterLeadQualified(s.stage), e.at, `lead ${e.refId} qualified`, e.memberId);
    } else if (e.kind === 'disqualified') {
      s.live -= 1;
      if (s.live === 0) move(e.customerId, afterLastLeadDisqualified(s.stage), e.at, `lead ${e.refId} disqualified`, e.memberId);
    } else if (e.kind === 'converted') {
      s.live -= 1;
    } else if (e.kind === 'won') {
      s.lastWon = e.at;
      move(e.customerId, afterDealWon(s.stage), e.at, `deal ${e.refId} won`, e.memberId);
    }
  }
  // Customers who have not bought for ten months and have nothing open churn (most of them).
  const openDeals = new Set(pipeline.deals.filter((d) => !d.closedAt).map((d) => d.customerId));
  for (const [customerId, s] of state) {
    if ((s.stage === LifecycleStage.CUSTOMER || s.stage === LifecycleStage.RETAINED) && s.lastWon && !openDeals.has(customerId)) {
      const churnAt = addDays(s.lastWon, 300);
      if (churnAt < today && random.chance(0.6))
        move(customerId, LifecycleStage.CHURNED, churnAt, 'no purchases for ten months', customerById.get(customerId)!.ownerId);
    }
  }
  await bulkInsert(em, CustomerLifecycleChange, changes as never);
  const moved = [...state].filter(([, s]) => s.stage !== LifecycleStage.PROSPECT);
  for (let i = 0; i < moved.length; i += 1000) {
    const slice = moved.slice(i, i + 1000);
    await em.execute(
      `update customer c set lifecycle_stage = x.stage, lifecycle_changed_at = x.at
         from (select unnest(?::int[]) as id, unnest(?::text[]) as stage, unnest(?::timestamptz[]) as at) x
        where c.id = x.id`,
      [
        `{${slice.map(([id]) => id).join(',')}}`,
        `{${slice.map(([, s]) => s.stage).join(',')}}`,
        `{${slice.map(([, s]) => `"${s.at.toISOString()}"`).join(',')}}`,
      ],
    );
  }
}

/** Customers with their contacts. */
export class CustomerSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    context.customers = await seedCustomers(em, context);
  }
}

/** Interactions, follow-ups and lifecycle changes, after the pipeline. */
export class CustomerActivitySeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    await seedCustomerActivity(em, context);
  }
}
