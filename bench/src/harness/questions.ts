import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../generate/load.js';
import { BENCH_AUTH } from './processes.js';

/** One widget question: the GraphQL operation the widget sends and its variables. */
export interface Question {
  name: 'TeamCard' | 'QuotaGaugeTeam' | 'QuotaGaugeMember' | 'Funnel' | 'FunnelRegion' | 'ForecastRollup';
  /** The operation of schema/operations/ (the region's funnel is the Funnel operation). */
  operationName: string;
  /** What is asked, for the report. */
  subject: string;
  document: string;
  variables: Record<string, unknown>;
}

const operation = (file: string) => readFileSync(path.join(repoRoot, 'schema', 'operations', `${file}.graphql`), 'utf8');
/** As the widgets send them: the operation followed by the AttainmentFields fragment when it uses it. */
const withAttainmentFields = (source: string) => `${source}\n${operation('AttainmentFields')}`;

/** Deals created in the quarter in the region whose funnel is followed across sizes (a region of 1M deals). */
export const REGION_DEALS = 7_000;

/**
 * The subjects of the questions, read from the database: the current quarter, the team with the
 * largest subtree (funnel and team gauge; the direct-sales department of the generated data), a
 * region (the subtree whose deals created in the quarter are closest to `regionDeals`, ties by id: at
 * every size of the organisation a region of about the same size, whose funnel must not grow with the
 * rest of the organisation), the team with the most members (team card) and that team's first rep
 * (member gauge); the forecast roll-up of the largest subtree (its 1,000 teams at full size).
 */
export async function chooseQuestions(
  databaseUrl: string,
  regionDeals = REGION_DEALS,
  today = new Date().toISOString().slice(0, 10),
): Promise<Question[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => {
      const { rows } = await client.query<T>(sql, params);
      if (!rows[0]) throw new Error(`the database has nothing for: ${sql}`);
      return rows[0];
    };
    const quarter = await one<{ id: number; name: string; since: string; until: string }>(
      `select id, name, to_char(start_date, 'YYYY-MM-DD') as since, to_char(end_date + 1, 'YYYY-MM-DD') as until
         from period where kind = 'QUARTER' and $1::date between start_date and end_date`,
      [today],
    );
    const subtree = await one<{ id: number; name: string; path: string; teams: number }>(
      `select t.id, t.name, t.path, (select count(*) from team s where s.path like t.path || '%')::int as teams
         from team t where t.parent_id is not null order by teams desc, t.id limit 1`,
    );
    const region = await one<{ id: number; name: string; path: string; teams: number }>(
      `select t.id, t.name, t.path, (select count(*) from team s where s.path like t.path || '%')::int as teams
         from team t join team s on s.path like t.path || '%' join deal d on d.team_id = s.id
        where d.created_at >= $1::timestamptz and d.created_at < $2::timestamptz
        group by t.id order by abs(count(*) - $3), t.id limit 1`,
      [`${quarter.since}T00:00:00Z`, `${quarter.until}T00:00:00Z`, regionDeals],
    );
    // The funnel's deals: those of the subtree created in the quarter (UTC days).
    const createdInQuarter = async (path: string) =>
      (
        await one<{ deals: number }>(
          `select count(*)::int as deals from team t join deal d on d.team_id = t.id
            where t.path like $1 and d.created_at >= $2::timestamptz and d.created_at < $3::timestamptz`,
          [`${path}%`, `${quarter.since}T00:00:00Z`, `${quarter.until}T00:00:00Z`],
        )
      ).deals;
    const team = await one<{ id: number; name: string; members: number }>(
      `select t.id, t.name, count(m.id)::int as members from team t join member m on m.team_id = t.id and m.archived_at is null
        group by t.id order by members desc, t.id limit 1`,
    );
    const rep = await one<{ id: number }>(`select id from member where team_id = $1 and role = 'REP' order by id limit 1`, [team.id]);
    const deals = await one<{ count: string }>(`select count(*) from deal`);
    const q = `${quarter.name} (period ${quarter.id})`;
    const funnelOf = (teamId: number) => ({ filter: { teamId: String(teamId), periodId: String(quarter.id) } });
    return [
      {
        name: 'TeamCard',
        operationName: 'TeamCard',
        subject: `team ${team.id} (${team.members} members), ${q}`,
        document: withAttainmentFields(operation('TeamCard')),
        variables: { teamId: String(team.id), periodId: String(quarter.id) },
      },
      {
        name: 'QuotaGaugeTeam',
        operationName: 'QuotaGaugeTeam',
        subject: `team ${subtree.id} (subtree of ${subtree.teams} teams, ${deals.count} deals in all), ${q}`,
        document: withAttainmentFields(operation('QuotaGaugeTeam')),
        variables: { teamId: String(subtree.id), periodId: String(quarter.id) },
      },
      {
        name: 'QuotaGaugeMember',
        operationName: 'QuotaGaugeMember',
        subject: `member ${rep.id}, ${q}`,
        document: withAttainmentFields(operation('QuotaGaugeMember')),
        variables: { memberId: String(rep.id), periodId: String(quarter.id) },
      },
      {
        name: 'Funnel',
        operationName: 'Funnel',
        subject: `team ${subtree.id} (subtree of ${subtree.teams} teams), ${await createdInQuarter(subtree.path)} deals created in ${q}`,
        document: operation('Funnel'),
        variables: funnelOf(subtree.id),
      },
      {
        name: 'FunnelRegion',
        operationName: 'Funnel',
        subject: `region ${region.id} (subtree of ${region.teams} teams), ${await createdInQuarter(region.path)} deals created in ${q}`,
        document: operation('Funnel'),
        variables: funnelOf(region.id),
      },
      {
        name: 'ForecastRollup',
        operationName: 'Forecast',
        subject: `team ${subtree.id} (subtree of ${subtree.teams} teams), ${q}`,
        document: operation('Forecast'),
        variables: { teamId: String(subtree.id), periodId: String(quarter.id) },
      },
    ];
  } finally {
    await client.end();
  }
}

/** A bearer token of the benchmark's identity provider for an administrator, valid for a day. */
export function adminToken(): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: BENCH_AUTH.AUTH_ISSUER,
    aud: BENCH_AUTH.AUTH_AUDIENCE,
    sub: 'service-bench',
    role: 'ADMIN',
    iat: now,
    exp: now + 86_400,
  };
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', BENCH_AUTH.AUTH_JWT_SECRET).update(unsigned).digest('base64url')}`;
}

/** How each side is asked a question over HTTP: path, headers and body. */
export interface Target {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function graphqlTarget(question: Question, token: string): Target {
  return {
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: question.document, variables: question.variables, operationName: question.operationName }),
  };
}

export function baselineTarget(question: Question): Target {
  return { path: `/${question.name}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(question.variables) };
}
