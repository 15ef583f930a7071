import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastAccuracy } from '../forecast/accuracy.service.js';
import { forecastRollup } from '../forecast/rollup.service.js';
import { OwnerKind, PeriodKind } from '../goals/enums.js';
import { Period } from '../goals/period.entity.js';
import { toKopecks } from '../money.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { openTestOrm, type TestOrm } from '../testing/orm.js';
import { seedDemo } from './seed.js';

/** A fixed "today", so that two seeds can be compared row by row. */
const TODAY = new Date('2026-11-20T10:30:00Z');
const DAY = '2026-11-20';

let db: TestOrm;
/** The forecast rows and ramp profiles of a first seed, before the database is emptied and seeded again. */
let firstSeed: unknown[];

const sql = <T>(query: string) => db.em().execute<T[]>(query);
const seededRows = () =>
  sql(
    `select (select json_agg(s order by s.id) from forecast_submission s) as submissions,
            (select json_agg(json_build_object('id', r.id, 'name', r.name, 'steps', r.steps, 'default', r.is_default) order by r.id)
               from ramp_profile r) as profiles`,
  );

beforeAll(async () => {
  db = await openTestOrm();
  await seedDemo(db.orm, TODAY);
  firstSeed = await seededRows();
  await db.em().execute(
    `do $$ declare r record; begin
       for r in select tablename from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations' loop
         execute format('truncate table %I restart identity cascade', r.tablename);
       end loop;
     end $$;`,
  );
  await seedDemo(db.orm, TODAY);
}, 240_000);
afterAll(() => db?.close());

/** The rep `m` owns a deal won in, or expected to close in, the quarter containing `day`: they have something to call. */
const dealIn = (day: string) =>
  `exists (select 1 from deal d join period p on p.kind = 'QUARTER' and '${day}' between p.start_date and p.end_date
            where d.owner_id = m.id and ((d.status = 'WON' and d.close_date between p.start_date and p.end_date)
               or (d.status = 'OPEN' and d.expected_close_date between p.start_date and p.end_date)))`;

const quarter = (em: ReturnType<TestOrm['em']>, day: string) =>
  em.findOneOrFail(Period, { kind: PeriodKind.QUARTER, startDate: { $lte: day }, endDate: { $gte: day } });

describe('forecast demo data', () => {
  it('is the same on every seed of the same day', async () => {
    expect(await seededRows()).toEqual(firstSeed);
  });

  it("has the root team's roll-up called on every child team and by most reps, with history", async () => {
    const em = db.em();
    const root = await em.findOneOrFail(Team, { parent: null });
    const rollup = await forecastRollup(em, root, (await quarter(em, DAY)).id, DAY);
    // Inside sales own no deals: their team has nothing to call.
    const teamLines = rollup.lines.filter((l) => l.ownerKind === OwnerKind.TEAM && toKopecks(l.call!) > 0n);
    expect(teamLines.length).toBe(3);
    expect(teamLines.every((l) => l.submission !== null)).toBe(true);
    // The root's own call: the roll-up of that moment (nothing has changed since) plus a noted adjustment.
    const call = rollup.submission!;
    expect(call.rolledUpCommit).toBe(rollup.rolledUpCommit);
    expect(toKopecks(call.adjustment!)).not.toBe(0n);
    expect(toKopecks(call.commit)).toBe(toKopecks(call.rolledUpCommit!) + toKopecks(call.adjustment!));
    expect(call.note).toMatch(/[а-я]/);
    expect(rollup.call).toBe(call.commit);

    const [reps] = await sql<{ reps: string; called: string; history: string }>(
      `select count(*) as reps, count(*) filter (where n > 0) as called, count(*) filter (where n > 1) as history
         from (select m.id, (select count(*) from forecast_submission s join period p on p.id = s.period_id
                              where s.member_id = m.id and '${DAY}' between p.start_date and p.end_date) as n
                 from member m where m.role = 'REP' and m.archived_at is null and ${dealIn(DAY)}) x`,
    );
    expect(Number(reps.called) / Number(reps.reps)).toBeGreaterThanOrEqual(0.7);
    expect(Number(reps.called)).toBeLessThan(Number(reps.reps));
    expect(reps.history).toBe(reps.called);
  });

  it('stores every team call as roll-up plus adjustment, with a note whenever it adjusts', async () => {
    const rows = await sql<{ commit: string; rolled_up_commit: string; adjustment: string; note: string | null }>(
      'select commit, rolled_up_commit, adjustment, note from forecast_submission where team_id is not null',
    );
    expect(rows.length).toBeGreaterThan(8);
    for (const row of rows) {
      expect(toKopecks(row.commit)).toBe(toKopecks(row.rolled_up_commit) + toKopecks(row.adjustment));
      expect(row.note !== null).toBe(toKopecks(row.adjustment) !== 0n);
    }
    expect(rows.filter((r) => r.note !== null).length).toBeGreaterThan(1);
  });

  it('has a last call of every rep in the closed quarter, which forecastAccuracy compares with what was won', async () => {
    const em = db.em();
    const previous = await quarter(em, '2026-08-15');
    const [missing] = await sql<{ count: string }>(
      `select count(*) from member m where m.role = 'REP' and m.archived_at is null and ${dealIn(previous.startDate)}
          and not exists (select 1 from forecast_submission s where s.member_id = m.id and s.period_id = ${previous.id})`,
    );
    expect(missing.count).toBe('0');
    const [called] = await sql<{ member_id: number }>(
      `select member_id from forecast_submission where period_id = ${previous.id} and commit > 0 order by id limit 1`,
    );
    const member = await em.findOneOrFail(Member, called.member_id);
    const accuracy = await forecastAccuracy(em, { kind: OwnerKind.MEMBER, member }, previous, DAY);
    expect(accuracy.periodClosed).toBe(true);
    expect(accuracy.submission).not.toBeNull();
    expect(accuracy.ratio).not.toBeNull();
    expect(accuracy.error).not.toBeNull();
  });

  it('has one default ramp profile and leaves deal categories and credit splits alone', async () => {
    const [profiles] = (await seededRows()) as { profiles: unknown }[];
    expect(profiles.profiles).toEqual([
      { id: 1, name: 'Стандартный ввод в должность', steps: ['25.00', '50.00', '75.00', '100.00'], default: true },
    ]);
    const [untouched] = await sql<{ overrides: string; credits: string }>(
      `select (select count(*) from deal where forecast_category_override is not null) as overrides,
              (select count(*) from deal_credit) as credits`,
    );
    expect(untouched).toEqual({ overrides: '0', credits: '0' });
  });
});
