import 'reflect-metadata';
import path from 'node:path';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config.js';
import { buildGraphQLSchema } from '../schema.js';
import { checkAnswer, coordinatesAt, walkDocuments, type Expectation, type WalkValues } from '../testing/reachability.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { OBJECT_POLICIES } from './object-policies.js';
import { WidgetKind } from './viewer.js';
import { readWidgetOperations, widgetFieldAllowance } from './widget-fields.js';

/**
 * Reachability: from every root field, a document generated from the schema selects every field it can
 * reach (each `Type.field` once per document, five levels deep), for each role and for an embed token
 * of each widget kind, on the demo organisation. Every object in every answer is checked against an
 * oracle built here from the database (who owns what, which teams the caller leads): nothing outside
 * the caller's scope, no field beyond what its level (or its widget) reads. New fields and types are
 * walked without editing this test; a new type naming people needs an entry in OWNERSHIP.
 */

type Level = 'full' | 'card';

/** Who a record belongs to, in the data model's words (entity properties), and at which level it is read. */
const OWNERSHIP: Record<string, { members: string[]; teams?: string[]; level: Level; teamLevel?: Level; notAnalysts?: boolean }> = {
  Deal: { members: ['owner'], teams: ['team'], level: 'full' },
  Lead: { members: ['owner', 'generatedBy'], teams: ['team', 'sourceTeam'], level: 'full' },
  Interaction: { members: ['member'], level: 'full' },
  FollowUp: { members: ['assignee'], level: 'full' },
  Quota: { members: ['member'], teams: ['team'], level: 'full' },
  Goal: { members: ['member'], teams: ['team'], level: 'full', teamLevel: 'card' },
  Milestone: { members: ['member'], teams: ['team'], level: 'card' },
  Recognition: { members: ['member'], level: 'card' },
  Feedback: { members: ['member'], level: 'full', notAnalysts: true },
  SkillAssessment: { members: ['member'], level: 'full' },
  Training: { members: ['member'], level: 'full' },
  DevelopmentPlan: { members: ['member'], level: 'full' },
  MemberTransfer: { members: ['member'], level: 'full' },
  ForecastSubmission: { members: ['member'], teams: ['team'], level: 'full' },
};

interface Facts {
  teamPaths: Map<number, string>;
  memberTeam: Map<number, number>;
  /** Per record type: id → its members and teams (null references left out). */
  records: Map<string, Map<number, { members: number[]; teams: number[] }>>;
}

interface Caller {
  name: string;
  authorization: string;
  role: 'ADMIN' | 'ANALYST' | 'MANAGER' | 'REP' | 'EMBED';
  self: number | null;
  fullTeams: Set<number> | 'all';
  cardTeams: Set<number>;
  widgets: WidgetKind[] | null;
  values: WalkValues;
}

let server: TestServer;
let schema: GraphQLSchema;
let facts: Facts;
let allowance: Map<WidgetKind, ReadonlySet<string>>;
const callers: Caller[] = [];

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return server.app.orm.em.getConnection().execute<T[]>(query, params);
}

async function loadFacts(): Promise<Facts> {
  const teams = await sql<{ id: number; path: string }>('select id, path from team');
  const members = await sql<{ id: number; team_id: number }>('select id, team_id from member');
  const records = new Map<string, Map<number, { members: number[]; teams: number[] }>>();
  for (const [typeName, spec] of Object.entries(OWNERSHIP)) {
    const meta = server.app.orm.getMetadata().find(typeName)!;
    const column = (property: string) => meta.properties[property].fieldNames[0];
    const memberColumns = spec.members.map(column);
    const teamColumns = (spec.teams ?? []).map(column);
    const rows = await sql<Record<string, number | null>>(
      `select id, ${[...memberColumns, ...teamColumns].join(', ')} from ${meta.tableName}`,
    );
    const byId = new Map<number, { members: number[]; teams: number[] }>();
    for (const row of rows) {
      const ids = (columns: string[]) =>
        columns
          .map((c) => row[c])
          .filter((v): v is number => v !== null)
          .map(Number);
      byId.set(Number(row.id), { members: ids(memberColumns), teams: ids(teamColumns) });
    }
    records.set(typeName, byId);
  }
  return {
    teamPaths: new Map(teams.map((t) => [Number(t.id), t.path])),
    memberTeam: new Map(members.map((m) => [Number(m.id), Number(m.team_id)])),
    records,
  };
}

