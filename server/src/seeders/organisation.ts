import type { EntityManager } from '@mikro-orm/postgresql';
import { Seeder } from '@mikro-orm/seeder';
import type { DemoContext } from './context.js';
import { personName } from './names.js';
import { MemberRole, TeamKind, TerritoryKind } from '../org/enums.js';
import type { Member } from '../org/member.entity.js';
import { createMember } from '../org/member.service.js';
import type { Team } from '../org/team.entity.js';
import { createTeam, setTeamManager } from '../org/team.service.js';
import { createTerritory } from '../org/territory.service.js';
import type { Territory } from '../org/territory.entity.js';

interface TerritorySeed {
  key: string;
  name: string;
  kind: TerritoryKind;
  potential: string;
  marketSize: string;
}

const TERRITORIES: TerritorySeed[] = [
  { key: 'cfo', name: 'Центральный федеральный округ', kind: TerritoryKind.REGION, potential: '480000000.00', marketSize: '2100000000.00' },
  {
    key: 'szfo',
    name: 'Северо-Западный федеральный округ',
    kind: TerritoryKind.REGION,
    potential: '260000000.00',
    marketSize: '950000000.00',
  },
  { key: 'pfo', name: 'Приволжский федеральный округ', kind: TerritoryKind.REGION, potential: '210000000.00', marketSize: '820000000.00' },
  {
    key: 'ufo',
    name: 'Уральский и Сибирский федеральные округа',
    kind: TerritoryKind.REGION,
    potential: '185000000.00',
    marketSize: '760000000.00',
  },
  {
    key: 'yufo',
    name: 'Южный и Северо-Кавказский федеральные округа',
    kind: TerritoryKind.REGION,
    potential: '120000000.00',
    marketSize: '540000000.00',
  },
  { key: 'cloud', name: 'Облачные сервисы', kind: TerritoryKind.PRODUCT_LINE, potential: '300000000.00', marketSize: '1400000000.00' },
  {
    key: 'network',
    name: 'Сетевое оборудование',
    kind: TerritoryKind.PRODUCT_LINE,
    potential: '240000000.00',
    marketSize: '1100000000.00',
  },
  {
    key: 'retail',
    name: 'Федеральные торговые сети',
    kind: TerritoryKind.KEY_ACCOUNTS,
    potential: '350000000.00',
    marketSize: '900000000.00',
  },
  { key: 'gov', name: 'Государственный сектор', kind: TerritoryKind.KEY_ACCOUNTS, potential: '280000000.00', marketSize: '1250000000.00' },
];

interface TeamSeed {
  key: string;
  name: string;
  kind: TeamKind;
  parent?: string;
  territory?: string;
  reps: number;
  support: number;
  description: string;
}

