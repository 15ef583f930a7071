import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseMoney } from '../money.js';
import { insertDeals, insertStages, type TestDeal, type TestStages } from '../testing/goals-fixtures.js';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let stages: TestStages;

interface PeriodRef {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
}
interface MemberRef {
  id: string;
  fullName: string;
  role: string;
}
interface TeamRef {
  id: string;
  name: string;
  manager: { id: string } | null;
  members: MemberRef[];
  children: { id: string }[];
}

let quarter: PeriodRef;
let year: PeriodRef;
let teams: TeamRef[];
const admin = () => server.client('ADMIN');
const team = (name: string) => teams.find((t) => t.name === name)!;
const reps = (t: TeamRef) => t.members.filter((m) => m.role === 'REP');
const managerOf = (t: TeamRef) => server.client(`MANAGER:${t.manager!.id}`);

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  const data = await admin().request<{ q: PeriodRef; y: PeriodRef; teams: { nodes: TeamRef[] } }>(`{
    q: currentPeriod(kind: QUARTER) { id name startDate endDate }
    y: currentPeriod(kind: YEAR) { id name startDate endDate }
    teams(first: 100) { nodes { id name manager { id } members { id fullName role } children { id } } }
  }`);
  quarter = data.q;
  year = data.y;
  teams = data.teams.nodes;
  stages = await insertStages(server.app.orm.em.fork());
});
afterAll(() => server?.close());

const money = (value: string) => BigInt(value.replace('.', ''));

describe('demo data', () => {
  it('has the previous and the current year with their quarters and months', async () => {
    const { periods } = await admin().request<{ periods: { totalCount: number } }>(
      `query($y: Int) { periods(filter: { year: $y }) { totalCount } }`,
      {
        y: Number(year.startDate.slice(0, 4)) - 1,
      },
    );
    expect(periods.totalCount).toBe(17);
    const { periods: thisYear } = await admin().request<{ periods: { nodes: { kind: string }[] } }>(
      `query($y: Int) { periods(filter: { year: $y }, first: 100) { nodes { kind } } }`,
      { y: Number(year.startDate.slice(0, 4)) },
    );
    expect(thisYear.nodes.map((p) => p.kind).sort()).toEqual([...Array(12).fill('MONTH'), ...Array(4).fill('QUARTER'), 'YEAR'].sort());
    const { currentPeriod } = await admin().request<{ currentPeriod: PeriodRef | null }>(
      `{ currentPeriod(kind: MONTH, date: "1999-01-01") { id } }`,
    );
    expect(currentPeriod).toBeNull();
  });

  it('creates periods for admins only, refusing overlaps', async () => {
    const CREATE = `mutation($input: CreatePeriodInput!) { createPeriod(input: $input) { id name kind startDate endDate } }`;
    const input = { kind: 'YEAR', startDate: '2040-01-01', endDate: '2040-12-31' };
    await expectGraphQLError(managerOf(team('Юг')).request(CREATE, { input }), 'FORBIDDEN');
    const { createPeriod } = await admin().request<{ createPeriod: PeriodRef }>(CREATE, { input });
    expect(createPeriod.name).toBe('2040 год');
    await expectGraphQLError(
      admin().request(CREATE, { input: { ...input, startDate: '2040-07-01', endDate: '2041-06-30', name: 'ФГ 2040' } }),
      'CONFLICT',
      'startDate',
    );
    const { period } = await admin().request<{ period: PeriodRef }>(`query($id: ID!) { period(id: $id) { id name } }`, {
      id: createPeriod.id,
    });
    expect(period.name).toBe('2040 год');
  });

  it('has quotas for every team and REP for the current year and quarter; team quotas are the sums of their members and sub-teams', async () => {
    for (const period of [year, quarter]) {
      const { quotas } = await admin().request<{
        quotas: { nodes: { target: string; team: { id: string } | null; member: { id: string } | null }[] };
      }>(`query($p: ID) { quotas(filter: { periodId: $p, metric: REVENUE }, first: 100) { nodes { target team { id } member { id } } } }`, {
        p: period.id,
      });
      const byTeam = new Map(quotas.nodes.filter((q) => q.team).map((q) => [q.team!.id, money(q.target)]));
      const byMember = new Map(quotas.nodes.filter((q) => q.member).map((q) => [q.member!.id, money(q.target)]));
      expect(byTeam.size).toBe(teams.length);
      for (const t of teams) {
        for (const rep of reps(t)) expect(byMember.has(rep.id), `${rep.fullName} has a quota`).toBe(true);
        const members = reps(t).reduce((sum, m) => sum + byMember.get(m.id)!, 0n);
        const children = t.children.reduce((sum, c) => sum + byTeam.get(c.id)!, 0n);
        expect(byTeam.get(t.id), t.name).toBe(members + children);
      }
      if (period === quarter) {
        // a REP's monthly revenue quota is around 2–3 million
        const perMonth = [...byMember.values()].map((v) => Number(v) / 100 / 3);
        expect(Math.min(...perMonth)).toBeGreaterThan(1_500_000);
        expect(Math.max(...perMonth)).toBeLessThan(3_500_000);
      }
    }
  });

  it('has goals for several members, all SMART apart from achievability', async () => {
    const { goals } = await admin().request<{
      goals: {
        totalCount: number;
        nodes: {
          ownerKind: string;
          smart: {
            specific: { passed: boolean };
            measurable: { passed: boolean };
            relevant: { passed: boolean };
            timeBound: { passed: boolean };
          };
        }[];
      };
    }>(
      `{ goals(first: 100) { totalCount nodes { ownerKind smart { specific { passed } measurable { passed } relevant { passed } timeBound { passed } } } } }`,
    );
    expect(goals.nodes.filter((g) => g.ownerKind === 'MEMBER').length).toBeGreaterThanOrEqual(5);
    for (const goal of goals.nodes)
      expect(goal.smart).toEqual({
        specific: { passed: true },
        measurable: { passed: true },
        relevant: { passed: true },
        timeBound: { passed: true },
      });
  });
});

