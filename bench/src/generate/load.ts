import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bulkWriter, type BulkMethod, type Cell } from './copy.js';
import { CHANGE_COLUMNS, DEAL_COLUMNS, HISTORY_DAYS, INTERACTION_COLUMNS, STAGE, WIN_RATE, dealBatch, type DealContext } from './deals.js';
import { planOrganisation, type MemberPlan, type Organisation } from './organisation.js';
import { PERIOD_COLUMNS, periodRow, planPeriods, type PeriodPlan } from './periods.js';
import { Random } from '@sales-graph/server/random';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface LoadOptions {
  databaseUrl: string;
  deals: number;
  teams?: number;
  members?: number;
  seed?: number;
  now?: Date;
  /** COPY FROM STDIN (default), or multi-row INSERTs where COPY is not served (the embedded PGlite). */
  bulk?: BulkMethod;
  progress?: (line: string) => void;
}

/** What the generated organisation holds, and the subjects the benchmark asks about. */
export interface LoadSummary {
  teams: number;
  members: number;
  customers: number;
  deals: number;
  stageChanges: number;
  interactions: number;
  quotas: number;
  largestSubtree: { teamId: number; teams: number };
  largestTeam: { teamId: number; members: number };
  seconds: number;
}

const STAGES: Cell[][] = [
  [STAGE.LEAD, 'LEAD', 'Lead', 'Лид', 1, '10', 'OPEN'],
  [STAGE.QUALIFIED, 'QUALIFIED', 'Qualified', 'Квалификация пройдена', 2, '25', 'OPEN'],
  [STAGE.PROPOSAL, 'PROPOSAL', 'Proposal', 'Коммерческое предложение', 3, '50', 'OPEN'],
  [STAGE.NEGOTIATION, 'NEGOTIATION', 'Negotiation', 'Переговоры', 4, '75', 'OPEN'],
  [STAGE.WON, 'WON', 'Won', 'Успешно закрыта', 5, '100', 'WON'],
  [STAGE.LOST, 'LOST', 'Lost', 'Проиграна', 6, '0', 'LOST'],
];
const CHANNELS: Cell[][] = [
  [1, 'DIRECT', 'Direct field sales', 'Прямые продажи'],
  [2, 'INSIDE', 'Inside sales', 'Внутренние продажи'],
  [3, 'PARTNER', 'Partners', 'Партнёры'],
  [4, 'ONLINE', 'Online', 'Онлайн'],
  [5, 'TENDER', 'Tenders', 'Тендеры и закупки'],
];
const INDUSTRIES = ['Ритейл', 'Производство', 'Банки', 'Логистика', 'Телеком', 'Госсектор'];
const SIZES = ['SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE'];
const CHUNK = 25_000;

/**
 * Applies the server's migrations (server/dist/scripts/migrate.js) to the database, in a child process
 * that this one does not block (the embedded database may be served from this process).
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'server', 'dist', 'scripts', 'migrate.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
  });
}

/** Tables the migrations fill: the production calendar is the country's, not the organisation's. */
const REFERENCE_TABLES = ['schema_migrations', 'calendar_day'];

