import { personName } from '@sales-graph/server/names';
import type { Random } from '@sales-graph/server/random';

/**
 * The organisation of a given size: a company root, a large direct-sales department (about 85 % of the
 * teams: regions → areas → field teams) and a key-account department, so that at 1,000,000 deals one
 * subtree holds more than 1,000 teams. Every team has a manager; field teams (the leaves) have the
 * reps and support staff. Ids are assigned here, in insertion order.
 */
export interface TeamPlan {
  id: number;
  name: string;
  kind: 'GEOGRAPHIC' | 'KEY_ACCOUNT' | 'INSIDE_SALES';
  parentId: number | null;
  path: string;
  leaf: boolean;
  managerId?: number;
}

export interface MemberPlan {
  id: number;
  fullName: string;
  email: string;
  role: 'MANAGER' | 'REP' | 'SUPPORT';
  teamId: number;
  capability: string;
  hireDate: string;
}

export interface Organisation {
  teams: TeamPlan[];
  members: MemberPlan[];
  reps: MemberPlan[];
  /** The direct-sales department: the largest subtree. */
  largestSubtree: TeamPlan;
  /** A field team with the most members (the team card's subject). */
  largestTeam: TeamPlan;
}

/** Children per level below a department: regions, then areas, then field teams. */
const FANOUT = [12, 8];

export function planOrganisation(random: Random, teamCount: number, memberCount: number): Organisation {
  const teams: TeamPlan[] = [];
  const add = (name: string, kind: TeamPlan['kind'], parent: TeamPlan | null): TeamPlan => {
    const id = teams.length + 1;
    const team: TeamPlan = { id, name, kind, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, leaf: true };
    if (parent) parent.leaf = false;
    teams.push(team);
    return team;
  };
  const grow = (parent: TeamPlan, budget: number, depth: number, kind: TeamPlan['kind']) => {
    // `budget` teams to place below `parent`, spread evenly over the children of this level.
    const fanout = FANOUT[depth] ?? budget;
    const children = Math.min(fanout, budget);
    for (let i = 0; i < children; i += 1) {
      const share = Math.floor(budget / children) + (i < budget % children ? 1 : 0);
      const child = add(`${parent.name} / ${levelName(depth)} ${i + 1}`, kind, parent);
      if (share > 1) grow(child, share - 1, depth + 1, kind);
    }
  };
  const root = add('Компания', 'GEOGRAPHIC', null);
  const rest = Math.max(teamCount - 3, 2);
  const direct = add('Прямые продажи', 'GEOGRAPHIC', root);
  grow(direct, Math.round(rest * 0.85) - 1, 0, 'GEOGRAPHIC');
  const key = add('Ключевые клиенты', 'KEY_ACCOUNT', root);
  grow(key, teamCount - teams.length, 0, 'KEY_ACCOUNT');

  const members: MemberPlan[] = [];
  const person = (role: MemberPlan['role'], team: TeamPlan): MemberPlan => {
    const id = members.length + 1;
    const member: MemberPlan = {
      id,
      fullName: personName(random).fullName,
      email: `member${id}@sales.example`,
      role,
      teamId: team.id,
      capability: random.uniform(2.5, 5).toFixed(2),
      hireDate: `20${random.int(12, 23)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    };
    members.push(member);
    return member;
  };
  for (const team of teams) team.managerId = person('MANAGER', team).id;
  const leaves = teams.filter((t) => t.leaf);
  // The first field team is a large one (50 people, when the size allows), the others share the rest.
  const staff = Math.max(memberCount - members.length, leaves.length);
  const largest = Math.min(49, Math.floor(staff / 4));
  const perLeaf = (staff - largest) / Math.max(leaves.length - 1, 1);
  let placed = 0;
  leaves.forEach((team, index) => {
    const target = index === 0 ? largest : Math.round(perLeaf * index) - Math.round(perLeaf * (index - 1));
    for (let i = 0; i < Math.max(target, 1) && placed < staff; i += 1, placed += 1) person(i % 9 === 8 ? 'SUPPORT' : 'REP', team);
  });
  const reps = members.filter((m) => m.role === 'REP');
  return { teams, members, reps, largestSubtree: direct, largestTeam: leaves[0] };
}

function levelName(depth: number): string {
  return ['Регион', 'Округ', 'Команда'][Math.min(depth, 2)];
}