const TEAM_CARD = /* GraphQL */ `
  query TeamCard($id: ID!, $period: ID!) {
    team(id: $id) {
      name
      attainment(periodId: $period) { quota achieved ratio pace paceRatio wonDeals forecast { closed commit bestCase pipeline weighted expected } period { name } }
      members {
        fullName
        attainment(periodId: $period) { quota achieved ratio remaining pace paceRatio wonDeals forecast { closed commit bestCase pipeline weighted expected } period { name } }
      }
    }
  }
`;

interface CardAttainment {
  quota: string | null;
  achieved: string;
  wonDeals: number;
  forecast: { closed: string; commit: string; bestCase: string; pipeline: string; weighted: string; expected: string };
}

describe('attainment over GraphQL', () => {
  it('matches sums computed independently in SQL, per member and rolled up per team', async () => {
    const south = team('Юг');
    const regions = team('Региональные продажи');
    const em = server.app.orm.em.fork();
    const deals: TestDeal[] = [];
    const inQuarter = (offset: number) => {
      const start = Date.parse(`${quarter.startDate}T00:00:00Z`);
      const end = Date.parse(`${quarter.endDate}T00:00:00Z`);
      return new Date(Math.min(end, start + offset * 86_400_000)).toISOString().slice(0, 10);
    };
    reps(south).forEach((rep, i) => {
      const owner = { id: Number(rep.id) };
      const credited = { id: Number(south.id) };
      deals.push(
        {
          owner,
          team: credited,
          stageId: stages.won,
          status: 'WON',
          amount: `${1_000_000 + i * 123_457}.${10 + i}`,
          expectedCloseDate: inQuarter(3),
          closeDate: inQuarter(5 + i),
        },
        {
          owner,
          team: credited,
          stageId: stages.won,
          status: 'WON',
          amount: '250000.05',
          expectedCloseDate: inQuarter(10),
          closeDate: inQuarter(20),
        },
        {
          owner,
          team: credited,
          stageId: stages.lost,
          status: 'LOST',
          amount: '99999.99',
          expectedCloseDate: inQuarter(10),
          closeDate: inQuarter(11),
        },
        { owner, team: credited, stageId: stages.open.p90, status: 'OPEN', amount: `${500_000 + i}.33`, expectedCloseDate: inQuarter(60) },
        { owner, team: credited, stageId: stages.open.p40, status: 'OPEN', amount: '300000.01', expectedCloseDate: inQuarter(70) },
        { owner, team: credited, stageId: stages.open.p10, status: 'OPEN', amount: '777777.77', expectedCloseDate: inQuarter(80) },
        {
          owner,
          team: credited,
          stageId: stages.won,
          status: 'WON',
          amount: '5000000.00',
          expectedCloseDate: '2000-01-01',
          closeDate: '2000-01-01',
        },
      );
    });
    await insertDeals(em, deals);

    const expected = async (condition: string, param: unknown) => {
      const [row] = await em.execute<Record<string, string>[]>(
        `select coalesce(sum(d.amount) filter (where d.status = 'WON' and d.close_date between ? and ?), 0)::text as achieved,
                count(*) filter (where d.status = 'WON' and d.close_date between ? and ?)::int as won,
                coalesce(sum(d.amount) filter (where d.status = 'OPEN' and d.expected_close_date between ? and ? and s.probability >= 70), 0)::text as commit,
                coalesce(sum(d.amount) filter (where d.status = 'OPEN' and d.expected_close_date between ? and ? and s.probability >= 40 and s.probability < 70), 0)::text as best_case,
                coalesce(sum(d.amount) filter (where d.status = 'OPEN' and d.expected_close_date between ? and ? and s.probability < 40), 0)::text as pipeline,
                round(coalesce(sum(d.amount * s.probability / 100) filter (where d.status = 'OPEN' and d.expected_close_date between ? and ?), 0), 2)::text as weighted
           from deal d join sales_stage s on s.id = d.stage_id where ${condition}`,
        [...Array(6).fill([quarter.startDate, quarter.endDate]).flat(), param],
      );
      return {
        achieved: normaliseMoney(row.achieved),
        wonDeals: Number(row.won),
        forecast: {
          closed: normaliseMoney(row.achieved),
          commit: normaliseMoney(row.commit),
          bestCase: normaliseMoney(row.best_case),
          pipeline: normaliseMoney(row.pipeline),
          weighted: normaliseMoney(row.weighted),
        },
      };
    };
    const card = await admin().request<{ team: { attainment: CardAttainment; members: (MemberRef & { attainment: CardAttainment })[] } }>(
      TEAM_CARD,
      { id: south.id, period: quarter.id },
    );
    for (const member of card.team.members) {
      const id = south.members.find((m) => m.fullName === member.fullName)!.id;
      expect(member.attainment, member.fullName).toMatchObject(await expected('d.owner_id = ?', Number(id)));
    }
    expect(card.team.attainment).toMatchObject(
      await expected(`d.team_id in (select id from team where path like (select path from team where id = ?) || '%')`, Number(south.id)),
    );
    expect(card.team.attainment.achieved).not.toBe('0.00');
    // the parent rolls up its subtree: its attainment is the sum over every team below it
    const { attainment } = await admin().request<{ attainment: CardAttainment }>(
      `query($t: ID, $p: ID!) { attainment(teamId: $t, periodId: $p) { quota achieved wonDeals forecast { closed commit bestCase pipeline weighted expected } } }`,
      { t: regions.id, p: quarter.id },
    );
    const children = await Promise.all(
      regions.children.map((c) =>
        admin().request<{ attainment: CardAttainment }>(
          `query($t: ID, $p: ID!) { attainment(teamId: $t, periodId: $p) { achieved forecast { commit } } }`,
          { t: c.id, p: quarter.id },
        ),
      ),
    );
    expect(money(attainment.achieved)).toBe(children.reduce((sum, c) => sum + money(c.attainment.achieved), 0n));
    expect(money(attainment.forecast.commit)).toBe(children.reduce((sum, c) => sum + money(c.attainment.forecast.commit), 0n));
    expect(attainment).toMatchObject(
      await expected(`d.team_id in (select id from team where path like (select path from team where id = ?) || '%')`, Number(regions.id)),
    );
  });

  it('costs a bounded number of SQL statements for a team card with every member’s attainment, whatever the team size', async () => {
    const volga = team('Поволжье');
    const small = await measured<{ team: { members: unknown[] } }>(managerOf(volga), TEAM_CARD, { id: volga.id, period: quarter.id });
    for (let i = 0; i < 45; i += 1) {
      await admin().request(`mutation($input: CreateMemberInput!) { createMember(input: $input) { id } }`, {
        input: {
          fullName: `Новый специалист ${i}`,
          email: `volga.new.${i}@sales.example.ru`,
          role: 'REP',
          teamId: volga.id,
          hireDate: '2025-01-01',
        },
      });
    }
    const large = await measured<{ team: { members: unknown[] } }>(managerOf(volga), TEAM_CARD, { id: volga.id, period: quarter.id });
    expect(large.data.team.members.length).toBe(small.data.team.members.length + 45);
    expect(large.data.team.members.length).toBeGreaterThanOrEqual(50);
    expect(large.statements).toBe(small.statements);
    // access scope, the team with its manager, its members, and one attainment statement for the team
    // and every member (with the period)
    expect(large.statements).toBeLessThanOrEqual(4);
  });

  it('answers the team card in any quota metric in at most 3 SQL statements, the team’s figure over its subtree', async () => {
    const card = `query($t: ID!, $p: ID!, $m: QuotaMetric) { team(id: $t) { name manager { id }
      attainment(periodId: $p, metric: $m) { metric quota achieved ratio pace forecast { closed slipped } period { name } }
      members { fullName attainment(periodId: $p, metric: $m) { metric quota achieved ratio } } } }`;
    type Card = { team: { attainment: { metric: string; quota: string | null; achieved: string; forecast: unknown }; members: unknown[] } };
    const south = team('Юг');
    const em = server.app.orm.em.fork();
    const count = async (sql: string) => (await em.execute<{ n: string }[]>(sql, [`${south.id}`]))[0].n;
    const subtree = `(select id from team where path like (select path from team where id = ?) || '%')`;
    const inQuarter = `between '${quarter.startDate}' and '${quarter.endDate}'`;
    const expected: Record<string, string> = {
      REVENUE: normaliseMoney(
        await count(
          `select coalesce(sum(amount), 0)::text as n from deal where status = 'WON' and close_date ${inQuarter} and team_id in ${subtree}`,
        ),
      ),
      DEALS_WON: await count(
        `select count(*)::text as n from deal where status = 'WON' and close_date ${inQuarter} and team_id in ${subtree}`,
      ),
      NEW_CUSTOMERS: await count(
        `select count(*)::text as n from deal d where d.status = 'WON' and d.close_date ${inQuarter} and d.team_id in ${subtree}
            and d.close_date = (select min(e.close_date) from deal e where e.account_id = d.account_id and e.status = 'WON')
            and d.id = (select min(e.id) from deal e where e.account_id = d.account_id and e.status = 'WON' and e.close_date = d.close_date)`,
      ),
      ACTIVITIES: await count(
        `select count(*)::text as n from interaction i join member m on m.id = i.member_id where m.team_id in ${subtree}
            and (i.occurred_at at time zone 'UTC')::date ${inQuarter}`,
      ),
    };
    for (const metric of ['REVENUE', 'DEALS_WON', 'NEW_CUSTOMERS', 'ACTIVITIES']) {
      const { data, statements } = await measured<Card>(admin(), card, { t: south.id, p: quarter.id, m: metric });
      expect(statements, metric).toBeLessThanOrEqual(3);
      expect(data.team.attainment, metric).toMatchObject({ metric, achieved: expected[metric] });
      expect(data.team.members.length).toBeGreaterThan(1);
      expect(data.team.attainment.forecast === null, metric).toBe(metric === 'NEW_CUSTOMERS' || metric === 'ACTIVITIES');
    }
    // the demo sets DEALS_WON quotas for the quarter (whole numbers); the default metric is REVENUE
    const { data } = await measured<Card>(admin(), card, { t: south.id, p: quarter.id, m: 'DEALS_WON' });
    expect(data.team.attainment.quota).toMatch(/^\d+$/);
    const byDefault = await measured<Card>(admin(), card, { t: south.id, p: quarter.id });
    expect(byDefault.data.team.attainment).toMatchObject({ metric: 'REVENUE', achieved: expected.REVENUE });
    expect(Number(expected.ACTIVITIES)).toBeGreaterThan(0);
  });

  it('shows teammates’ attainment on the team card to a REP, but not other teams’ members', async () => {
    const northwest = team('Северо-Запад');
    const [me, mate] = reps(northwest);
    const rep = server.client(`REP:${me.id}`);
    const card = await rep.request<{ team: { members: { fullName: string; attainment: { quota: string | null } }[] } }>(TEAM_CARD, {
      id: northwest.id,
      period: quarter.id,
    });
    const repNames = new Set(reps(northwest).map((m) => m.fullName));
    const repCards = card.team.members.filter((m) => repNames.has(m.fullName));
    expect(repCards).toHaveLength(reps(northwest).length);
    for (const m of repCards) expect(m.attainment.quota).not.toBeNull();
    await rep.request(`query($m: ID, $p: ID!) { attainment(memberId: $m, periodId: $p) { achieved } }`, { m: mate.id, p: quarter.id });
    const stranger = reps(team('Юг'))[0];
    await expectGraphQLError(
      rep.request(`query($m: ID, $p: ID!) { attainment(memberId: $m, periodId: $p) { achieved } }`, { m: stranger.id, p: quarter.id }),
      'FORBIDDEN',
    );
    await expectGraphQLError(rep.request(TEAM_CARD, { id: team('Юг').id, period: quarter.id }), 'FORBIDDEN');
    await expectGraphQLError(
      admin().request(`query($m: ID, $p: ID!) { attainment(memberId: $m, periodId: $p) { achieved } }`, { m: me.id, p: '999999' }),
      'NOT_FOUND',
      'periodId',
    );
    await expectGraphQLError(
      admin().request(`query($p: ID!) { attainment(periodId: $p) { achieved } }`, { p: quarter.id }),
      'BAD_USER_INPUT',
      'memberId',
    );
  });
});

