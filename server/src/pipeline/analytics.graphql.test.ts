import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

/**
 * The analytics of the demo dataset (thousands of generated deals, leads and stage changes) computed
 * again here in plain SQL, independently of the services — reach from the stage history rather than the
 * furthest-stage column, stays from window functions rather than the stored entry times — and
 * compared with the GraphQL answers.
 */
let server: TestServer;
let sql: pg.Client;
beforeAll(async () => {
  server = await startTestServer({ seed: true });
  sql = new pg.Client({ connectionString: server.app.databaseUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await server?.close();
});

async function rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await sql.query(text, params)).rows as T[];
}

interface FunnelAnswer {
  deals: number;
  stages: {
    stage: { id: string; code: string };
    deals: number;
    amount: string;
    conversionFromPrevious: string | null;
    conversionFromFirst: string | null;
    medianDaysInStage: string | null;
  }[];
  won: { deals: number; amount: string };
  lost: { deals: number; amount: string };
  open: { deals: number; amount: string };
  winRate: string | null;
}

const FUNNEL = `query($f: FunnelFilter!) { funnel(filter: $f) {
  deals stages { stage { id code } deals amount conversionFromPrevious conversionFromFirst medianDaysInStage }
  won { deals amount } lost { deals amount } open { deals amount } winRate } }`;

interface Selection {
  teamPath?: string;
  ownerId?: number;
  from?: string;
  to?: string;
  channelId?: number;
  productId?: number;
}

/** The same funnel, written independently: reach from the history, stays with lead(). */
async function sqlFunnel(s: Selection): Promise<FunnelAnswer> {
  const where = `t.path like coalesce($1::text, '') || '%' and ($2::int is null or d.owner_id = $2) and ($3::date is null or (d.created_at at time zone 'UTC')::date >= $3)
     and ($4::date is null or (d.created_at at time zone 'UTC')::date <= $4) and ($5::int is null or d.channel_id = $5) and ($6::int is null or d.product_id = $6)`;
  const params = [s.teamPath ?? null, s.ownerId ?? null, s.from ?? null, s.to ?? null, s.channelId ?? null, s.productId ?? null];
  const stages = await rows<{ id: number; code: string; position: number; deals: number; amount: string; median: string | null }>(
    `with sel as (select d.* from deal d join team t on t.id = d.team_id where ${where}),
          reached as (
            select sel.id, sel.amount, sel.status,
                   (select max(st.position) from deal_stage_change c join sales_stage st on st.id = c.to_stage_id where c.deal_id = sel.id and st.outcome = 'OPEN') as furthest
              from sel),
          stays as (
            select c.to_stage_id as stage_id,
                   extract(epoch from lead(c.changed_at) over (partition by c.deal_id order by c.changed_at, c.id) - c.changed_at) as seconds
              from deal_stage_change c where c.deal_id in (select id from sel))
     select s.id, s.code, s.position,
            (select count(*)::int from reached r where r.status = 'WON' or r.furthest >= s.position) as deals,
            (select coalesce(sum(r.amount), 0)::numeric(18,2)::text from reached r where r.status = 'WON' or r.furthest >= s.position) as amount,
            (select round((percentile_cont(0.5) within group (order by seconds))::numeric / 86400, 1)::text from stays where stays.stage_id = s.id and seconds is not null) as median
       from sales_stage s where s.outcome = 'OPEN' and s.archived_at is null order by s.position`,
    params,
  );
  const [totals] = await rows<Record<string, string | number>>(
    `select count(*)::int as deals,
            count(*) filter (where status = 'WON')::int as won, coalesce(sum(amount) filter (where status = 'WON'), 0)::numeric(18,2)::text as won_amount,
            count(*) filter (where status = 'LOST')::int as lost, coalesce(sum(amount) filter (where status = 'LOST'), 0)::numeric(18,2)::text as lost_amount,
            count(*) filter (where status = 'OPEN')::int as open, coalesce(sum(amount) filter (where status = 'OPEN'), 0)::numeric(18,2)::text as open_amount,
            case when count(*) filter (where status <> 'OPEN') = 0 then null
                 else round(count(*) filter (where status = 'WON')::numeric / count(*) filter (where status <> 'OPEN'), 4)::text end as win_rate
       from deal d join team t on t.id = d.team_id where ${where}`,
    params,
  );
  // Ratios in SQL numeric, to avoid any float doubt.
  const ratios = await rows<{ prev: string | null; first: string | null }>(
    `select case when p = 0 then null else round(n::numeric / p, 4)::text end as prev, case when f = 0 then null else round(n::numeric / f, 4)::text end as first
       from unnest($1::int[], $2::int[], $3::int[]) as x(n, p, f)`,
    [stages.map((s) => s.deals), stages.map((_, i) => (i ? stages[i - 1].deals : 0)), stages.map(() => stages[0]?.deals ?? 0)],
  );
  return {
    deals: Number(totals.deals),
    stages: stages.map((s, i) => ({
      stage: { id: String(s.id), code: s.code },
      deals: s.deals,
      amount: s.amount,
      conversionFromPrevious: i === 0 ? null : ratios[i].prev,
      conversionFromFirst: ratios[i].first,
      medianDaysInStage: s.median,
    })),
    won: { deals: Number(totals.won), amount: String(totals.won_amount) },
    lost: { deals: Number(totals.lost), amount: String(totals.lost_amount) },
    open: { deals: Number(totals.open), amount: String(totals.open_amount) },
    winRate: totals.win_rate === null ? null : String(totals.win_rate),
  };
}