const TEAMS: TeamSeed[] = [
  {
    key: 'national',
    name: 'Национальный отдел продаж',
    kind: TeamKind.GEOGRAPHIC,
    reps: 0,
    support: 2,
    description: 'Все продажи компании в России.',
  },
  {
    key: 'regions',
    name: 'Региональные продажи',
    kind: TeamKind.GEOGRAPHIC,
    parent: 'national',
    reps: 0,
    support: 1,
    description: 'Полевые продажи по федеральным округам.',
  },
  {
    key: 'moscow',
    name: 'Москва и Центр',
    kind: TeamKind.GEOGRAPHIC,
    parent: 'regions',
    territory: 'cfo',
    reps: 6,
    support: 1,
    description: 'Клиенты Москвы и ЦФО.',
  },
  {
    key: 'northwest',
    name: 'Северо-Запад',
    kind: TeamKind.GEOGRAPHIC,
    parent: 'regions',
    territory: 'szfo',
    reps: 5,
    support: 1,
    description: 'Санкт-Петербург и СЗФО.',
  },
  {
    key: 'volga',
    name: 'Поволжье',
    kind: TeamKind.GEOGRAPHIC,
    parent: 'regions',
    territory: 'pfo',
    reps: 4,
    support: 0,
    description: 'Нижний Новгород, Казань, Самара.',
  },
  {
    key: 'urals',
    name: 'Урал и Сибирь',
    kind: TeamKind.GEOGRAPHIC,
    parent: 'regions',
    territory: 'ufo',
    reps: 4,
    support: 1,
    description: 'Екатеринбург, Новосибирск, Тюмень.',
  },
  {
    key: 'south',
    name: 'Юг',
    kind: TeamKind.GEOGRAPHIC,
    parent: 'regions',
    territory: 'yufo',
    reps: 3,
    support: 0,
    description: 'Краснодар, Ростов-на-Дону.',
  },
  {
    key: 'products',
    name: 'Продуктовые продажи',
    kind: TeamKind.PRODUCT,
    parent: 'national',
    reps: 0,
    support: 0,
    description: 'Специалисты по продуктовым линейкам.',
  },
  {
    key: 'cloud',
    name: 'Облачные сервисы',
    kind: TeamKind.PRODUCT,
    parent: 'products',
    territory: 'cloud',
    reps: 4,
    support: 1,
    description: 'IaaS, резервное копирование, SaaS.',
  },
  {
    key: 'network',
    name: 'Сетевое оборудование',
    kind: TeamKind.PRODUCT,
    parent: 'products',
    territory: 'network',
    reps: 4,
    support: 1,
    description: 'Коммутаторы, маршрутизаторы, Wi-Fi.',
  },
  {
    key: 'key',
    name: 'Ключевые клиенты',
    kind: TeamKind.KEY_ACCOUNT,
    parent: 'national',
    reps: 0,
    support: 1,
    description: 'Крупные и стратегические клиенты.',
  },
  {
    key: 'retail',
    name: 'Федеральные сети',
    kind: TeamKind.KEY_ACCOUNT,
    parent: 'key',
    territory: 'retail',
    reps: 3,
    support: 0,
    description: 'Торговые сети федерального уровня.',
  },
  {
    key: 'gov',
    name: 'Госсектор',
    kind: TeamKind.KEY_ACCOUNT,
    parent: 'key',
    territory: 'gov',
    reps: 3,
    support: 1,
    description: 'Государственные заказчики.',
  },
  {
    key: 'inside',
    name: 'Внутренние продажи',
    kind: TeamKind.INSIDE_SALES,
    parent: 'national',
    reps: 5,
    support: 0,
    description: 'Лидогенерация и передача лидов полевым командам.',
  },
];

export interface DemoOrganisation {
  teams: Map<string, Team>;
  territories: Map<string, Territory>;
  members: Member[];
}

function hireDate(context: DemoContext, minYears: number, maxYears: number): string {
  const days = context.random.int(minYears * 365, maxYears * 365);
  return new Date(context.today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

function capability(context: DemoContext): string {
  return (context.random.int(200, 490) / 100).toFixed(2);
}

/** A national sales department with geographic, product, key-account and inside-sales teams. */
async function seedOrganisation(em: EntityManager, context: DemoContext): Promise<DemoOrganisation> {
  const territories = new Map<string, Territory>();
  for (const seed of TERRITORIES) territories.set(seed.key, await createTerritory(em, seed));

  const usedEmails = new Set<string>();
  const newMember = async (team: Team, role: MemberRole, years: [number, number]) => {
    const name = personName(context.random);
    let local = name.emailLocal;
    for (let n = 2; usedEmails.has(local); n += 1) local = `${name.emailLocal}${n}`;
    usedEmails.add(local);
    return createMember(em, {
      fullName: name.fullName,
      email: `${local}@sales.example.ru`,
      role,
      teamId: team.id,
      territoryId: team.territory?.id ?? null,
      capability: capability(context),
      hireDate: hireDate(context, years[0], years[1]),
    });
  };

  const teams = new Map<string, Team>();
  const members: Member[] = [];
  for (const seed of TEAMS) {
    const team = await createTeam(em, {
      name: seed.name,
      kind: seed.kind,
      description: seed.description,
      parentId: seed.parent ? teams.get(seed.parent)!.id : null,
      territoryId: seed.territory ? territories.get(seed.territory)!.id : null,
    });
    teams.set(seed.key, team);
    const manager = await newMember(team, MemberRole.MANAGER, [3, 12]);
    await setTeamManager(em, team.id, manager.id);
    members.push(manager);
    for (let i = 0; i < seed.reps; i += 1) members.push(await newMember(team, MemberRole.REP, [0, 8]));
    for (let i = 0; i < seed.support; i += 1) members.push(await newMember(team, MemberRole.SUPPORT, [0, 6]));
  }
  return { teams, territories, members };
}

/** The organisation: territories, teams and their members. */
export class OrganisationSeeder extends Seeder<DemoContext> {
  async run(em: EntityManager, context: DemoContext): Promise<void> {
    context.org = await seedOrganisation(em, context);
  }
}