const subtree = (teamId: number) => {
  const root = facts.teamPaths.get(teamId)!;
  return new Set([...facts.teamPaths].filter(([, p]) => p.startsWith(root)).map(([id]) => id));
};
const inFull = (caller: Caller, teamId: number | undefined) =>
  teamId !== undefined && (caller.fullTeams === 'all' || caller.fullTeams.has(teamId));

function teamLevel(caller: Caller, teamId: number): Level | 'directory' {
  if (inFull(caller, teamId)) return 'full';
  return caller.cardTeams.has(teamId) ? 'card' : 'directory';
}

function memberLevel(caller: Caller, memberId: number): Level | 'directory' {
  if (caller.fullTeams === 'all' || memberId === caller.self) return 'full';
  return teamLevel(caller, facts.memberTeam.get(memberId)!);
}

function recordVisible(caller: Caller, typeName: string, id: number): boolean {
  const spec = OWNERSHIP[typeName];
  if (spec.notAnalysts && (caller.role === 'ANALYST' || caller.role === 'EMBED')) return false;
  if (caller.fullTeams === 'all') return true;
  const record = facts.records.get(typeName)!.get(id);
  if (!record) return false;
  if (caller.self !== null && record.members.includes(caller.self)) return true;
  const teams = record.teams.length ? record.teams : record.members.map((m) => facts.memberTeam.get(m)!);
  const level = record.teams.length && spec.teamLevel ? spec.teamLevel : spec.level;
  return teams.some((t) => inFull(caller, t) || (level === 'card' && caller.cardTeams.has(t)));
}

/** The fields of a type a caller reads at a level: `all`, or the policy's list, cut to the widget's fields for a token. */
function readable(caller: Caller, typeName: string, level: Level | 'directory'): Expectation {
  const policy = OBJECT_POLICIES[typeName];
  const fields = level === 'full' || !policy ? 'all' : new Set(level === 'card' ? policy.card : policy.directory);
  if (!caller.widgets) return fields;
  const widgetFields = new Set(
    caller.widgets.flatMap((w) =>
      [...allowance.get(w)!].filter((c) => c.startsWith(`${typeName}.`)).map((c) => c.slice(typeName.length + 1)),
    ),
  );
  return new Set([...widgetFields].filter((f) => fields === 'all' || fields.has(f)));
}

function expectationFor(caller: Caller, typeName: string, object: Record<string, unknown>): Expectation | undefined {
  const id = Number(object.id);
  if (typeName === 'Member') return readable(caller, typeName, memberLevel(caller, id));
  if (typeName === 'Team') return readable(caller, typeName, teamLevel(caller, id));
  if (typeName === 'Customer') return caller.widgets ? null : readable(caller, typeName, 'full');
  if (OWNERSHIP[typeName]) return recordVisible(caller, typeName, id) ? readable(caller, typeName, 'full') : null;
  return caller.widgets ? readable(caller, typeName, 'full') : undefined;
}

/** Ids to ask a root `x(id:)` field for: one record the caller may read and one it may not, where both exist. */
function idsOf(caller: Caller, typeName: string): string[] {
  const pick = (ids: number[], visible: (id: number) => boolean) =>
    [ids.find(visible), ids.find((id) => !visible(id))].filter((id): id is number => id !== undefined).map(String);
  if (typeName === 'Member') return pick([...facts.memberTeam.keys()], (id) => memberLevel(caller, id) !== 'directory');
  if (typeName === 'Team') return pick([...facts.teamPaths.keys()], (id) => teamLevel(caller, id) !== 'directory');
  if (OWNERSHIP[typeName])
    return pick([...facts.records.get(typeName)!.keys()].slice(0, 2000), (id) => recordVisible(caller, typeName, id));
  return [...(otherIds.get(typeName) ?? [])].slice(0, 1);
}
const otherIds = new Map<string, string[]>();

async function post(caller: Caller, document: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: caller.authorization },
    body: JSON.stringify({ query: document, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[] };
}