/** Medians agree to the tenth of a day (they can differ only on a rounding boundary). */
function expectSameFunnel(actual: FunnelAnswer, expected: FunnelAnswer): void {
  const strip = (f: FunnelAnswer) => ({ ...f, stages: f.stages.map(({ medianDaysInStage: _m, ...rest }) => rest) });
  expect(strip(actual)).toEqual(strip(expected));
  actual.stages.forEach((stage, i) => {
    const other = expected.stages[i].medianDaysInStage;
    if (other === null) expect(stage.medianDaysInStage).toBeNull();
    else expect(Math.abs(Number(stage.medianDaysInStage) - Number(other))).toBeLessThanOrEqual(0.1);
  });
}

async function teamByName(name: string): Promise<{ id: number; path: string }> {
  const [team] = await rows<{ id: number; path: string }>(`select id, path from team where name = $1`, [name]);
  return team;
}

describe('funnel', () => {
  it('matches an independent SQL computation over every deal', async () => {
    const { funnel } = await server.client('ANALYST').request<{ funnel: FunnelAnswer }>(FUNNEL, { f: {} });
    expect(funnel.deals).toBeGreaterThan(3000);
    expect(funnel.stages.map((s) => s.stage.code)).toEqual(['LEAD', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION']);
    expect(funnel.stages.every((s, i) => i === 0 || s.deals <= funnel.stages[i - 1].deals)).toBe(true);
    expect(funnel.stages.every((s) => s.medianDaysInStage !== null)).toBe(true);
    expectSameFunnel(funnel, await sqlFunnel({}));
  });

  it('matches SQL when filtered by team subtree, period, channel, product and member', async () => {
    const regions = await teamByName('Региональные продажи');
    const [channel] = await rows<{ id: number }>(`select id from channel where code = 'PARTNER'`);
    const [product] = await rows<{ id: number }>(`select id from product where code = 'NET-SWITCH'`);
    const [owner] = await rows<{ owner_id: number }>(
      `select owner_id from deal group by owner_id order by count(*) desc, owner_id limit 1`,
    );
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const cases: [Record<string, unknown>, Selection][] = [
      [{ teamId: String(regions.id) }, { teamPath: regions.path }],
      [
        { from: day(-365), to: day(-180) },
        { from: day(-365), to: day(-180) },
      ],
      [
        { teamId: String(regions.id), from: day(-120), channelId: String(channel.id) },
        { teamPath: regions.path, from: day(-120), channelId: channel.id },
      ],
      [
        { productId: String(product.id), to: day(-30) },
        { productId: product.id, to: day(-30) },
      ],
      [{ memberId: String(owner.owner_id) }, { ownerId: owner.owner_id }],
    ];
    for (const [filter, selection] of cases) {
      const { funnel } = await server.client().request<{ funnel: FunnelAnswer }>(FUNNEL, { f: filter });
      expect(funnel.deals, JSON.stringify(filter)).toBeGreaterThan(0);
      expectSameFunnel(funnel, await sqlFunnel(selection));
    }
  });

  it('over a team counts its whole subtree', async () => {
    const regions = await teamByName('Региональные продажи');
    const children = await rows<{ id: number }>(`select id from team where parent_id = $1`, [regions.id]);
    const [own] = await rows<{ n: number }>(`select count(*)::int as n from deal where team_id = $1`, [regions.id]);
    expect(own.n).toBe(0);
    const count = async (teamId: number) =>
      (
        await server
          .client()
          .request<{ funnel: { deals: number; won: { amount: string } } }>(
            `query($f: FunnelFilter!) { funnel(filter: $f) { deals won { amount } } }`,
            { f: { teamId: String(teamId) } },
          )
      ).funnel;
    const whole = await count(regions.id);
    const parts = await Promise.all(children.map((c) => count(c.id)));
    expect(children.length).toBe(5);
    expect(whole.deals).toBe(parts.reduce((sum, p) => sum + p.deals, 0));
    const [subtree] = await rows<{ n: number; won: string }>(
      `select count(*)::int as n, sum(d.amount) filter (where d.status = 'WON')::numeric(18,2)::text as won from deal d join team t on t.id = d.team_id where t.path like $1`,
      [`${regions.path}%`],
    );
    expect(whole).toEqual({ deals: subtree.n, won: { amount: subtree.won } });
  });

  it("keeps a reassigned deal's stays with the team it is now credited to", async () => {
    // Stays are read by the team their change carries (funnel.service.ts): they must follow the deal.
    const [deal] = await rows<{ id: number; team_id: number; created: string }>(
      `select d.id, d.team_id, to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD') as created
         from deal d where d.status = 'OPEN' and (select count(*) from deal_stage_change c where c.deal_id = d.id) > 2
        order by d.id limit 1`,
    );
    const [owner] = await rows<{ id: number; team_id: number }>(
      `select m.id, m.team_id from member m join team t on t.id = m.team_id join team dt on dt.id = $1
        where m.role = 'REP' and m.archived_at is null and t.path not like dt.path || '%' and dt.path not like t.path || '%'
        order by m.id limit 1`,
      [deal.team_id],
    );
    const paths = await rows<{ id: number; path: string }>(`select id, path from team where id in ($1, $2)`, [deal.team_id, owner.team_id]);
    const funnelsOf = async () =>
      Promise.all(
        paths.map(async (team) => ({
          answer: (
            await server
              .client()
              .request<{ funnel: FunnelAnswer }>(FUNNEL, { f: { teamId: String(team.id), from: deal.created, to: deal.created } })
          ).funnel,
          expected: await sqlFunnel({ teamPath: team.path, from: deal.created, to: deal.created }),
        })),
      );
    const before = await funnelsOf();
    await server.client().request(`mutation($id: ID!, $owner: ID!) { updateDeal(id: $id, input: { ownerId: $owner }) { id } }`, {
      id: String(deal.id),
      owner: String(owner.id),
    });
    const after = await funnelsOf();
    for (const { answer, expected } of [...before, ...after]) expectSameFunnel(answer, expected);
    const [moved] = await rows<{ teams: number[] }>(
      `select array_agg(distinct team_id) as teams from deal_stage_change where deal_id = $1`,
      [deal.id],
    );
    expect(moved.teams).toEqual([owner.team_id]);
    expect(after.map((f) => f.answer.deals)).not.toEqual(before.map((f) => f.answer.deals));
  });

  it('shows a rep their own deals and a manager their subtree; refuses wider filters', async () => {
    const [rep] = await rows<{ id: number; team_id: number }>(
      `select m.id, m.team_id from member m join deal d on d.owner_id = m.id where m.role = 'REP' group by m.id order by count(*) desc limit 1`,
    );
    const { funnel: mine } = await server.client(`REP:${rep.id}`).request<{ funnel: FunnelAnswer }>(FUNNEL, { f: {} });
    expectSameFunnel(mine, await sqlFunnel({ ownerId: rep.id }));
    await expectGraphQLError(server.client(`REP:${rep.id}`).request(FUNNEL, { f: { teamId: String(rep.team_id) } }), 'FORBIDDEN');
    const [manager] = await rows<{ manager_id: number; path: string }>(`select manager_id, path from team where name = 'Ключевые клиенты'`);
    const { funnel: managed } = await server.client(`MANAGER:${manager.manager_id}`).request<{ funnel: FunnelAnswer }>(FUNNEL, { f: {} });
    expectSameFunnel(managed, await sqlFunnel({ teamPath: manager.path }));
    const moscow = await teamByName('Москва и Центр');
    await expectGraphQLError(
      server.client(`MANAGER:${manager.manager_id}`).request(FUNNEL, { f: { teamId: String(moscow.id) } }),
      'FORBIDDEN',
    );
  });

  it('costs a bounded number of SQL statements whatever the number of deals', async () => {
    const regions = await teamByName('Региональные продажи');
    const query = `query($f: FunnelFilter!) { funnel(filter: $f) { deals stages { stage { code nameRu probability } deals amount conversionFromPrevious conversionFromFirst medianDaysInStage } won { deals amount } lost { deals amount } winRate } }`;
    const before = await measured<{ funnel: { deals: number } }>(server.client(), query, { f: { teamId: String(regions.id) } });
    const plain = await measured<{ funnel: { deals: number } }>(server.client(), query, { f: {} });
    // Double the deals of the regions, with their stage histories.
    await sql.query(`create temporary table copied as select id from deal d where d.team_id in (select id from team where path like $1)`, [
      `${regions.path}%`,
    ]);
    await sql.query(
      `with src as (select d.* from deal d join copied c on c.id = d.id),
            ins as (insert into deal (title, owner_id, team_id, stage_id, status, amount, expected_close_date, close_date, close_reason, created_at, updated_at, version, account_id, channel_id, product_id, lead_id, furthest_stage_id, stage_entered_at)
                    select title || ' (копия)', owner_id, team_id, stage_id, status, amount, expected_close_date, close_date, close_reason, created_at, updated_at, version, account_id, channel_id, product_id, null, furthest_stage_id, stage_entered_at from src order by id
                    returning id),
            pairs as (select s.id as old_id, i.id as new_id from (select id, row_number() over (order by id) n from src) s join (select id, row_number() over (order by id) n from ins) i using (n))
       insert into deal_stage_change (deal_id, team_id, deal_created_at, from_stage_id, to_stage_id, changed_at, changed_by_id, from_entered_at, note)
       select p.new_id, c.team_id, c.deal_created_at, c.from_stage_id, c.to_stage_id, c.changed_at, c.changed_by_id, c.from_entered_at, c.note
         from deal_stage_change c join pairs p on p.old_id = c.deal_id`,
    );
    const after = await measured<{ funnel: { deals: number } }>(server.client(), query, { f: { teamId: String(regions.id) } });
    const plainAfter = await measured<{ funnel: { deals: number } }>(server.client(), query, { f: {} });
    expect(after.data.funnel.deals).toBe(before.data.funnel.deals * 2);
    expect(after.statements).toBe(before.statements);
    expect(plainAfter.statements).toBe(plain.statements);
    expect(after.statements).toBeLessThanOrEqual(2);
    expect(plain.statements).toBeLessThanOrEqual(1);
    const [manager] = await rows<{ manager_id: number }>(`select manager_id from team where id = $1`, [regions.id]);
    const asManager = await measured(server.client(`MANAGER:${manager.manager_id}`), query, { f: { teamId: String(regions.id) } });
    expect(asManager.statements).toBeLessThanOrEqual(3); // + resolving who the manager is
    expectSameFunnel(
      (await server.client().request<{ funnel: FunnelAnswer }>(FUNNEL, { f: { teamId: String(regions.id) } })).funnel,
      await sqlFunnel({ teamPath: regions.path }),
    );
    await sql.query(`delete from deal_stage_change where deal_id in (select id from deal where title like '% (копия)')`);
    await sql.query(`delete from deal where title like '% (копия)'`);
  });
});

describe('channel effectiveness', () => {
  const QUERY = `query($f: ChannelEffectivenessFilter) { channelEffectiveness(filter: $f) { channel { id code } leads qualifiedLeads leadConversion dealsWon dealsLost revenue winRate averageCycleDays } }`;
  interface Row {
    channel: { id: string; code: string };
    leads: number;
    qualifiedLeads: number;
    leadConversion: string | null;
    dealsWon: number;
    dealsLost: number;
    revenue: string;
    winRate: string | null;
    averageCycleDays: string | null;
  }

  async function sqlEffectiveness(from: string | null, to: string | null, teamPath: string | null) {
    return rows<Row & { id: number; code: string }>(
      `select c.id, c.code,
              (select count(*)::int from lead l join team lt on lt.id = l.team_id join team ls on ls.id = l.source_team_id
                where l.channel_id = c.id and ($1::date is null or (l.created_at at time zone 'UTC')::date >= $1) and ($2::date is null or (l.created_at at time zone 'UTC')::date <= $2)
                  and ($3::text is null or lt.path like $3 || '%' or ls.path like $3 || '%')) as leads,
              (select count(*)::int from lead l join team lt on lt.id = l.team_id join team ls on ls.id = l.source_team_id
                where l.channel_id = c.id and l.status in ('QUALIFIED', 'CONVERTED') and ($1::date is null or (l.created_at at time zone 'UTC')::date >= $1) and ($2::date is null or (l.created_at at time zone 'UTC')::date <= $2)
                  and ($3::text is null or lt.path like $3 || '%' or ls.path like $3 || '%')) as qualified,
              (select count(*)::int from deal d join team t on t.id = d.team_id where d.channel_id = c.id and d.status = 'WON' and ($1::date is null or d.close_date >= $1) and ($2::date is null or d.close_date <= $2) and ($3::text is null or t.path like $3 || '%')) as won,
              (select count(*)::int from deal d join team t on t.id = d.team_id where d.channel_id = c.id and d.status = 'LOST' and ($1::date is null or d.close_date >= $1) and ($2::date is null or d.close_date <= $2) and ($3::text is null or t.path like $3 || '%')) as lost,
              (select coalesce(sum(d.amount), 0)::numeric(18,2)::text from deal d join team t on t.id = d.team_id where d.channel_id = c.id and d.status = 'WON' and ($1::date is null or d.close_date >= $1) and ($2::date is null or d.close_date <= $2) and ($3::text is null or t.path like $3 || '%')) as revenue,
              (select round(avg(d.close_date - (d.created_at at time zone 'UTC')::date), 1)::text from deal d join team t on t.id = d.team_id where d.channel_id = c.id and d.status = 'WON' and ($1::date is null or d.close_date >= $1) and ($2::date is null or d.close_date <= $2) and ($3::text is null or t.path like $3 || '%')) as cycle
         from channel c order by c.name_ru, c.id`,
      [from, to, teamPath],
    ).then((list) =>
      list.map((r) => {
        const raw = r as unknown as {
          id: number;
          code: string;
          leads: number;
          qualified: number;
          won: number;
          lost: number;
          revenue: string;
          cycle: string | null;
        };
        return {
          channel: { id: String(raw.id), code: raw.code },
          leads: raw.leads,
          qualifiedLeads: raw.qualified,
          leadConversion: raw.leads ? (raw.qualified / raw.leads).toFixed(6) : null,
          dealsWon: raw.won,
          dealsLost: raw.lost,
          revenue: raw.revenue,
          winRate: raw.won + raw.lost ? (raw.won / (raw.won + raw.lost)).toFixed(6) : null,
          averageCycleDays: raw.cycle,
        };
      }),
    );
  }

  /** Ratios from SQL come with six decimals; the API rounds them half up to four. */
  function roundRatios(list: Awaited<ReturnType<typeof sqlEffectiveness>>) {
    const round = (value: string | null) => (value === null ? null : (Math.round(Number(value) * 10000) / 10000).toFixed(4));
    return list.map((r) => ({ ...r, leadConversion: round(r.leadConversion), winRate: round(r.winRate) }));
  }

  it('matches an independent SQL computation, over everything, a period and a team', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const regions = await teamByName('Региональные продажи');
    const inside = await teamByName('Внутренние продажи');
    for (const [filter, from, to, path] of [
      [undefined, null, null, null],
      [{ from: day(-365), to: day(-1) }, day(-365), day(-1), null],
      [{ teamId: String(regions.id), from: day(-200) }, day(-200), null, regions.path],
      [{ teamId: String(inside.id) }, null, null, inside.path],
    ] as [Record<string, string> | undefined, string | null, string | null, string | null][]) {
      const { channelEffectiveness } = await server.client('ANALYST').request<{ channelEffectiveness: Row[] }>(QUERY, { f: filter });
      expect(channelEffectiveness).toEqual(roundRatios(await sqlEffectiveness(from, to, path)));
      expect(channelEffectiveness.length).toBe(5);
      if (!filter) expect(channelEffectiveness.every((r) => r.leads > 0 && r.dealsWon > 0)).toBe(true);
    }
  });
});

describe('customer lifetime value', () => {
  it('matches an independent SQL computation for every customer', async () => {
    interface Clv {
      revenueToDate: string;
      wonDeals: number;
      tenureQuarters: number;
      activeQuarters: number;
      averageRevenuePerQuarter: string | null;
      retentionRate: string | null;
      projectedValue: string | null;
      lifetimeValue: string;
    }
    const answers = new Map<string, Clv>();
    let after: string | null = null;
    for (;;) {
      const page: { customers: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string; lifetimeValue: Clv }[] } } =
        await server
          .client('ANALYST')
          .request(
            `query($after: String) { customers(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id lifetimeValue { revenueToDate wonDeals tenureQuarters activeQuarters averageRevenuePerQuarter retentionRate projectedValue lifetimeValue } } } }`,
            { after },
          );
      for (const node of page.customers.nodes) answers.set(node.id, node.lifetimeValue);
      if (!page.customers.pageInfo.hasNextPage) break;
      after = page.customers.pageInfo.endCursor;
    }
    const expected = await rows<{
      id: number;
      revenue: string;
      won: number;
      tq: number;
      a: number;
      avg: string | null;
      r: string | null;
      projected: string | null;
      ltv: string;
    }>(
      `with q as (select extract(year from (now() at time zone 'UTC')::date)::int * 4 + extract(quarter from (now() at time zone 'UTC')::date)::int - 1 as now_q),
            d as (select account_id, amount, extract(year from close_date)::int * 4 + extract(quarter from close_date)::int - 1 as dq
                    from deal where status = 'WON'),
            w as (select account_id, sum(amount) as revenue, count(*)::int as won, min(dq) as first_q,
                         coalesce(sum(amount) filter (where dq < (select now_q from q)), 0) as crev,
                         count(distinct dq) filter (where dq < (select now_q from q))::int as a
                    from d group by account_id),
            v as (select c.id, coalesce(w.revenue, 0) as revenue, coalesce(w.crev, 0) as crev, coalesce(w.won, 0) as won, coalesce(w.a, 0) as a,
                         case when w.account_id is null then 0 else (select now_q from q) - w.first_q end as tq,
                         c.lifecycle_stage, w.account_id is not null as bought
                    from customer c left join w on w.account_id = c.id),
            r as (select v.*, case when not bought or tq = 0 then null when lifecycle_stage = 'CHURNED' then 0::numeric when tq > 1 then (a - 1)::numeric / (tq - 1) end as r from v)
       select id, revenue::numeric(18,2)::text as revenue, won, tq, a,
              case when tq > 0 then round(crev / tq, 2)::text end as avg,
              round(r, 4)::text as r,
              case when r is not null then round(crev * (select sum(power(r, k)) from generate_series(1, 12) k) / tq, 2)::text end as projected,
              (revenue + coalesce(round(crev * (select sum(power(r, k)) from generate_series(1, 12) k) / tq, 2), 0))::numeric(18,2)::text as ltv
         from r order by id`,
    );
    expect(answers.size).toBe(expected.length);
    const fix = (value: string | null) =>
      value === null ? null : Number(value).toFixed(value.includes('.') ? value.split('.')[1].length : 0);
    let projected = 0;
    for (const e of expected) {
      const a = answers.get(String(e.id))!;
      expect({ id: e.id, ...a }).toEqual({
        id: e.id,
        revenueToDate: e.revenue,
        wonDeals: e.won,
        tenureQuarters: e.tq,
        activeQuarters: e.a,
        averageRevenuePerQuarter: e.avg,
        retentionRate: e.r === null ? null : Number(e.r).toFixed(4),
        projectedValue: fix(e.projected),
        lifetimeValue: e.ltv,
      });
      if (a.projectedValue && a.projectedValue !== '0.00') projected += 1;
    }
    expect(projected).toBeGreaterThan(50);
  });

  it('costs a bounded number of statements for a page of customers with their value, contacts and deals', async () => {
    const query = `query($n: Int) { customers(first: $n) { nodes { name owner { fullName } contacts { fullName } lifetimeValue { lifetimeValue } deals(status: WON) { amount } lifecycleHistory { toStage } } } }`;
    const small = await measured(server.client(), query, { n: 5 });
    const large = await measured(server.client(), query, { n: 100 });
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(6);
  });
});
