import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

/**
 * Ramped quotas through the API on an empty organisation: one team of four reps with capabilities
 * 1, 2, 3 and 4 (weights on capability only, so the scores are 0.1, 0.2, 0.3 and 0.4) and hire dates
 * that put them, in March 2020, in tenure months 1 (A), 3 (B), 15 (C) and 58 (D).
 */

let server: TestServer;
const admin = () => server.client('ADMIN');
let teamId: string;
let otherRepId: string;
let reps: Record<'A' | 'B' | 'C' | 'D', string>;
let march: string;
let firstQuarter: string;

interface Profile {
  id: string;
  name: string;
  steps: string[];
  isDefault: boolean;
  archivedAt: string | null;
}
const PROFILE = 'id name steps isDefault archivedAt';

async function createProfile(name: string, steps: string[], isDefault = false): Promise<Profile> {
  const { createRampProfile } = await admin().request<{ createRampProfile: Profile }>(
    `mutation($i: CreateRampProfileInput!) { createRampProfile(input: $i) { ${PROFILE} } }`,
    { i: { name, steps, isDefault } },
  );
  return createRampProfile;
}

const listProfiles = async (includeArchived = true) =>
  (
    await admin().request<{ rampProfiles: Profile[] }>(`query($a: Boolean!) { rampProfiles(includeArchived: $a) { ${PROFILE} } }`, {
      a: includeArchived,
    })
  ).rampProfiles;

async function newTeam(name: string): Promise<string> {
  const { createTeam } = await admin().request<{ createTeam: { id: string } }>(
    `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`,
    { i: { name, kind: 'GEOGRAPHIC' } },
  );
  return createTeam.id;
}

async function newRep(team: string, name: string, capability: string, hireDate: string): Promise<string> {
  const { createMember } = await admin().request<{ createMember: { id: string } }>(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
    { i: { fullName: name, email: `${name.toLowerCase()}@ramp.example`, role: 'REP', teamId: team, capability, hireDate } },
  );
  return createMember.id;
}

async function newPeriod(kind: string, startDate: string, endDate: string): Promise<string> {
  const { createPeriod } = await admin().request<{ createPeriod: { id: string } }>(
    `mutation($i: CreatePeriodInput!) { createPeriod(input: $i) { id } }`,
    { i: { kind, startDate, endDate } },
  );
  return createPeriod.id;
}

beforeAll(async () => {
  server = await startTestServer();
  teamId = await newTeam('Новые продажи');
  reps = {
    A: await newRep(teamId, 'Alpha', '1.00', '2020-03-10'),
    B: await newRep(teamId, 'Bravo', '2.00', '2020-01-31'),
    C: await newRep(teamId, 'Charlie', '3.00', '2019-01-01'),
    D: await newRep(teamId, 'Delta', '4.00', '2015-06-01'),
  };
  otherRepId = await newRep(await newTeam('Другая команда'), 'Echo', '3.00', '2018-01-01');
  march = await newPeriod('MONTH', '2020-03-01', '2020-03-31');
  firstQuarter = await newPeriod('QUARTER', '2020-01-01', '2020-03-31');
}, 120_000);
afterAll(() => server?.close());

const ALLOCATION = `
  rampProfile { id }
  lines {
    member { id } score share amount pinned
    ramp { profile { id } tenureMonth months { month tenureMonth percent } factor fraction percent fullShare }
  }`;

interface Line {
  member: { id: string };
  share: string;
  amount: string;
  pinned: boolean;
  ramp: {
    profile: { id: string };
    tenureMonth: number;
    months: { month: string; tenureMonth: number; percent: string }[];
    factor: string;
    fraction: string;
    percent: string;
    fullShare: string;
  } | null;
}
interface Allocation {
  rampProfile: { id: string } | null;
  lines: Line[];
}

const baseInput = (periodId: string) => ({
  teamId,
  periodId,
  total: '1000.01',
  weights: { territoryPotential: '0', marketSize: '0', capability: '1' },
});

