import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberRole, TeamKind } from '../org/enums.js';
import { createMember } from '../org/member.service.js';
import { createTeam } from '../org/team.service.js';
import { insertStages, type TestStages } from '../testing/goals-fixtures.js';
import { measured, startTestServer, type TestServer } from '../testing/server.js';

/**
 * Split deals in the forecast roll-up's `closed`, counted as attainment counts them (figures by hand):
 *
 *   R (mR)
 *   ├── A (mA, a1)
 *   │   └── A1 (x1)
 *   └── B (b1)
 *
 * Won in Q = 2030-01-01 … 2030-03-31:
 * - S1, 1000.01, a1's (team A): a1 60 % = 600.006, b1 40 % = 400.004, mR 10 % overlay = 100.001;
 * - S2, 300.00, x1's (team A1): x1 50 % = 150, a1 50 % = 150 (both inside A: A counts it in full);
 * - P1 500.00 a1's, P2 200.00 b1's, P3 100.00 x1's, not split.
 * Won after Q: S3, 700.00, b1's, split 50/50 with a1 (counts nowhere). Open in Q: a1's 2000.00 at 70 %
 * (COMMIT), so a1's fallback call is closed + commit.
 */

let server: TestServer;
let stages: TestStages;
const ids = {} as Record<string, number>;
let periodQ: string;

const admin = () => server.client('ADMIN');
const sql = <T>(query: string, params: unknown[] = []) => server.app.orm.em.fork().getConnection().execute<T[]>(query, params);

async function buildTree(em: EntityManager) {
  const team = async (name: string, parentId?: number) =>
    (await createTeam(em, { name: `Доли ${name}`, kind: TeamKind.GEOGRAPHIC, parentId })).id;
  const member = async (key: string, role: MemberRole, teamId: number) =>
    (await createMember(em, { fullName: `Доли ${key}`, email: `${key}@credits.test`, role, teamId, hireDate: '2020-01-01' })).id;
  const R = await team('R');
  const A = await team('A', R);
  const A1 = await team('A1', A);
  const B = await team('B', R);
  const people = {
    mR: await member('mR', MemberRole.MANAGER, R),
    mA: await member('mA', MemberRole.MANAGER, A),
    a1: await member('a1', MemberRole.REP, A),
    x1: await member('x1', MemberRole.REP, A1),
    b1: await member('b1', MemberRole.REP, B),
  };
  await em.flush();
  return { R, A, A1, B, ...people };
}

async function addDeal(owner: number, team: number, status: 'WON' | 'OPEN', amount: string, date: string): Promise<number> {
  const stage = status === 'WON' ? stages.won : stages.open.p70;
  const [row] = await sql<{ id: number }>(
    `insert into deal (title, owner_id, team_id, stage_id, furthest_stage_id, status, amount, expected_close_date, close_date, account_id, channel_id)
     select ?, ?, ?, ?, ?, ?, ?, ?, ?, c.id, ch.id from customer c, channel ch where c.name = 'ООО «Доли»' and ch.code = 'CR'
     returning id`,
    [`Доли ${amount}`, owner, team, stage, stage, status, amount, date, status === 'WON' ? date : null],
  );
  return row.id;
}

/** Splits a (won) deal, as an admin correcting it; `overlay` names the overlay member. */
async function split(deal: number, shares: [string, string][], overlay?: [string, string]) {
  const credits: { memberId: string; percent: string; overlay?: boolean }[] = shares.map(([key, percent]) => ({
    memberId: String(ids[key]),
    percent,
  }));
  if (overlay) credits.push({ memberId: String(ids[overlay[0]]), percent: overlay[1], overlay: true });
  await admin().request(`mutation($d: ID!, $c: [DealCreditInput!]!) { setDealCredits(dealId: $d, credits: $c) { id } }`, {
    d: String(deal),
    c: credits,
  });
}

