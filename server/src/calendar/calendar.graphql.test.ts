import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setRevenueQuota } from '../testing/motivation-fixture.js';
import { buildPipelineFixture, type PipelineFixture } from '../testing/pipeline-fixture.js';
import { expectGraphQLError, measured, startTestServer, type TestServer } from '../testing/server.js';

let server: TestServer;
let f: PipelineFixture;
let december: string;

beforeAll(async () => {
  server = await startTestServer();
  const admin = server.client();
  f = await buildPipelineFixture(admin);
  const { createPeriod } = await admin.request<{ createPeriod: { id: string } }>(
    `mutation { createPeriod(input: { kind: MONTH, startDate: "2026-12-01", endDate: "2026-12-31" }) { id } }`,
  );
  december = createPeriod.id;
  await setRevenueQuota(admin, { memberId: f.repId }, december, '22000.00');
}, 90_000);
afterAll(() => server?.close());

const YEAR = `query($y: Int!) { workingCalendar(year: $y) { calendar year workingDays months { month calendarDays workingDays } days { date kind name } } }`;
const PACE = `query($m: ID!, $p: ID!, $asOf: Date) { attainment(memberId: $m, periodId: $p, asOf: $asOf) { elapsedShare pace paceRatio } }`;
const SET = `mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { date kind name calendar } }`;
const CLEAR = `mutation($d: Date!) { clearCalendarDay(date: $d) }`;

interface Year {
  workingCalendar: {
    calendar: string;
    workingDays: number;
    months: { month: number; calendarDays: number; workingDays: number }[];
    days: { date: string; kind: string; name: string | null }[];
  };
}
type Pace = { attainment: { elapsedShare: string; pace: string; paceRatio: string | null } };

describe('the working-day calendar', () => {
  it('is seeded with the Russian production calendar, transfers included', async () => {
    const perMonth = async (year: number) => {
      const { workingCalendar } = await server.client('REP:' + f.repId).request<Year>(YEAR, { y: year });
      return [workingCalendar.calendar, workingCalendar.workingDays, workingCalendar.months.map((m) => m.workingDays)];
    };
    // Decree No. 1335: 2 May, 8 May, 13 June, 3 November and 31 December off, Saturday 1 November worked.
    expect(await perMonth(2025)).toEqual(['RU', 247, [17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22]]);
    // Decree No. 1466: 9 January and 31 December off; 9 March and 11 May off under art. 112.
    expect(await perMonth(2026)).toEqual(['RU', 247, [15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22]]);
    const { workingCalendar } = await server.client().request<Year>(YEAR, { y: 2025 });
    expect(workingCalendar.days.filter((d) => d.kind === 'WORKING_DAY')).toEqual([
      { date: '2025-11-01', kind: 'WORKING_DAY', name: 'Рабочая суббота: выходной перенесён на 3 ноября' },
    ]);
    expect(workingCalendar.months[1]).toEqual({ month: 2, calendarDays: 28, workingDays: 20 });
  });

  it('paces attainment on completed working days: nothing is elapsed on the first day', async () => {
    const pace = async (asOf: string) => (await server.client().request<Pace>(PACE, { m: f.repId, p: december, asOf })).attainment;
    // December 2026 has 22 working days (31 December is off); the quota is 22 000.
    expect(await pace('2026-12-01')).toEqual({ elapsedShare: '0.0000', pace: '0.00', paceRatio: null });
    // On 15 December, 10 are completed: 22 000 × 10/22 = 10 000.
    expect(await pace('2026-12-15')).toEqual({ elapsedShare: '0.4545', pace: '10000.00', paceRatio: '0.0000' });
  });

  it('takes a day set by an admin into account at once, and again when it is cleared', async () => {
    const admin = server.client();
    const pace = async () => (await admin.request<Pace>(PACE, { m: f.repId, p: december, asOf: '2026-12-16' })).attainment.pace;
    expect(await pace()).toBe('11000.00'); // 11 of 22
    const { setCalendarDay } = await admin.request<{ setCalendarDay: unknown }>(SET, {
      i: { date: '2026-12-15', kind: 'HOLIDAY', name: 'День компании' },
    });
    expect(setCalendarDay).toEqual({ date: '2026-12-15', kind: 'HOLIDAY', name: 'День компании', calendar: 'RU' });
    expect(await pace()).toBe('10476.19'); // 10 of 21: 22 000 × 10/21 = 10 476.190…
    await admin.request(SET, { i: { date: '2026-12-19', kind: 'WORKING_DAY' } }); // a Saturday worked
    expect(await pace()).toBe('10000.00'); // 10 of 22
    expect(await admin.request(CLEAR, { d: '2026-12-15' })).toEqual({ clearCalendarDay: '2026-12-15' });
    await admin.request(CLEAR, { d: '2026-12-19' });
    expect(await pace()).toBe('11000.00');
  });

  it('refuses bad dates and days with typed errors, and changes only for admins', async () => {
    const admin = server.client();
    const weekday = await expectGraphQLError(
      admin.request(SET, { i: { date: '2026-12-16', kind: 'WORKING_DAY' } }),
      'BAD_USER_INPUT',
      'input.kind',
    );
    expect(weekday.extensions?.rule).toBe('working-weekday');
    await expectGraphQLError(admin.request(SET, { i: { date: '2026-02-30', kind: 'HOLIDAY' } }), 'BAD_USER_INPUT');
    await expectGraphQLError(admin.request(SET, { i: { date: '2301-01-01', kind: 'HOLIDAY' } }), 'BAD_USER_INPUT');
    await expectGraphQLError(admin.request(CLEAR, { d: '2026-12-17' }), 'NOT_FOUND', 'date');
    await expectGraphQLError(admin.request(YEAR, { y: 2201 }), 'BAD_USER_INPUT', 'year');
    await expectGraphQLError(
      server.client(`MANAGER:${f.managerId}`).request(SET, { i: { date: '2026-12-17', kind: 'HOLIDAY' } }),
      'FORBIDDEN',
    );
  });

  it('costs no statement on the team card: the calendar is in memory', async () => {
    const card = `query($t: ID!, $p: ID!) { team(id: $t) { name attainment(periodId: $p) { elapsedShare pace } members { fullName attainment(periodId: $p) { elapsedShare pace paceRatio } } } }`;
    const { statements } = await measured(server.client(), card, { t: f.fieldTeamId, p: december });
    expect(statements).toBeLessThanOrEqual(3);
  });
});