beforeAll(async () => {
  server = await startTestServer({
    seed: true,
    env: {
      MAX_QUERY_DEPTH: '30',
      MAX_QUERY_COST: '100000000',
      MAX_QUERY_TOKENS: '1000000',
      MAX_QUERY_ALIASES: '1000',
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_SUBJECT: '1000000',
    },
  });
  schema = await buildGraphQLSchema();
  allowance = widgetFieldAllowance(schema, readWidgetOperations(path.join(repoRoot, 'schema', 'operations')));
  facts = await loadFacts();
  for (const type of ['Period', 'SalesStage', 'Channel', 'Product', 'Strategy', 'SavedView', 'Territory']) {
    const meta = server.app.orm.getMetadata().find(type)!;
    otherIds.set(
      type,
      (await sql<{ id: number }>(`select id from ${meta.tableName} order by id limit 1`)).map((r) => String(r.id)),
    );
  }
  const [{ id: periodId }] = await sql<{ id: number }>(
    `select id from period where kind = 'QUARTER' and start_date <= current_date and end_date >= current_date`,
  );
  const [regions] = await sql<{ id: number; manager_id: number }>(`select id, manager_id from team where name = 'Региональные продажи'`);
  const [moscow] = await sql<{ id: number }>(`select id from team where name = 'Москва и Центр'`);
  const [rep] = await sql<{ id: number }>(
    `select id from member where team_id = ? and role = 'REP' and archived_at is null order by id limit 1`,
    [moscow.id],
  );
  const values = (teamId: number, memberId: number): WalkValues => ({
    periodId: String(periodId),
    teamId: String(teamId),
    memberId: String(memberId),
  });
  const person = (
    name: Caller['role'],
    self: number | null,
    fullTeams: Caller['fullTeams'],
    cardTeams: number[],
    v: WalkValues,
  ): Caller => ({
    name,
    authorization: server.bearer(self === null ? name : `${name}:${self}`),
    role: name,
    self,
    fullTeams,
    cardTeams: new Set(cardTeams),
    widgets: null,
    values: v,
  });
  callers.push(
    person('ADMIN', null, 'all', [], values(regions.id, rep.id)),
    person('ANALYST', null, 'all', [], values(regions.id, rep.id)),
    person(
      'MANAGER',
      Number(regions.manager_id),
      subtree(regions.id),
      [facts.memberTeam.get(Number(regions.manager_id))!],
      values(regions.id, rep.id),
    ),
    person('REP', Number(rep.id), new Set(), [moscow.id], values(moscow.id, rep.id)),
  );
  const mint = async (scope: Record<string, string>, widgets: WidgetKind[]) => {
    const { createEmbedToken } = await server
      .client()
      .request<{ createEmbedToken: { token: string } }>(`mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { token } }`, {
        i: { ...scope, widgets },
      });
    return `Bearer ${createEmbedToken.token}`;
  };
  for (const widget of Object.values(WidgetKind)) {
    callers.push({
      name: `EMBED ${widget} (team)`,
      authorization: await mint({ teamId: String(regions.id) }, [widget]),
      role: 'EMBED',
      self: null,
      fullTeams: subtree(regions.id),
      cardTeams: new Set(),
      widgets: [widget],
      values: values(regions.id, rep.id),
    });
  }
  callers.push({
    name: 'EMBED every widget (member)',
    authorization: await mint({ memberId: String(rep.id) }, Object.values(WidgetKind)),
    role: 'EMBED',
    self: Number(rep.id),
    fullTeams: new Set(),
    cardTeams: new Set([moscow.id]),
    widgets: Object.values(WidgetKind),
    values: values(moscow.id, rep.id),
  });
}, 240_000);
afterAll(() => server?.close());

const CALLERS = [
  'ADMIN',
  'ANALYST',
  'MANAGER',
  'REP',
  ...Object.values(WidgetKind).map((w) => `EMBED ${w} (team)`),
  'EMBED every widget (member)',
];

