import type { EntityManager } from '@mikro-orm/postgresql';
import { MemberRole, TeamKind } from '../org/enums.js';
import type { Member } from '../org/member.entity.js';
import { createMember } from '../org/member.service.js';
import type { Team } from '../org/team.entity.js';
import { createTeam } from '../org/team.service.js';
import { createTerritory } from '../org/territory.service.js';
import { TerritoryKind } from '../org/enums.js';

/**
 * Test data for goals, quotas and attainment. Deals and stages are inserted with plain SQL, because the
 * deal services live in the pipeline module; this is the one place to adapt when the deal table grows.
 */
let unique = 0;
const next = () => (unique += 1);

export interface TestStages {
  /** OPEN stages by probability (percent): 10, 39.99, 40, 69.99, 70, 90. */
  open: Record<'p10' | 'p3999' | 'p40' | 'p6999' | 'p70' | 'p90', number>;
  won: number;
  lost: number;
}

export async function insertStages(em: EntityManager): Promise<TestStages> {
  const tag = next();
  const rows: [string, string, string][] = [
    ['p10', '10.00', 'OPEN'],
    ['p3999', '39.99', 'OPEN'],
    ['p40', '40.00', 'OPEN'],
    ['p6999', '69.99', 'OPEN'],
    ['p70', '70.00', 'OPEN'],
    ['p90', '90.00', 'OPEN'],
    ['won', '100.00', 'WON'],
    ['lost', '0.00', 'LOST'],
  ];
  const ids: Record<string, number> = {};
  for (const [i, [code, probability, outcome]] of rows.entries()) {
    const [row] = await em.execute<{ id: number }[]>(
      `insert into sales_stage (code, name_en, name_ru, position, probability, outcome) values (?, ?, ?, ?, ?, ?) returning id`,
      [`T${tag}_${code.toUpperCase()}`, `Test ${code}`, `Тест ${code}`, 1000 + tag * 10 + i, probability, outcome],
    );
    ids[code] = row.id;
  }
  const { won, lost, ...open } = ids;
  return { open: open as TestStages['open'], won, lost };
}

export interface TestDeal {
  owner: Pick<Member, 'id'>;
  /** The team credited; defaults to none given → must be passed explicitly. */
  team: Pick<Team, 'id'>;
  stageId: number;
  status: 'OPEN' | 'WON' | 'LOST';
  amount: string;
  expectedCloseDate: string;
  closeDate?: string | null;
}

/** A customer (owned by the first deal's owner) and a channel that the test deals belong to. */
async function dealContext(em: EntityManager, ownerId: number): Promise<{ customerId: number; channelId: number }> {
  const tag = next();
  const [channel] = await em.execute<{ id: number }[]>(`insert into channel (code, name_en, name_ru) values (?, ?, ?) returning id`, [
    `TEST_${tag}`,
    `Test channel ${tag}`,
    `Тестовый канал ${tag}`,
  ]);
  const [customer] = await em.execute<{ id: number }[]>(
    `insert into customer (name, industry, region, size, owner_id, lifecycle_stage) values (?, 'Розница', 'Москва', 'MEDIUM', ?, 'CUSTOMER') returning id`,
    [`Тестовый клиент ${tag}`, ownerId],
  );
  return { customerId: customer.id, channelId: channel.id };
}

/** Inserts deals in one statement (their furthest stage is the stage they are in). */
export async function insertDeals(em: EntityManager, deals: TestDeal[]): Promise<void> {
  if (deals.length === 0) return;
  const { customerId, channelId } = await dealContext(em, deals[0].owner.id);
  const values = deals.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  await em.execute(
    `insert into deal (title, owner_id, team_id, stage_id, furthest_stage_id, status, amount, expected_close_date, close_date, account_id, channel_id) values ${values}`,
    deals.flatMap((d, i) => [
      `Тестовая сделка ${next()}-${i}`,
      d.owner.id,
      d.team.id,
      d.stageId,
      d.stageId,
      d.status,
      d.amount,
      d.expectedCloseDate,
      d.closeDate ?? null,
      customerId,
      channelId,
    ]),
  );
}

export interface TestOrg {
  root: Team;
  children: Team[];
  grandchild: Team;
  /** Members by team id. */
  members: Map<number, Member[]>;
}

/**
 * A small organisation: a root team with two sub-teams, the first with a sub-team of its own; every team
 * has a manager and `reps` reps with a territory and varied capability.
 */
export async function createTestOrg(em: EntityManager, reps = 3): Promise<TestOrg> {
  const tag = next();
  const territory = await createTerritory(em, {
    name: `Территория ${tag}`,
    kind: TerritoryKind.REGION,
    potential: '1000000.00',
    marketSize: '5000000.00',
  });
  const members = new Map<number, Member[]>();
  const addTeam = async (name: string, parentId?: number) => {
    const team = await createTeam(em, { name: `${name} ${tag}`, kind: TeamKind.GEOGRAPHIC, parentId, territoryId: territory.id });
    const list: Member[] = [];
    const add = (role: MemberRole, n: number) =>
      createMember(em, {
        fullName: `${role} ${n} ${team.name}`,
        email: `t${tag}.${team.id}.${role.toLowerCase()}${n}@test.example.ru`,
        role,
        teamId: team.id,
        territoryId: territory.id,
        capability: (2 + n * 0.5).toFixed(2),
        hireDate: '2020-01-01',
      });
    const manager = await add(MemberRole.MANAGER, 0);
    team.manager = manager;
    list.push(manager);
    for (let n = 1; n <= reps; n += 1) list.push(await add(MemberRole.REP, n));
    members.set(team.id, list);
    await em.flush();
    return team;
  };
  const root = await addTeam('Корень');
  const first = await addTeam('Первая', root.id);
  const second = await addTeam('Вторая', root.id);
  const grandchild = await addTeam('Внучка', first.id);
  return { root, children: [first, second], grandchild, members };
}