async function preview(input: Record<string, unknown>): Promise<Allocation> {
  const { previewQuotaAllocation } = await admin().request<{ previewQuotaAllocation: Allocation }>(
    `query($i: QuotaAllocationInput!) { previewQuotaAllocation(input: $i) { ${ALLOCATION} } }`,
    { i: input },
  );
  return previewQuotaAllocation;
}

const quotaTargets = async () =>
  (
    await admin().request<{ quotas: { nodes: { member: { id: string } | null; target: string; version: number }[] } }>(
      `{ quotas(first: 100) { nodes { member { id } target version } } }`,
    )
  ).quotas.nodes;

describe('ramp profiles', () => {
  it('are created with canonical steps, keep one default, and refuse bad input changing nothing', async () => {
    const standard = await createProfile('Стандарт', ['25', '50', '75.5', '100'], true);
    expect(standard).toMatchObject({ steps: ['25.00', '50.00', '75.50', '100.00'], isDefault: true, archivedAt: null });
    // steps need not rise
    const uneven = await createProfile('Сезонный', ['60', '40', '100'], true);
    expect(uneven.isDefault).toBe(true);
    expect((await listProfiles()).filter((p) => p.isDefault).map((p) => p.id)).toEqual([uneven.id]);

    const before = await listProfiles();
    const CREATE = `mutation($i: CreateRampProfileInput!) { createRampProfile(input: $i) { id } }`;
    const UPDATE = `mutation($id: ID!, $i: UpdateRampProfileInput!) { updateRampProfile(id: $id, input: $i) { id } }`;
    await expectGraphQLError(
      admin().request(CREATE, { i: { name: 'X', steps: ['25', '75'], isDefault: true } }),
      'BAD_USER_INPUT',
      'steps[1]',
    );
    await expectGraphQLError(admin().request(CREATE, { i: { name: 'X', steps: [] } }), 'BAD_USER_INPUT', 'steps');
    await expectGraphQLError(admin().request(CREATE, { i: { name: 'X', steps: ['0', '100'] } }), 'BAD_USER_INPUT', 'steps[0]');
    await expectGraphQLError(admin().request(CREATE, { i: { name: ' ', steps: ['100'] } }), 'BAD_USER_INPUT', 'name');
    await expectGraphQLError(
      admin().request(UPDATE, { id: standard.id, i: { steps: ['50', '120'], isDefault: true } }),
      'BAD_USER_INPUT',
      'steps[1]',
    );
    await expectGraphQLError(admin().request(UPDATE, { id: '999999', i: { name: 'Y' } }), 'NOT_FOUND', 'id');
    await expectGraphQLError(server.client('ANALYST').request(CREATE, { i: { name: 'X', steps: ['100'] } }), 'FORBIDDEN');
    expect(await listProfiles()).toEqual(before);

    const { updateRampProfile } = await admin().request<{ updateRampProfile: Profile }>(
      `mutation($id: ID!, $i: UpdateRampProfileInput!) { updateRampProfile(id: $id, input: $i) { ${PROFILE} } }`,
      { id: standard.id, i: { name: 'Стандарт 2026', isDefault: true } },
    );
    expect(updateRampProfile).toMatchObject({ name: 'Стандарт 2026', isDefault: true, steps: standard.steps });
    expect((await listProfiles()).filter((p) => p.isDefault).map((p) => p.id)).toEqual([standard.id]);

    // archiving the default leaves the organisation without one; archived profiles are listed last, and frozen
    const { archiveRampProfile } = await admin().request<{ archiveRampProfile: Profile }>(
      `mutation($id: ID!) { archiveRampProfile(id: $id) { ${PROFILE} } }`,
      { id: standard.id },
    );
    expect(archiveRampProfile).toMatchObject({ isDefault: false });
    expect(archiveRampProfile.archivedAt).not.toBeNull();
    expect((await listProfiles(false)).map((p) => p.id)).toEqual([uneven.id]);
    expect((await listProfiles()).map((p) => p.id)).toEqual([uneven.id, standard.id]);
    await expectGraphQLError(admin().request(UPDATE, { id: standard.id, i: { name: 'Z' } }), 'CONFLICT', 'id');
    // no default any more: allocations are not ramped
    const plain = await preview(baseInput(march));
    expect(plain.rampProfile).toBeNull();
    expect(plain.lines.map((l) => [l.amount, l.ramp])).toEqual([
      ['100.00', null],
      ['200.00', null],
      ['300.00', null],
      ['400.01', null],
    ]);
  });
});