/** Every table of the schema but the reference tables, emptied with their sequences reset. */
async function emptyTables(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = current_schema() and tablename <> all($1::text[])`,
    [REFERENCE_TABLES],
  );
  if (rows.length) await client.query(`truncate ${rows.map((r) => `"${r.name}"`).join(', ')} restart identity cascade`);
}

export async function loadOrganisation(options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const progress = options.progress ?? (() => {});
  const random = new Random(options.seed ?? 20261130);
  const now = options.now ?? new Date();
  const teamCount = options.teams ?? Math.max(30, Math.round(options.deals / 800));
  const memberCount = options.members ?? Math.max(300, Math.round(options.deals / 160));
  const org = planOrganisation(random, teamCount, memberCount);
  const periods = planPeriods(now);

  await migrateDatabase(options.databaseUrl);
  const writeRows = bulkWriter(options.bulk ?? 'copy');
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await emptyTables(client);
    // The generated rows are consistent by construction: skip the foreign-key triggers while loading.
    await client.query('set session_replication_role = replica');
    progress(`organisation: ${org.teams.length} teams, ${org.members.length} members`);
    await client.query('begin');
    await writeRows(client, 'sales_stage', ['id', 'code', 'name_en', 'name_ru', 'position', 'probability', 'outcome'], STAGES);
    await writeRows(client, 'channel', ['id', 'code', 'name_en', 'name_ru'], CHANNELS);
    await writeRows(
      client,
      'team',
      ['id', 'name', 'kind', 'parent_id', 'path'],
      org.teams.map((t) => [t.id, t.name, t.kind, t.parentId, t.path]),
    );
    await writeRows(
      client,
      'member',
      ['id', 'full_name', 'email', 'role', 'team_id', 'capability', 'hire_date'],
      org.members.map((m) => [m.id, m.fullName, m.email, m.role, m.teamId, m.capability, m.hireDate]),
    );
    await client.query(
      `update team set manager_id = m.manager from unnest($1::int[], $2::int[]) as m(team, manager) where team.id = m.team`,
      [org.teams.map((t) => t.id), org.teams.map((t) => t.managerId)],
    );
    const customers = Math.max(50, Math.round(options.deals / 20));
    await writeRows(
      client,
      'customer',
      ['id', 'name', 'industry', 'region', 'size', 'owner_id', 'lifecycle_stage'],
      customerRows(random, customers, org.reps),
    );
    await writeRows(client, 'period', PERIOD_COLUMNS, periods.map(periodRow));
    await client.query('commit');

    const repIndex = new Map(org.reps.map((r, i) => [r.id, i]));
    const ctx: DealContext = {
      random,
      now: now.getTime(),
      reps: org.reps,
      channels: CHANNELS.length,
      nextChangeId: 1,
      nextInteractionId: 1,
      customersOfRep: (rep: MemberPlan) => {
        // Customer c belongs to rep c mod reps (see customerRows).
        const index = repIndex.get(rep.id)!;
        const owned = Math.max(1, Math.floor((customers - 1 - index) / org.reps.length) + 1);
        return index + random.int(0, owned - 1) * org.reps.length + 1;
      },
    };
    // The history's months get their partitions first, so that its rows land in them, not in the default ones.
    await client.query(
      `select ensure_month_partitions(p.parent::regclass, p.key, $1::timestamptz, $2::timestamptz)
         from (values ('deal_stage_change', 'deal_created_at'), ('interaction', 'occurred_at')) as p(parent, key)`,
      [new Date(now.getTime() - (HISTORY_DAYS + 1) * 86_400_000), now],
    );
    let interactions = 0;
    for (let from = 0; from < options.deals; from += CHUNK) {
      const to = Math.min(options.deals, from + CHUNK);
      const batch = dealBatch(ctx, from, to);
      await client.query('begin');
      await writeRows(client, 'deal', DEAL_COLUMNS, batch.deals);
      await writeRows(client, 'deal_stage_change', CHANGE_COLUMNS, batch.changes);
      interactions += await writeRows(client, 'interaction', INTERACTION_COLUMNS, batch.interactions);
      await client.query('commit');
      const seconds = (performance.now() - started) / 1000;
      progress(
        `deals ${to.toLocaleString('en')} / ${options.deals.toLocaleString('en')} (${Math.round((100 * to) / options.deals)} %), ${seconds.toFixed(1)} s`,
      );
    }
    const quotas = quotaRows(random, org, periods, options.deals);
    await writeRows(client, 'quota', ['member_id', 'team_id', 'period_id', 'metric', 'target'], quotas);
    await resetSequences(client);
    progress('vacuum analyze');
    await client.query('vacuum analyze');
    return {
      teams: org.teams.length,
      members: org.members.length,
      customers,
      deals: options.deals,
      stageChanges: ctx.nextChangeId - 1,
      interactions,
      quotas: quotas.length,
      largestSubtree: { teamId: org.largestSubtree.id, teams: org.teams.filter((t) => t.path.startsWith(org.largestSubtree.path)).length },
      largestTeam: { teamId: org.largestTeam.id, members: org.members.filter((m) => m.teamId === org.largestTeam.id).length },
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await client.end();
  }
}

function* customerRows(random: Random, count: number, reps: MemberPlan[]): Generator<Cell[]> {
  for (let id = 1; id <= count; id += 1) {
    const owner = reps[(id - 1) % reps.length];
    yield [id, `ООО «Клиент ${id}»`, random.pick(INDUSTRIES), `Регион ${random.int(1, 85)}`, random.pick(SIZES), owner.id, 'CUSTOMER'];
  }
}

/**
 * REVENUE quotas for the current month, quarter and year: each rep's is about what an average rep
 * wins in such a period (deals per rep × win rate × mean amount), varied ±20 %, rounded to thousands;
 * each team's is the sum of the reps' quotas in its subtree.
 */
function quotaRows(random: Random, org: Organisation, periods: PeriodPlan[], deals: number): Cell[][] {
  const meanAmount = (5_000_000 - 50_000) / Math.log(100);
  const monthly = (deals / org.reps.length / (HISTORY_DAYS / 30.4)) * WIN_RATE * meanAmount;
  const months = { MONTH: 1, QUARTER: 3, YEAR: 12 };
  const rows: Cell[][] = [];
  const teamById = new Map(org.teams.map((t) => [t.id, t]));
  for (const period of periods.filter((p) => p.current)) {
    const teamTotals = new Map<number, bigint>();
    for (const rep of org.reps) {
      const target = BigInt(Math.round((monthly * months[period.kind] * random.uniform(0.8, 1.2)) / 1000) * 1000);
      rows.push([rep.id, null, period.id, 'REVENUE', `${target}.00`]);
      for (const id of teamById.get(rep.teamId)!.path.split('/').filter(Boolean).map(Number))
        teamTotals.set(id, (teamTotals.get(id) ?? 0n) + target);
    }
    for (const team of org.teams) rows.push([null, team.id, period.id, 'REVENUE', `${teamTotals.get(team.id) ?? 0n}.00`]);
  }
  return rows;
}

async function resetSequences(client: pg.Client): Promise<void> {
  for (const table of [
    'sales_stage',
    'channel',
    'team',
    'member',
    'customer',
    'period',
    'deal',
    'deal_stage_change',
    'interaction',
    'quota',
  ]) {
    await client.query(
      `select setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`,
    );
  }
}