describe('reachability of every object from every root field', () => {
  for (const name of CALLERS) {
    it(`returns ${name} nothing beyond its scope and fields`, async () => {
      const caller = callers.find((c) => c.name === name)!;
      // A refused field nulls its parents: it is left out and the walk is sent again, so that it hides nothing else.
      const refused = new Set<string>();
      const selects = (coordinate: string) =>
        !refused.has(coordinate) && (!caller.widgets || caller.widgets.some((w) => allowance.get(w)!.has(coordinate)));
      const walk = () =>
        walkDocuments({ schema, values: caller.values, selects, maxDepth: 5 }, (typeName) => idsOf(caller, typeName)).documents;
      expect(walk().length, 'root fields walked').toBeGreaterThan(caller.widgets ? 0 : 30);
      const reached = new Set<string>();
      const findings: string[] = [];
      const roots = new Set(walk().map((d) => d.root));
      for (const root of roots) {
        for (let attempt = 0; attempt < 25; attempt += 1) {
          const documents = walk().filter((d) => d.root === root);
          let retry = false;
          for (const { document } of documents) {
            const answer = await post(caller, document);
            for (const error of answer.errors ?? []) {
              expect(error.extensions?.code, `${root}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
              if (caller.role === 'ADMIN') expect(error.extensions?.code, `${root} as ADMIN: ${error.message}`).not.toBe('FORBIDDEN');
              const at = coordinatesAt(schema, (error.path ?? []) as (string | number)[]);
              if (at.length > 1 || (at.length === 1 && !at[0].startsWith('Query.'))) {
                for (const coordinate of at) refused.add(coordinate);
                retry = true;
              }
            }
            const problems = checkAnswer(
              schema,
              answer.data,
              (typeName, object) => expectationFor(caller, typeName, object),
              (typeName) => reached.add(typeName),
            );
            findings.push(...problems.map((p) => `${root}: ${p.path}: ${p.problem}`));
          }
          if (!retry) break;
        }
      }
      expect(findings.slice(0, 20)).toEqual([]);
      if (!caller.widgets) {
        for (const typeName of ['Member', 'Team', 'Deal', 'Customer', 'Quota', 'Interaction'])
          expect(reached, `${typeName} reached`).toContain(typeName);
      }
    }, 300_000);
  }

  it('refuses an embed token every field its widget kinds do not read, one at a time', async () => {
    for (const widget of Object.values(WidgetKind)) {
      const caller = callers.find((c) => c.name === `EMBED ${widget} (team)`)!;
      const allowed = allowance.get(widget)!;
      const walk = (extra?: string) =>
        walkDocuments({ schema, values: caller.values, selects: (c) => allowed.has(c) || c === extra, maxDepth: 5 }, (typeName) =>
          idsOf(caller, typeName),
        ).documents;
      const baseline = new Set(walk().map((d) => d.document));
      // Every other field of the types the widget reads, Query's included, added alone to the widget's own walk.
      const types = new Set([...allowed].map((c) => c.split('.')[0]));
      const probes = [...types].flatMap((typeName) =>
        Object.keys((schema.getType(typeName) as GraphQLObjectType).getFields())
          .map((field) => `${typeName}.${field}`)
          .filter((c) => !allowed.has(c)),
      );
      let tried = 0;
      for (const probe of probes) {
        const document = walk(probe).find((d) => !baseline.has(d.document));
        if (!document) continue;
        tried += 1;
        const answer = await post(caller, document.document);
        expect(answer.errors?.[0]?.extensions?.code, `${widget} asking ${probe}`).toBe('FORBIDDEN');
        expect(answer.data ?? null, `${widget} asking ${probe}`).toBeNull();
      }
      expect(tried, `${widget}: fields probed`).toBeGreaterThan(30);
    }
  }, 300_000);
});

/** Every value of these keys anywhere in an answer. */
function valuesOf(data: unknown, keys: string[]): unknown[] {
  if (Array.isArray(data)) return data.flatMap((item) => valuesOf(item, keys));
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data).flatMap(([key, value]) => [
    ...(keys.includes(key) && value !== null ? [value] : []),
    ...valuesOf(value, keys),
  ]);
}

describe('the paths that once leaked staff records', () => {
  const PATHS = {
    'customers → owner → team → members(includeArchived: true)': `{ customers(first: 50) { nodes { owner { id team { id members(includeArchived: true) { id email capability hireDate territory { potential } } } } } } }`,
    'strategies → owner → managedTeams → members': `{ strategies(first: 20) { nodes { owner { id managedTeams { id members { id email capability hireDate } } } } } }`,
    'team → members → transfers → fromTeam → members': `query($t: ID!) { team(id: $t) { members { id transfers { fromTeam { id members { id email capability hireDate } } } } } }`,
  };
  const STAFF_FIELDS = ['email', 'capability', 'hireDate', 'potential'];

  for (const [name, document] of Object.entries(PATHS)) {
    it(`${name}: a rep reads no other member's staff record`, async () => {
      const rep = callers.find((c) => c.name === 'REP')!;
      const answer = await post(rep, document, { t: rep.values.teamId });
      expect(answer.errors?.map((e) => e.extensions?.code) ?? []).toContain('FORBIDDEN');
      const members = valuesOf(answer.data, ['members']).flat() as { id: string; email?: string }[];
      expect(members.filter((m) => m.email !== undefined && Number(m.id) !== rep.self)).toEqual([]);
      expect(
        checkAnswer(
          schema,
          answer.data,
          (typeName, object) => expectationFor(rep, typeName, object),
          () => {},
        ),
      ).toEqual([]);
    });

    it(`${name}: an embed token is refused before anything is read`, async () => {
      const card = callers.find((c) => c.name === 'EMBED TEAM_CARD (team)')!;
      const answer = await post(card, document, { t: card.values.teamId });
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(valuesOf(answer.data ?? null, STAFF_FIELDS)).toEqual([]);
    });
  }
});