describe('ramped allocation', () => {
  let standard: Profile;
  let fast: Profile;
  beforeAll(async () => {
    standard = await createProfile('Адаптация 4 месяца', ['25', '50', '75', '100'], true);
    fast = await createProfile('Быстрый старт', ['50', '100']);
  });

  it('ramps a month by the default profile: what A (25 %) and B (75 %) do not carry goes to C and D, to the kopeck', async () => {
    // full shares of 100001 kopecks: 10000.1, 20000.2, 30000.3, 40000.4; A carries 2500.025, B 15000.15;
    // U = 12500.125 goes to C and D 3:4 → 35357.4964…, 47143.3285…; floors sum to 100000, the spare kopeck to C.
    const allocation = await preview(baseInput(march));
    expect(allocation.rampProfile).toEqual({ id: standard.id });
    expect(allocation.lines.map((l) => l.amount)).toEqual(['25.00', '150.00', '353.58', '471.43']);
    expect(allocation.lines.map((l) => l.share)).toEqual(['0.025000', '0.150000', '0.353571', '0.471429']);
    expect(allocation.lines[0].ramp).toEqual({
      profile: { id: standard.id },
      tenureMonth: 1,
      months: [{ month: '2020-03-01', tenureMonth: 1, percent: '25.00' }],
      factor: '0.250000',
      fraction: '1/4',
      percent: '25.00',
      fullShare: '0.100000',
    });
    expect(allocation.lines.map((l) => [l.ramp!.tenureMonth, l.ramp!.fraction, l.ramp!.percent])).toEqual([
      [1, '1/4', '25.00'],
      [3, '3/4', '75.00'],
      [15, '1', '100.00'],
      [58, '1', '100.00'],
    ]);

    const { allocateQuota } = await admin().request<{ allocateQuota: { lines: { amount: string; quota: { target: string } }[] } }>(
      `mutation($i: QuotaAllocationInput!) { allocateQuota(input: $i) { lines { amount quota { target } } } }`,
      { i: baseInput(march) },
    );
    expect(allocateQuota.lines.map((l) => l.quota.target)).toEqual(['25.00', '150.00', '353.58', '471.43']);
  });

  it('ramps a quarter by the average of its months, exactly', async () => {
    // A: 0 + 0 + 25 → 1/12; B: 25 + 50 + 75 → 1/2. A carries 100001 × 0.1 / 12 = 833.3416…, B 10000.1;
    // U = 100001 × 23/120 = 19166.8583… goes to C and D 3:4 → 38214.6678…, 50952.8904…;
    // floors 833 + 10000 + 38214 + 50952 = 99999: the two kopecks go to D (.890) and C (.667).
    const allocation = await preview({ ...baseInput(firstQuarter), rampProfileId: standard.id });
    expect(allocation.lines.map((l) => l.amount)).toEqual(['8.33', '100.00', '382.15', '509.53']);
    expect(allocation.lines[0].ramp).toMatchObject({
      tenureMonth: -1,
      months: [
        { month: '2020-01-01', tenureMonth: -1, percent: '0.00' },
        { month: '2020-02-01', tenureMonth: 0, percent: '0.00' },
        { month: '2020-03-01', tenureMonth: 1, percent: '25.00' },
      ],
      factor: '0.083333',
      fraction: '1/12',
      percent: '8.33',
    });
    expect(allocation.lines[1].ramp).toMatchObject({ tenureMonth: 1, fraction: '1/2', percent: '50.00' });
  });

  it("never ramps a pinned member, and follows a member's own profile", async () => {
    // D pinned at 400.00; B on the fast profile is fully ramped in month 3. Rest 60001 over 1/6, 2/6, 3/6:
    // A carries 10000.1666… × 25 % = 2500.0416…; U = 7500.125 goes to B and C 2:3 → 23000.3833…, 34500.575;
    // floors 2500 + 23000 + 34500 = 60000, the spare kopeck to C (.575).
    const allocation = await preview({
      ...baseInput(march),
      pins: [{ memberId: reps.D, amount: '400.00' }],
      memberRampProfiles: [{ memberId: reps.B, rampProfileId: fast.id }],
    });
    expect(allocation.lines.map((l) => l.amount)).toEqual(['25.00', '230.00', '345.01', '400.00']);
    expect(allocation.lines.map((l) => l.ramp?.profile.id ?? null)).toEqual([standard.id, fast.id, standard.id, null]);
    expect(allocation.lines[1].ramp).toMatchObject({ tenureMonth: 3, fraction: '1', fullShare: '0.200001' });
    expect(allocation.lines[3]).toMatchObject({ pinned: true, share: '0.399996' });
  });

  it('refuses an unknown or archived profile, a stranger, and a ramp nobody can carry — writing nothing', async () => {
    const archived = await createProfile('Старый', ['100']);
    await admin().request(`mutation($id: ID!) { archiveRampProfile(id: $id) { id } }`, { id: archived.id });
    const before = await quotaTargets();
    const MUTATION = `mutation($i: QuotaAllocationInput!) { allocateQuota(input: $i) { applied } }`;
    const { quotas } = await admin().request<{ quotas: { nodes: { version: number }[] } }>(
      `query($t: ID!, $p: ID!) { quotas(filter: { teamId: $t, ownerKind: TEAM, periodId: $p }) { nodes { version } } }`,
      { t: teamId, p: march },
    );
    const input = { ...baseInput(march), expectedVersion: quotas.nodes[0].version };
    const bad: [Record<string, unknown>, string, string][] = [
      [{ rampProfileId: '999999' }, 'NOT_FOUND', 'rampProfileId'],
      [{ rampProfileId: archived.id }, 'BAD_USER_INPUT', 'rampProfileId'],
      [{ memberRampProfiles: [{ memberId: reps.A, rampProfileId: '999999' }] }, 'NOT_FOUND', 'memberRampProfiles[0].rampProfileId'],
      [{ memberRampProfiles: [{ memberId: otherRepId, rampProfileId: fast.id }] }, 'BAD_USER_INPUT', 'memberRampProfiles[0].memberId'],
      [
        {
          memberRampProfiles: [
            { memberId: reps.A, rampProfileId: fast.id },
            { memberId: reps.A, rampProfileId: standard.id },
          ],
        },
        'BAD_USER_INPUT',
        'memberRampProfiles[1].memberId',
      ],
      // only A and B share the total, both still ramping
      [{ memberIds: [reps.A, reps.B] }, 'BAD_USER_INPUT', 'rampProfileId'],
    ];
    for (const [change, code, field] of bad) {
      await expectGraphQLError(admin().request(MUTATION, { i: { ...input, ...change } }), code, field);
    }
    expect(await quotaTargets()).toEqual(before);
  });

  it('costs the same number of SQL statements for two members as for four', async () => {
    const QUERY = `query($i: QuotaAllocationInput!) { previewQuotaAllocation(input: $i) { ${ALLOCATION} } }`;
    const two = await measured(admin(), QUERY, { i: { ...baseInput(march), memberIds: [reps.C, reps.D] } });
    const four = await measured(admin(), QUERY, {
      i: { ...baseInput(march), memberRampProfiles: [{ memberId: reps.B, rampProfileId: fast.id }] },
    });
    expect(four.statements).toBe(two.statements);
  });
});