describe('quotas over GraphQL', () => {
  const SET = `mutation($input: SetQuotaInput!) { setQuota(input: $input) { id target version history { oldTarget newTarget version changedByRole changedBy { id } source } } }`;

  it('lets one of two concurrent edits of a quota through and answers the other with CONFLICT', async () => {
    const urals = team('Урал и Сибирь');
    const rep = reps(urals)[0];
    const { quotas } = await admin().request<{ quotas: { nodes: { id: string; target: string; version: number }[] } }>(
      `query($m: ID, $p: ID) { quotas(filter: { memberId: $m, periodId: $p, metric: REVENUE }) { nodes { id target version } } }`,
      { m: rep.id, p: quarter.id },
    );
    const [quota] = quotas.nodes;
    const regionsManager = managerOf(team('Региональные продажи'));
    const edit = (target: string) =>
      regionsManager.request<{ setQuota: { version: number } }>(SET, {
        input: { memberId: rep.id, periodId: quarter.id, target, expectedVersion: quota.version },
      });
    const results = await Promise.allSettled([edit('7000000.00'), edit('7100000.00')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    await expectGraphQLError(Promise.reject(failed.reason), 'CONFLICT', 'expectedVersion');
    const { quota: after } = await admin().request<{ quota: { version: number; history: { version: number; changedByRole: string }[] } }>(
      `query($id: ID!) { quota(id: $id) { version history { version changedByRole } } }`,
      { id: quota.id },
    );
    expect(after.version).toBe(quota.version + 1);
    expect(after.history[0]).toEqual({ version: quota.version + 1, changedByRole: 'MANAGER' });
  });

  it('checks who may set and read quotas', async () => {
    const moscow = team('Москва и Центр');
    const [me, mate] = reps(moscow);
    const rep = server.client(`REP:${me.id}`);
    await expectGraphQLError(rep.request(SET, { input: { memberId: mate.id, periodId: quarter.id, target: '1.00' } }), 'FORBIDDEN');
    await expectGraphQLError(
      server.client('ANALYST').request(SET, { input: { memberId: mate.id, periodId: quarter.id, target: '1.00' } }),
      'FORBIDDEN',
    );
    // a manager sets their members' quotas, not their own
    await expectGraphQLError(
      managerOf(moscow).request(SET, { input: { memberId: moscow.manager!.id, periodId: year.id, target: '1.00' } }),
      'FORBIDDEN',
    );
    // a REP reads their own quotas, neither a teammate's nor their team's (team records; the team card shows its attainment)
    const { quotas } = await rep.request<{ quotas: { nodes: { member: { id: string } | null; team: { id: string } | null }[] } }>(
      `{ quotas(first: 100) { nodes { member { id } team { id } } } }`,
    );
    expect(quotas.nodes.length).toBeGreaterThan(0);
    for (const q of quotas.nodes) expect(q.member?.id).toBe(me.id);
    const { quotas: teams } = await admin().request<{ quotas: { nodes: { id: string }[] } }>(
      `query($t: ID) { quotas(filter: { teamId: $t, ownerKind: TEAM }) { nodes { id } } }`,
      { t: moscow.id },
    );
    await expectGraphQLError(rep.request(`query($id: ID!) { quota(id: $id) { target } }`, { id: teams.nodes[0].id }), 'FORBIDDEN');
    const { quotas: mates } = await admin().request<{ quotas: { nodes: { id: string }[] } }>(
      `query($m: ID) { quotas(filter: { memberId: $m }) { nodes { id } } }`,
      { m: mate.id },
    );
    await expectGraphQLError(rep.request(`query($id: ID!) { quota(id: $id) { target } }`, { id: mates.nodes[0].id }), 'FORBIDDEN');
  });

  it('previews and applies an allocation, explaining every share; bad input changes nothing', async () => {
    const cloud = team('Облачные сервисы');
    const manager = managerOf(cloud);
    const ALLOCATION = `
      lines { member { id } inputs { territoryPotential marketSize capability } normalised { territoryPotential marketSize capability } score share amount pinned previousTarget quota { version target } }
      total pinnedTotal distributed weights { territoryPotential marketSize capability } applied teamQuota { id version target }`;
    const input = {
      teamId: cloud.id,
      periodId: year.id,
      total: '100000000.01',
      pins: [{ memberId: reps(cloud)[0].id, amount: '30000000.00' }],
    };
    const { previewQuotaAllocation: preview } = await manager.request<{
      previewQuotaAllocation: {
        lines: { amount: string; score: string; previousTarget: string | null }[];
        teamQuota: { version: number };
        weights: unknown;
        distributed: string;
      };
    }>(`query($input: QuotaAllocationInput!) { previewQuotaAllocation(input: $input) { ${ALLOCATION} } }`, { input });
    expect(preview.weights).toEqual({ territoryPotential: '0.4000', marketSize: '0.2000', capability: '0.4000' });
    expect(preview.distributed).toBe('70000000.01');
    expect(preview.lines.reduce((sum, l) => sum + money(l.amount), 0n)).toBe(money(input.total));
    expect(preview.lines.every((l) => l.previousTarget !== null)).toBe(true);

    const snapshot = () =>
      admin().request<{ quotas: { nodes: { id: string; target: string; version: number }[] } }>(
        `query($p: ID) { quotas(filter: { periodId: $p }, first: 100) { nodes { id target version } } }`,
        { p: year.id },
      );
    const before = await snapshot();
    const MUTATION = `mutation($input: QuotaAllocationInput!) { allocateQuota(input: $input) { ${ALLOCATION} } }`;
    const bad: [Record<string, unknown>, string, string | undefined][] = [
      [{ total: '-5' }, 'BAD_USER_INPUT', 'total'],
      [{ total: 'many' }, 'BAD_USER_INPUT', 'total'],
      [{ total: '10.001' }, 'BAD_USER_INPUT', 'total'],
      [{ weights: { territoryPotential: '0', marketSize: '0', capability: '0' } }, 'BAD_USER_INPUT', 'weights'],
      [{ periodId: '999999' }, 'NOT_FOUND', 'periodId'],
      [{ memberIds: [reps(cloud)[0].id, reps(team('Юг'))[0].id] }, 'BAD_USER_INPUT', 'memberIds[1]'],
      [{ pins: [{ memberId: reps(cloud)[0].id, amount: '100000000.02' }] }, 'BAD_USER_INPUT', 'pins'],
      [{ expectedVersion: undefined }, 'CONFLICT', 'expectedVersion'],
    ];
    for (const [change, code, field] of bad) {
      await expectGraphQLError(
        manager.request(MUTATION, { input: { ...input, expectedVersion: preview.teamQuota.version, ...change } }),
        code,
        field,
      );
    }
    await expectGraphQLError(server.client(`REP:${reps(cloud)[0].id}`).request(MUTATION, { input }), 'FORBIDDEN');
    await expectGraphQLError(managerOf(team('Юг')).request(MUTATION, { input }), 'FORBIDDEN');
    expect(await snapshot()).toEqual(before);

    const { allocateQuota } = await manager.request<{
      allocateQuota: {
        applied: boolean;
        lines: { member: { id: string }; pinned: boolean; amount: string; quota: { target: string } }[];
        teamQuota: { target: string; version: number };
      };
    }>(MUTATION, {
      input: { ...input, expectedVersion: preview.teamQuota.version },
    });
    expect(allocateQuota.applied).toBe(true);
    expect(allocateQuota.teamQuota).toMatchObject({ target: '100000000.01', version: preview.teamQuota.version + 1 });
    expect(allocateQuota.lines.map((l) => l.quota.target)).toEqual(preview.lines.map((l) => l.amount));
    const pinned = allocateQuota.lines.find((l) => l.member.id === reps(cloud)[0].id)!;
    expect(pinned).toMatchObject({ pinned: true, amount: '30000000.00' });
  });

  it('writes counts without decimals — targets, their history, allocations — and money with two', async () => {
    const south = team('Юг');
    const [pinnedRep, otherRep] = reps(south);
    const ALLOCATION = `total pinnedTotal distributed lines { member { id } amount previousTarget quota { id version target } } teamQuota { id version target }`;
    interface Allocation {
      total: string;
      pinnedTotal: string;
      distributed: string;
      lines: {
        member: { id: string };
        amount: string;
        previousTarget: string | null;
        quota: { id: string; version: number; target: string } | null;
      }[];
      teamQuota: { id: string; version: number; target: string } | null;
    }
    const input = {
      teamId: south.id,
      periodId: quarter.id,
      metric: 'NEW_CUSTOMERS',
      total: '11',
      pins: [{ memberId: pinnedRep.id, amount: '4' }],
    };
    const { previewQuotaAllocation: preview } = await admin().request<{ previewQuotaAllocation: Allocation }>(
      `query($input: QuotaAllocationInput!) { previewQuotaAllocation(input: $input) { ${ALLOCATION} } }`,
      { input },
    );
    expect(preview).toMatchObject({ total: '11', pinnedTotal: '4', distributed: '7' });
    for (const line of preview.lines) expect(line.amount).toMatch(/^\d+$/);
    expect(preview.lines.reduce((sum, line) => sum + Number(line.amount), 0)).toBe(11);

    const allocate = (total: string, expectedVersion?: number) =>
      admin().request<{ allocateQuota: Allocation }>(
        `mutation($input: QuotaAllocationInput!) { allocateQuota(input: $input) { ${ALLOCATION} } }`,
        {
          input: { ...input, total, expectedVersion },
        },
      );
    const { allocateQuota: first } = await allocate('11', preview.teamQuota?.version);
    expect(first.teamQuota?.target).toBe('11');
    expect(first.lines.map((line) => line.quota?.target)).toEqual(preview.lines.map((line) => line.amount));
    const { allocateQuota: second } = await allocate('20', first.teamQuota!.version);
    expect(second).toMatchObject({ total: '20', pinnedTotal: '4', distributed: '16' });
    expect(second.lines.find((line) => line.member.id === pinnedRep.id)).toMatchObject({ amount: '4', previousTarget: '4' });
    for (const line of second.lines) expect(line.previousTarget).toMatch(/^\d+$/);

    // Read back from the database, where targets are numeric(18,2): still whole numbers, and so is the history.
    const { quota } = await admin().request<{ quota: { target: string; history: { oldTarget: string | null; newTarget: string }[] } }>(
      `query($id: ID!) { quota(id: $id) { target history { oldTarget newTarget } } }`,
      { id: second.teamQuota!.id },
    );
    expect(quota.target).toBe('20');
    expect(quota.history[0]).toEqual({ oldTarget: '11', newTarget: '20' });
    for (const change of quota.history) expect([change.oldTarget ?? '0', change.newTarget].join(' ')).toMatch(/^\d+ \d+$/);

    // setQuota answers alike, whether the target is written "12" or "12.00".
    const mine = second.lines.find((line) => line.member.id === (otherRep ?? pinnedRep).id)!.quota!;
    const next = String(Number(mine.target) + 1);
    const { setQuota } = await admin().request<{
      setQuota: { target: string; history: { oldTarget: string | null; newTarget: string }[] };
    }>(`mutation($input: SetQuotaInput!) { setQuota(input: $input) { target history { oldTarget newTarget } } }`, {
      input: {
        memberId: (otherRep ?? pinnedRep).id,
        periodId: quarter.id,
        metric: 'NEW_CUSTOMERS',
        target: `${next}.00`,
        expectedVersion: mine.version,
      },
    });
    expect(setQuota.target).toBe(next);
    expect(setQuota.history[0]).toEqual({ oldTarget: mine.target, newTarget: next });

    const { quotas } = await admin().request<{ quotas: { nodes: { metric: string; target: string }[] } }>(
      `query($p: ID) { quotas(filter: { periodId: $p }, first: 100) { nodes { metric target } } }`,
      { p: quarter.id },
    );
    expect(quotas.nodes.some((q) => q.metric === 'REVENUE') && quotas.nodes.some((q) => q.metric !== 'REVENUE')).toBe(true);
    for (const q of quotas.nodes) expect(q.target, q.metric).toMatch(q.metric === 'REVENUE' ? /^\d+\.\d{2}$/ : /^\d+$/);
  });

  it('names the input of a malformed Decimal, ID or Date, in a literal or a variable, however deep', async () => {
    const cloud = team('Облачные сервисы');
    const member = reps(cloud)[0].id;
    const PREVIEW = `query($input: QuotaAllocationInput!) { previewQuotaAllocation(input: $input) { total } }`;
    const input = { teamId: cloud.id, periodId: year.id, total: '100.00', pins: [{ memberId: member, amount: '1.00' }] };
    const literal = (fields: string) =>
      `{ previewQuotaAllocation(input: { teamId: "${cloud.id}", periodId: "${year.id}", ${fields} }) { total } }`;
    const CREATE_PERIOD = `mutation($i: CreatePeriodInput!) { createPeriod(input: $i) { id } }`;
    const cases: [string, () => Promise<unknown>, string, string, string | undefined][] = [
      ['Decimal literal', () => admin().request(literal('total: "abc"')), 'BAD_USER_INPUT', 'total', 'Decimal'],
      [
        'Decimal in an input variable',
        () => admin().request(PREVIEW, { input: { ...input, total: 'abc' } }),
        'BAD_USER_INPUT',
        'total',
        'Decimal',
      ],
      [
        'Decimal variable of its own',
        () =>
          admin().request(
            `query($t: Decimal!) { previewQuotaAllocation(input: { teamId: "${cloud.id}", periodId: "${year.id}", total: $t }) { total } }`,
            { t: '1,5' },
          ),
        'BAD_USER_INPUT',
        'total',
        'Decimal',
      ],
      [
        'Decimal in a list literal',
        () =>
          admin().request(literal(`total: "100", pins: [{ memberId: "${member}", amount: "1" }, { memberId: "${member}", amount: "x" }]`)),
        'BAD_USER_INPUT',
        'pins[1].amount',
        'Decimal',
      ],
      [
        'Decimal in a list variable',
        () => admin().request(PREVIEW, { input: { ...input, pins: [input.pins[0], { memberId: member, amount: 'x' }] } }),
        'BAD_USER_INPUT',
        'pins[1].amount',
        'Decimal',
      ],
      [
        'Decimal in a nested object literal',
        () => admin().request(literal('total: "100", weights: { territoryPotential: "1", marketSize: "1", capability: true }')),
        'BAD_USER_INPUT',
        'weights.capability',
        'Decimal',
      ],
      [
        'ID that is no id, in a list literal',
        () => admin().request(literal('total: "100", pins: [{ memberId: "abc", amount: "1" }]')),
        'BAD_USER_INPUT',
        'pins[0].memberId',
        'id',
      ],
      [
        'ID that is no id, in a list variable',
        () => admin().request(PREVIEW, { input: { ...input, pins: [{ memberId: 'abc', amount: '1' }] } }),
        'BAD_USER_INPUT',
        'pins[0].memberId',
        'id',
      ],
      [
        'ID of the wrong type, in a list variable',
        () => admin().request(PREVIEW, { input: { ...input, pins: [{ memberId: 1.5, amount: '1' }] } }),
        'BAD_USER_INPUT',
        'pins[0].memberId',
        undefined,
      ],
      [
        'ID of the wrong type, in a list variable of its own',
        () =>
          admin().request(
            `query($ids: [ID!]) { previewQuotaAllocation(input: { teamId: "${cloud.id}", periodId: "${year.id}", total: "100", memberIds: $ids }) { total } }`,
            { ids: [member, 2.5] },
          ),
        'BAD_USER_INPUT',
        'memberIds[1]',
        undefined,
      ],
      [
        'ID of the wrong type, in a list literal',
        () => admin().request(literal('total: "100", pins: [{ memberId: 1.5, amount: "1" }]')),
        'GRAPHQL_VALIDATION_FAILED',
        'pins[0].memberId',
        undefined,
      ],
      [
        'Date literal',
        () => admin().request('mutation { createPeriod(input: { kind: MONTH, startDate: "2031-02-01", endDate: "2031-02-30" }) { id } }'),
        'BAD_USER_INPUT',
        'endDate',
        'Date',
      ],
      [
        'Date in an input variable',
        () => admin().request(CREATE_PERIOD, { i: { kind: 'MONTH', startDate: 'February', endDate: '2031-02-28' } }),
        'BAD_USER_INPUT',
        'startDate',
        'Date',
      ],
      [
        'Date out of range in an input variable',
        () => admin().request(CREATE_PERIOD, { i: { kind: 'MONTH', startDate: '2031-02-01', endDate: '9999-02-28' } }),
        'BAD_USER_INPUT',
        'endDate',
        'date-range',
      ],
    ];
    for (const [name, send, code, field, rule] of cases) {
      const error = await expectGraphQLError(send(), code, field);
      expect(error.extensions?.field, name).toBe(field);
      if (rule) expect(error.extensions?.rule, name).toBe(rule);
    }
  });
});

describe('goals over GraphQL', () => {
  it('lists goals with their SMART check and progress in a bounded number of SQL statements', async () => {
    const query = `query($first: Int) { goals(first: $first) { nodes { statement owner { ... on Member { fullName } ... on Team { name } } period { name }
      smart { passed achievable { passed reason } } progress { current target ratio } createdBy { fullName } } } }`;
    const few = await measured<{ goals: { nodes: unknown[] } }>(admin(), query, { first: 1 });
    const all = await measured<{ goals: { nodes: unknown[] } }>(admin(), query, { first: 100 });
    expect(all.data.goals.nodes.length).toBeGreaterThanOrEqual(7);
    // goals, owners (members, teams), periods, past results, period measures, creators batched with owners
    expect(all.statements).toBeLessThanOrEqual(7);
    expect(few.statements).toBeLessThanOrEqual(all.statements);
  });

  const CREATE = `mutation($input: CreateGoalInput!) { createGoal(input: $input) { id version statement target owner { ... on Member { id } ... on Team { id } } createdBy { id }
    smart { passed checks { criterion passed reason } } progress { current target ratio } period { id } } }`;

  it('lets a REP set their own goals, managers their members’, and refuses goals that are not SMART naming the criterion', async () => {
    const network = team('Сетевое оборудование');
    const [me, mate] = reps(network);
    const rep = server.client(`REP:${me.id}`);
    const base = {
      kind: 'QUANTITATIVE',
      statement: 'Выиграть шесть сделок по коммутаторам за квартал',
      periodId: quarter.id,
      objective: 'SALES_GROWTH',
      metric: 'DEALS_WON',
      target: '6',
    };
    const { createGoal } = await rep.request<{
      createGoal: {
        id: string;
        version: number;
        createdBy: { id: string };
        smart: { passed: boolean };
        progress: { current: string; target: string };
      };
    }>(CREATE, {
      input: { ...base, memberId: me.id },
    });
    expect(createGoal.createdBy.id).toBe(me.id);
    const { member } = await rep.request<{ member: { attainment: { wonDeals: number } } }>(
      `query($m: ID!, $p: ID!) { member(id: $m) { attainment(periodId: $p) { wonDeals } } }`,
      { m: me.id, p: quarter.id },
    );
    expect(createGoal.progress).toMatchObject({ current: String(member.attainment.wonDeals), target: '6' });
    await expectGraphQLError(rep.request(CREATE, { input: { ...base, memberId: mate.id } }), 'FORBIDDEN');
    await expectGraphQLError(server.client('ANALYST').request(CREATE, { input: { ...base, memberId: mate.id } }), 'FORBIDDEN');
    const byManager = await managerOf(network).request<{ createGoal: { id: string; version: number } }>(CREATE, {
      input: { ...base, memberId: me.id },
    });
    // the REP may not change the goal their manager set, only their own
    await expectGraphQLError(
      rep.request(`mutation($id: ID!, $input: UpdateGoalInput!) { updateGoal(id: $id, input: $input) { id } }`, {
        id: byManager.createGoal.id,
        input: { expectedVersion: 1, target: '7' },
      }),
      'FORBIDDEN',
    );
    const updated = await rep.request<{ updateGoal: { version: number; target: string } }>(
      `mutation($id: ID!, $input: UpdateGoalInput!) { updateGoal(id: $id, input: $input) { version target } }`,
      { id: createGoal.id, input: { expectedVersion: createGoal.version, target: '7' } },
    );
    expect(updated.updateGoal).toEqual({ version: createGoal.version + 1, target: '7' });
    await expectGraphQLError(
      rep.request(`mutation($id: ID!, $input: UpdateGoalInput!) { updateGoal(id: $id, input: $input) { id } }`, {
        id: createGoal.id,
        input: { expectedVersion: createGoal.version, target: '8' },
      }),
      'CONFLICT',
      'expectedVersion',
    );
    const refused = await expectGraphQLError(
      rep.request(CREATE, { input: { ...base, memberId: me.id, objective: null } }),
      'BAD_USER_INPUT',
      'objective',
    );
    expect(refused.extensions).toMatchObject({ criterion: 'RELEVANT', rule: 'smart-relevant' });
    const vague = await expectGraphQLError(
      rep.request(CREATE, { input: { ...base, memberId: me.id, statement: 'Продажи' } }),
      'BAD_USER_INPUT',
      'statement',
    );
    expect(vague.extensions).toMatchObject({ criterion: 'SPECIFIC' });
    await expectGraphQLError(rep.request(CREATE, { input: { ...base, memberId: me.id, periodId: null } }), 'BAD_USER_INPUT', 'periodId');
    const unknownPeriod = await expectGraphQLError(
      rep.request(CREATE, { input: { ...base, memberId: me.id, periodId: '999999' } }),
      'BAD_USER_INPUT',
      'periodId',
    );
    expect(unknownPeriod.extensions).toMatchObject({ criterion: 'TIME_BOUND', rule: 'smart-time-bound' });
    const movedToNowhere = await expectGraphQLError(
      rep.request(`mutation($id: ID!, $input: UpdateGoalInput!) { updateGoal(id: $id, input: $input) { id } }`, {
        id: createGoal.id,
        input: { expectedVersion: updated.updateGoal.version, periodId: '999999' },
      }),
      'BAD_USER_INPUT',
      'periodId',
    );
    expect(movedToNowhere.extensions).toMatchObject({ criterion: 'TIME_BOUND', rule: 'smart-time-bound' });

    const { checkGoal } = await rep.request<{ checkGoal: { passed: boolean; checks: { criterion: string; passed: boolean }[] } }>(
      `query($input: CreateGoalInput!) { checkGoal(input: $input) { passed checks { criterion passed } } }`,
      { input: { kind: 'QUALITATIVE', statement: 'Стать лучше', memberId: me.id } },
    );
    expect(checkGoal.passed).toBe(false);
    expect(checkGoal.checks.filter((c) => !c.passed).map((c) => c.criterion)).toEqual(['SPECIFIC', 'MEASURABLE', 'RELEVANT', 'TIME_BOUND']);

    // a teammate sees neither goal in the list (goals are member records); the manager sees both
    const mine = await rep.request<{ goals: { nodes: { id: string }[] } }>(
      `query($t: ID) { goals(filter: { teamId: $t }) { nodes { id } } }`,
      { t: network.id },
    );
    expect(mine.goals.nodes.map((g) => g.id).sort()).toEqual([createGoal.id, byManager.createGoal.id].sort());
    const theirs = await server
      .client(`REP:${mate.id}`)
      .request<{ goals: { nodes: { id: string }[] } }>(`query($t: ID) { goals(filter: { teamId: $t }) { nodes { id } } }`, {
        t: network.id,
      });
    expect(theirs.goals.nodes).toEqual([]);
    await server.client(`REP:${mate.id}`).request(`query($id: ID!) { team(id: $id) { name } }`, { id: network.id });
    await expectGraphQLError(
      server.client(`REP:${mate.id}`).request(`query($id: ID!) { goal(id: $id) { id } }`, { id: createGoal.id }),
      'FORBIDDEN',
    );

    await rep.request(`mutation($id: ID!) { archiveGoal(id: $id) { archivedAt } }`, { id: createGoal.id });
    const afterArchive = await managerOf(network).request<{ goals: { nodes: { id: string }[] } }>(
      `query($t: ID) { goals(filter: { teamId: $t }) { nodes { id } } }`,
      { t: network.id },
    );
    expect(afterArchive.goals.nodes.map((g) => g.id)).toEqual([byManager.createGoal.id]);
  });
});