beforeAll(async () => {
  server = await startTestServer();
  const em = server.app.orm.em.fork();
  stages = await insertStages(em);
  Object.assign(ids, await buildTree(em));
  await em.execute(`insert into channel (code, name_en, name_ru) values ('CR', 'Credits', 'Доли')`);
  await em.execute(
    `insert into customer (name, industry, region, size, owner_id, lifecycle_stage) values ('ООО «Доли»', 'Розница', 'Москва', 'MEDIUM', ?, 'CUSTOMER')`,
    [ids.a1],
  );
  const S1 = await addDeal(ids.a1, ids.A, 'WON', '1000.01', '2030-02-10');
  const S2 = await addDeal(ids.x1, ids.A1, 'WON', '300.00', '2030-03-01');
  const S3 = await addDeal(ids.b1, ids.B, 'WON', '700.00', '2030-04-10');
  await addDeal(ids.a1, ids.A, 'WON', '500.00', '2030-01-15');
  await addDeal(ids.b1, ids.B, 'WON', '200.00', '2030-02-20');
  await addDeal(ids.x1, ids.A1, 'WON', '100.00', '2030-03-31');
  await addDeal(ids.a1, ids.A, 'OPEN', '2000.00', '2030-03-15');
  await split(
    S1,
    [
      ['a1', '60'],
      ['b1', '40'],
    ],
    ['mR', '10'],
  );
  await split(S2, [
    ['x1', '50'],
    ['a1', '50'],
  ]);
  await split(S3, [
    ['b1', '50'],
    ['a1', '50'],
  ]);
  const { createPeriod } = await admin().request<{ createPeriod: { id: string } }>(
    `mutation { createPeriod(input: { kind: QUARTER, startDate: "2030-01-01", endDate: "2030-03-31" }) { id } }`,
  );
  periodQ = createPeriod.id;
}, 120_000);
afterAll(() => server?.close());

interface Rollup {
  system: { closed: string };
  rolledUpCommit: string;
  lines: { member: { id: string } | null; team: { id: string } | null; system: { closed: string }; call: string | null }[];
}
const ROLLUP = `query($t: ID!, $p: ID!) {
  forecastRollup(teamId: $t, periodId: $p, asOf: "2030-02-15") {
    system { closed } rolledUpCommit
    lines { member { id } team { id } call system { closed } }
  }
}`;

const rollup = async (team: string) =>
  (await admin().request<{ forecastRollup: Rollup }>(ROLLUP, { t: String(ids[team]), p: periodQ })).forecastRollup;
/** Each line as [member or team key, closed]. */
const closedByLine = (r: Rollup) => {
  // Member and team ids may coincide: teams' keys are upper case.
  const key = (id: string, team: boolean) => Object.keys(ids).find((k) => String(ids[k]) === id && /^[A-Z]/.test(k) === team);
  return r.lines.map((l) => [l.member ? key(l.member.id, false) : key(l.team!.id, true), l.system.closed]);
};

async function achieved(keys: string[]): Promise<Record<string, string>> {
  const fields = keys.map(
    (k) => `${k}: ${/^[A-Z]/.test(k) ? 'team' : 'member'}(id: "${ids[k]}") { attainment(periodId: $p) { achieved } }`,
  );
  const data = await admin().request<Record<string, { attainment: { achieved: string } }>>(`query($p: ID!) { ${fields.join(' ')} }`, {
    p: periodQ,
  });
  return Object.fromEntries(keys.map((k) => [k, data[k].attainment.achieved]));
}

describe('split deals in the forecast roll-up', () => {
  it("counts a won split deal's shares in each line's closed: members with their overlay, teams over their subtree without it", async () => {
    const r = await rollup('R');
    // mR: overlay 100.001; A: 500 + 100 + 600.006 + 300 = 1500.006; B: 200 + 400.004 = 600.004.
    expect(closedByLine(r)).toEqual([
      ['mR', '100.00'],
      ['A', '1500.01'],
      ['B', '600.00'],
    ]);
    // 500 + 200 + 100 + 1000.01 + 300: the overlay is not rolled into any team.
    expect(r.system.closed).toBe('2100.01');

    const a = await rollup('A');
    // a1: 500 + 600.006 + 150 = 1250.006; A1: 100 + x1's 150 = 250.
    expect(closedByLine(a)).toEqual([
      ['a1', '1250.01'],
      ['mA', '0.00'],
      ['A1', '250.00'],
    ]);
    expect(a.system.closed).toBe('1500.01');
    // Nobody submitted: a1's closed + commit (1250.01 + 2000) + mA's 0 + A1's roll-up (x1: 150 + 100).
    expect(a.lines.map((l) => l.call)).toEqual([null, null, '250.00']);
    expect(a.rolledUpCommit).toBe('3500.01');
  });

  it("equals attainment's achieved for every line and for the team itself", async () => {
    const rollups = await Promise.all(['R', 'A', 'A1', 'B'].map(rollup));
    const closed = Object.fromEntries([...rollups.flatMap(closedByLine), ['R', rollups[0].system.closed]]);
    expect(Object.keys(closed).sort()).toEqual(['A', 'A1', 'B', 'R', 'a1', 'b1', 'mA', 'mR', 'x1']);
    expect(closed).toEqual(await achieved(Object.keys(closed)));
  });

  it('stays one statement for the whole subtree with split deals', async () => {
    const { statements } = await measured(admin(), ROLLUP, { t: String(ids.R), p: periodQ });
    // The team (to check access), then the roll-up.
    expect(statements).toBe(2);
  });
});
