import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { DomainError } from '../errors.js';
import { expectGraphQLError, startTestServer, type TestServer } from '../testing/server.js';
import { signHs256, tokenFor } from '../testing/tokens.js';
import { IdentityTokens } from './authenticate.js';
import { EMBED_AUDIENCE, EMBED_ISSUER } from './embed-tokens.js';

const BASE = { AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'sales-graph' };

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('UNAUTHENTICATED');
  return error as DomainError;
}

describe('configuration', () => {
  it('refuses to start in production without authentication, and demo mode off the loopback interface', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/production needs authentication/);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/demo mode/);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_JWT_SECRET: 'x'.repeat(32), ...BASE }).host).toBe('0.0.0.0');
    expect(loadConfig({}).auth).toBeUndefined();
  });

  it('refuses incomplete or contradictory authentication settings', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'short', ...BASE })).toThrow(/at least 32 bytes/);
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32) })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE/);
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_JWKS_URL: 'https://idp.example/jwks', ...BASE })).toThrow(/only one/);
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_ALGORITHMS: 'RS256', ...BASE })).toThrow(/needs a public key/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ALGORITHMS: 'HS256', ...BASE })).toThrow(
      /needs AUTH_JWT_SECRET/,
    );
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ALGORITHMS: 'none', ...BASE })).toThrow(/refused algorithm/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'http://idp.example/jwks', ...BASE })).toThrow(/https/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://intranet.example/path' })).toThrow(/without a path/);
    expect(loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', ...BASE }).auth?.algorithms).toEqual(['RS256', 'ES256']);
    expect(loadConfig({ MAX_PAGE_SIZE: '50', MAX_QUERY_DEPTH: '8' }).limits).toMatchObject({
      maxPageSize: 50,
      maxDepth: 8,
      maxCost: 5000,
      maxAliases: 15,
    });
  });
});

describe('identity tokens of the identity provider', () => {
  const claims = { role: 'MANAGER', member_id: '7' };

  it('verifies RS256 tokens against a PEM public key, and refuses the HMAC-with-public-key confusion', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const identity = new IdentityTokens(
      loadConfig({ AUTH_PUBLIC_KEY: pem.replace(/\n/g, '\\n'), AUTH_ALGORITHMS: 'RS256', ...BASE }).auth!,
    );
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(BASE.AUTH_ISSUER)
      .setAudience(BASE.AUTH_AUDIENCE)
      .setSubject('u7')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await identity.verify(token)).toEqual({ role: 'MANAGER', memberId: 7, subject: 'u7' });
    const confused = signHs256(
      { ...claims, iss: BASE.AUTH_ISSUER, aud: BASE.AUTH_AUDIENCE, sub: 'u7', exp: Math.floor(Date.now() / 1000) + 60 },
      pem,
    );
    expect((await refusal(identity.verify(confused))).details.rule).toBe('token-algorithm');
    const tampered = token.replace(
      /\.([^.]+)\./,
      (_, payload: string) =>
        `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'ADMIN' })).toString('base64url')}.`,
    );
    expect((await refusal(identity.verify(tampered))).details.rule).toBe('token-signature');
  });

  describe('with a JWKS URL', () => {
    let jwks: Server;
    let url: string;
    let sign: (payload: Record<string, unknown>, kid?: string, audience?: string) => Promise<string>;
    beforeAll(async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
      sign = (payload, kid = 'k1', audience = BASE.AUTH_AUDIENCE) =>
        new SignJWT(payload)
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer(BASE.AUTH_ISSUER)
          .setAudience(audience)
          .setSubject('svc')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
    });
    afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

    it('verifies ES256 tokens with the published keys and refuses unknown key ids and wrong audiences', async () => {
      const identity = new IdentityTokens(loadConfig({ AUTH_JWKS_URL: url, ...BASE }).auth!);
      expect(await identity.verify(await sign({ role: 'ANALYST' }))).toEqual({ role: 'ANALYST', memberId: null, subject: 'svc' });
      expect((await refusal(identity.verify(await sign({ role: 'ANALYST' }, 'k2')))).details.rule).toBe('token-key');
      expect((await refusal(identity.verify(await sign({ role: 'ANALYST' }, 'k1', 'other')))).details.rule).toBe('token-audience');
      expect((await refusal(identity.verify(await sign({ role: 'REP' })))).details.rule).toBe('token-member');
    });
  });
});

describe('demo mode', () => {
  let demo: TestServer;
  beforeAll(async () => {
    demo = await startTestServer({ auth: false, seed: true });
  });
  afterAll(() => demo?.close());

  it('takes the caller from X-Viewer (an ADMIN without it) and refuses identity tokens', async () => {
    expect((await demo.clientWithHeaders({}).request<{ viewer: { role: string } }>(`{ viewer { role } }`)).viewer.role).toBe('ADMIN');
    expect(
      (await demo.client('ANALYST').request<{ viewer: { role: string; readOnly: boolean } }>(`{ viewer { role readOnly } }`)).viewer,
    ).toEqual({ role: 'ANALYST', readOnly: true });
    const malformed = await expectGraphQLError(
      demo.clientWithHeaders({ 'x-viewer': 'KING' }).request(`{ viewer { role } }`),
      'UNAUTHENTICATED',
    );
    expect(malformed.message).toMatch(/X-Viewer/);
    const identity = await expectGraphQLError(
      demo.clientWithHeaders({ authorization: `Bearer ${tokenFor('ADMIN')}` }).request(`{ viewer { role } }`),
      'UNAUTHENTICATED',
    );
    expect(identity.extensions?.rule).toBe('token-issuer');
  });

  it('still issues and honours embed tokens', async () => {
    const { teams } = await demo
      .client()
      .request<{ teams: { nodes: { id: string }[] } }>(`{ teams(first: 1, filter: { rootsOnly: true }) { nodes { id } } }`);
    const { createEmbedToken } = await demo
      .client()
      .request<{ createEmbedToken: { token: string } }>(
        `mutation($t: ID) { createEmbedToken(input: { teamId: $t, widgets: [TEAM_CARD] }) { token } }`,
        { t: teams.nodes[0].id },
      );
    const widget = demo.clientWithHeaders({ authorization: `Bearer ${createEmbedToken.token}`, origin: 'http://localhost:5173' });
    expect((await widget.request<{ viewer: { role: string } }>(`{ viewer { role } }`)).viewer.role).toBe('EMBED');
  });
});

describe('embed tokens', () => {
  const SECRET = 'embed-secret-for-tests-0123456789abcdef';
  let server: TestServer;
  let ids: {
    national: string;
    regions: string;
    moscow: string;
    products: string;
    regionsManager: string;
    moscowRep: string;
    productsRep: string;
  };
  beforeAll(async () => {
    server = await startTestServer({
      seed: true,
      env: {
        EMBED_TOKEN_SECRET: SECRET,
        EMBED_SERVICE_KEY: 'service-key-of-the-intranet-backend-0001',
        CORS_ORIGINS: 'https://intranet.example',
      },
    });
    const { teams } = await server
      .client()
      .request<{ teams: { nodes: { id: string; name: string; manager: { id: string }; members: { id: string; role: string }[] }[] } }>(
        `{ teams(first: 50) { nodes { id name manager { id } members { id role } } } }`,
      );
    const byName = (name: string) => teams.nodes.find((t) => t.name === name)!;
    ids = {
      national: byName('Национальный отдел продаж').id,
      regions: byName('Региональные продажи').id,
      moscow: byName('Москва и Центр').id,
      products: byName('Продуктовые продажи').id,
      regionsManager: byName('Региональные продажи').manager.id,
      moscowRep: byName('Москва и Центр').members.find((m) => m.role === 'REP')!.id,
      productsRep: byName('Облачные сервисы').members.find((m) => m.role === 'REP')!.id,
    };
  });
  afterAll(() => server?.close());

  const MINT = `mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { token expiresAt scope { teamId memberId widgets origin } } }`;
  const mint = (viewer: string, input: Record<string, unknown>) =>
    server.client(viewer).request<{ createEmbedToken: { token: string; expiresAt: string } }>(MINT, { i: input });
  const widget = (token: string, origin?: string) =>
    server.clientWithHeaders({ authorization: `Bearer ${token}`, ...(origin ? { origin } : {}) });

  it('lets a manager embed the subtree they lead: it reads that subtree only, for ten minutes at most', async () => {
    const { createEmbedToken } = await mint(`MANAGER:${ids.regionsManager}`, {
      teamId: ids.regions,
      widgets: ['TEAM_CARD', 'QUOTA_GAUGE'],
    });
    const lifetime = new Date(createEmbedToken.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(590_000);
    expect(lifetime).toBeLessThanOrEqual(600_000);
    const client = widget(createEmbedToken.token);
    const { viewer } = await client.request<{ viewer: { role: string; readOnly: boolean; embed: { teamId: string; widgets: string[] } } }>(
      `{ viewer { role readOnly embed { teamId widgets } } }`,
    );
    expect(viewer).toEqual({ role: 'EMBED', readOnly: true, embed: { teamId: ids.regions, widgets: ['TEAM_CARD', 'QUOTA_GAUGE'] } });
    await client.request(`query($id: ID!) { team(id: $id) { name } }`, { id: ids.moscow });
    await expectGraphQLError(client.request(`query($id: ID!) { team(id: $id) { name } }`, { id: ids.products }), 'FORBIDDEN');
    await client.request(`query($id: ID!) { member(id: $id) { fullName } }`, { id: ids.moscowRep });
    await expectGraphQLError(client.request(`query($id: ID!) { member(id: $id) { fullName } }`, { id: ids.productsRep }), 'FORBIDDEN');
    await expectGraphQLError(client.request(`query($id: ID!) { team(id: $id) { name } }`, { id: ids.national }), 'FORBIDDEN');
  });

  it("reads only the fields its widget kinds' operations select", async () => {
    const card = (await mint('ADMIN', { teamId: ids.regions, widgets: ['TEAM_CARD'] })).createEmbedToken.token;
    const gauge = (await mint('ADMIN', { memberId: ids.moscowRep, widgets: ['QUOTA_GAUGE'] })).createEmbedToken.token;
    const funnel = (await mint('ADMIN', { teamId: ids.regions, widgets: ['FUNNEL'] })).createEmbedToken.token;
    const refused = await expectGraphQLError(widget(card).request(`{ objectives { code } }`), 'FORBIDDEN');
    expect(refused.message).toMatch(/TEAM_CARD may not read Query\.objectives/);
    const card$ = `query($id: ID!) { team(id: $id) { name members { fullName } } }`;
    expect((await widget(card).request<{ team: { members: unknown[] } }>(card$, { id: ids.moscow })).team.members.length).toBeGreaterThan(
      0,
    );
    const staff = await expectGraphQLError(
      widget(card).request(`query($id: ID!) { team(id: $id) { members { email hireDate } } }`, { id: ids.moscow }),
      'FORBIDDEN',
    );
    expect(staff.message).toMatch(/Member\.email, Member\.hireDate/);
    // A token minted for the funnel alone does not render the team card or the gauge.
    await expectGraphQLError(widget(funnel).request(card$, { id: ids.moscow }), 'FORBIDDEN');
    await expectGraphQLError(
      widget(funnel).request(`query($id: ID!) { member(id: $id) { fullName } }`, { id: ids.moscowRep }),
      'FORBIDDEN',
    );
    await expectGraphQLError(widget(gauge).request(`{ objectives { code } }`), 'FORBIDDEN');
    const { viewer } = await widget(gauge).request<{ viewer: { memberId: string } }>(`{ viewer { memberId } }`);
    expect(viewer).toEqual({ memberId: ids.moscowRep });
    await expectGraphQLError(widget(gauge).request(`{ viewer { member { email } } }`), 'FORBIDDEN');
  });

  it('is bound to the origin it was issued for', async () => {
    const { createEmbedToken } = await mint('ADMIN', { teamId: ids.moscow, widgets: ['FUNNEL'], origin: 'https://intranet.example' });
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${createEmbedToken.token}`,
        origin: 'https://intranet.example',
      },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://intranet.example');
    const preflight = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://intranet.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const without = await expectGraphQLError(widget(createEmbedToken.token).request(`{ viewer { role } }`), 'UNAUTHENTICATED');
    expect(without.extensions?.rule).toBe('token-origin');
  });

  it('refuses expired, wrongly addressed, tampered and never issued embed tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: EMBED_ISSUER,
      aud: EMBED_AUDIENCE,
      sub: `team:${ids.regions}`,
      team: ids.regions,
      widgets: ['FUNNEL'],
      jti: 'j1',
      iat: now - 900,
      exp: now - 300,
    };
    const header = { alg: 'HS256', typ: 'embed+jwt' };
    const rule = async (token: string) =>
      (await expectGraphQLError(widget(token).request(`{ viewer { role } }`), 'UNAUTHENTICATED')).extensions?.rule;
    expect(await rule(signHs256(claims, SECRET, header))).toBe('token-expired');
    expect(await rule(signHs256({ ...claims, iat: now, exp: now + 60, aud: 'elsewhere' }, SECRET, header))).toBe('token-audience');
    expect(await rule(signHs256({ ...claims, iat: now, exp: now + 60 }, SECRET, { alg: 'HS256', typ: 'JWT' }))).toBe('token-type');
    expect(await rule(signHs256({ ...claims, iat: now, exp: now + 7200 }, SECRET, header))).toBe('token-lifetime'); // longer than any token this server issues
    expect(await rule(signHs256({ ...claims, iat: now, exp: now + 60, widgets: ['ADMIN_PANEL'] }, SECRET, header))).toBe('token-claims');
    expect(
      await rule(
        `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'embed+jwt' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: now + 60 })).toString('base64url')}.`,
      ),
    ).toBe('token-algorithm');
    // Well signed, but never issued (not in the token registry).
    expect(await rule(signHs256({ ...claims, iat: now, exp: now + 60, jti: '11111111-2222-4333-8444-555555555555' }, SECRET, header))).toBe(
      'token-unknown',
    );
  });

  it('is for managers of the subtree and admins only, with checked input', async () => {
    await expectGraphQLError(mint(`MANAGER:${ids.regionsManager}`, { teamId: ids.products, widgets: ['FUNNEL'] }), 'FORBIDDEN');
    await expectGraphQLError(mint(`REP:${ids.moscowRep}`, { memberId: ids.moscowRep, widgets: ['QUOTA_GAUGE'] }), 'FORBIDDEN');
    await expectGraphQLError(mint('ANALYST', { teamId: ids.moscow, widgets: ['FUNNEL'] }), 'FORBIDDEN');
    await expectGraphQLError(
      mint('ADMIN', { teamId: ids.moscow, memberId: ids.moscowRep, widgets: ['FUNNEL'] }),
      'BAD_USER_INPUT',
      'teamId',
    );
    await expectGraphQLError(mint('ADMIN', { teamId: ids.moscow, widgets: [] }), 'BAD_USER_INPUT', 'widgets');
    await expectGraphQLError(mint('ADMIN', { teamId: ids.moscow, widgets: ['FUNNEL'], ttlSeconds: 3600 }), 'BAD_USER_INPUT', 'ttlSeconds');
    await expectGraphQLError(
      mint('ADMIN', { teamId: ids.moscow, widgets: ['FUNNEL'], origin: 'https://evil.example' }),
      'BAD_USER_INPUT',
      'origin',
    );
    await expectGraphQLError(
      mint('ADMIN', { teamId: ids.moscow, widgets: ['FUNNEL'], origin: 'https://intranet.example/page' }),
      'BAD_USER_INPUT',
      'origin',
    );
    await expectGraphQLError(mint('ADMIN', { teamId: '999999', widgets: ['FUNNEL'] }), 'NOT_FOUND', 'teamId');
  });

  it('are revoked at once, by id, by team subtree or by issuer, and stop with their team, member or issuer', async () => {
    const manager = `MANAGER:${ids.regionsManager}`;
    const minted = async (viewer: string, input: Record<string, unknown>) =>
      (
        await server
          .client(viewer)
          .request<{ createEmbedToken: { id: string; token: string } }>(
            `mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { id token } }`,
            { i: input },
          )
      ).createEmbedToken;
    const revoke = async (viewer: string, input: Record<string, unknown>) =>
      (
        await server
          .client(viewer)
          .request<{ revokeEmbedTokens: { revokedCount: number } }>(
            `mutation($i: RevokeEmbedTokensInput!) { revokeEmbedTokens(input: $i) { revokedCount } }`,
            { i: input },
          )
      ).revokeEmbedTokens.revokedCount;
    const works = (token: string) => widget(token).request(`{ viewer { role } }`);
    const refusedFor = async (token: string) => (await expectGraphQLError(works(token), 'UNAUTHENTICATED')).extensions?.rule;

    const one = await minted(manager, { teamId: ids.moscow, widgets: ['FUNNEL'] });
    await works(one.token);
    expect(await revoke(manager, { tokenId: one.id })).toBe(1);
    expect(await refusedFor(one.token)).toBe('token-revoked');
    expect(await revoke(manager, { tokenId: one.id })).toBe(0);

    const ofTeam = await minted('ADMIN', { teamId: ids.moscow, widgets: ['FUNNEL'] });
    const ofMember = await minted('ADMIN', { memberId: ids.moscowRep, widgets: ['QUOTA_GAUGE'] });
    const elsewhere = await minted('ADMIN', { teamId: ids.products, widgets: ['FUNNEL'] });
    expect(await revoke(manager, { teamId: ids.regions })).toBeGreaterThanOrEqual(2); // with the tokens of the tests before
    expect(await refusedFor(ofTeam.token)).toBe('token-revoked');
    expect(await refusedFor(ofMember.token)).toBe('token-revoked');
    await works(elsewhere.token);
    await expectGraphQLError(revoke(manager, { teamId: ids.products }), 'FORBIDDEN');

    const mine = [
      await minted(manager, { teamId: ids.moscow, widgets: ['FUNNEL'] }),
      await minted(manager, { memberId: ids.moscowRep, widgets: ['QUOTA_GAUGE'] }),
    ];
    await expectGraphQLError(revoke(manager, { issuer: 'service-admin' }), 'FORBIDDEN');
    expect(await revoke(manager, { issuer: `member-${ids.regionsManager}` })).toBeGreaterThanOrEqual(2);
    for (const token of mine) expect(await refusedFor(token.token)).toBe('token-revoked');
    await works(elsewhere.token);

    // The manager who issued it no longer leads the team: their tokens stop; appointed again, they work again.
    const issued = await minted(manager, { teamId: ids.moscow, widgets: ['FUNNEL'] });
    await server.client().request(`mutation($t: ID!) { setTeamManager(teamId: $t, managerId: null) { id } }`, { t: ids.regions });
    expect(await refusedFor(issued.token)).toBe('token-issuer-gone');
    await server
      .client()
      .request(`mutation($t: ID!, $m: ID) { setTeamManager(teamId: $t, managerId: $m) { id } }`, { t: ids.regions, m: ids.regionsManager });
    await works(issued.token);

    // An archived team's tokens and an archived member's tokens stop.
    const { createTeam } = await server
      .client()
      .request<{ createTeam: { id: string } }>(
        `mutation($p: ID) { createTeam(input: { name: "Временная", kind: GEOGRAPHIC, parentId: $p }) { id } }`,
        { p: ids.regions },
      );
    const { createMember } = await server
      .client()
      .request<{ createMember: { id: string } }>(
        `mutation($t: ID!) { createMember(input: { fullName: "Временный Сотрудник", email: "temp.revoke@example.ru", role: REP, teamId: $t, hireDate: "2024-01-10" }) { id } }`,
        { t: ids.moscow },
      );
    const ofTemporaryTeam = await minted('ADMIN', { teamId: createTeam.id, widgets: ['FUNNEL'] });
    const ofTemporaryMember = await minted('ADMIN', { memberId: createMember.id, widgets: ['QUOTA_GAUGE'] });
    await server.client().request(`mutation($id: ID!) { archiveTeam(id: $id) { id } }`, { id: createTeam.id });
    await server.client().request(`mutation($id: ID!) { archiveMember(id: $id) { id } }`, { id: createMember.id });
    expect(await refusedFor(ofTemporaryTeam.token)).toBe('token-team-archived');
    expect(await refusedFor(ofTemporaryMember.token)).toBe('token-member-archived');

    await expectGraphQLError(revoke(manager, { tokenId: one.id, teamId: ids.moscow }), 'BAD_USER_INPUT', 'tokenId');
    await expectGraphQLError(revoke(manager, { tokenId: 'not-a-token' }), 'BAD_USER_INPUT', 'tokenId');
    await expectGraphQLError(revoke(manager, { tokenId: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND', 'tokenId');
    await expectGraphQLError(revoke(`REP:${ids.moscowRep}`, { teamId: ids.moscow }), 'FORBIDDEN');
    await expectGraphQLError(revoke('ANALYST', { teamId: ids.moscow }), 'FORBIDDEN');
  });

  it('are minted by an intranet backend at POST /auth/embed-tokens, with a service key or a bearer token', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${server.url}/auth/embed-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const byService = await post(
      { 'x-service-key': 'service-key-of-the-intranet-backend-0001' },
      { teamId: ids.moscow, widgets: ['FUNNEL'], ttlSeconds: 120 },
    );
    expect(byService.status).toBe(201);
    const minted = (await byService.json()) as { token: string; expiresAt: string; scope: { teamId: string } };
    expect(minted.scope.teamId).toBe(ids.moscow);
    expect(
      (await widget(minted.token).request<{ viewer: { embed: { teamId: string } } }>(`{ viewer { embed { teamId } } }`)).viewer.embed
        .teamId,
    ).toBe(ids.moscow);
    expect(
      (await post({ 'x-service-key': 'wrong-key-wrong-key-wrong-key-wrong-key' }, { teamId: ids.moscow, widgets: ['FUNNEL'] })).status,
    ).toBe(401);
    expect(
      (await post({ authorization: server.bearer(`MANAGER:${ids.regionsManager}`) }, { teamId: ids.moscow, widgets: ['FUNNEL'] })).status,
    ).toBe(201);
    const foreign = await post(
      { authorization: server.bearer(`MANAGER:${ids.regionsManager}`) },
      { teamId: ids.products, widgets: ['FUNNEL'] },
    );
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await post({}, { teamId: ids.moscow, widgets: ['FUNNEL'] })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${minted.token}` }, { teamId: ids.moscow, widgets: ['FUNNEL'] })).status).toBe(403);
    expect((await fetch(`${server.url}/auth/embed-tokens`)).status).toBe(405);
    const { auditLog } = await server
      .client()
      .request<{ auditLog: { nodes: { actorSubject: string; outcome: string; changes: { entity: string }[] }[] } }>(
        `{ auditLog(first: 10, filter: { operation: "POST /auth/embed-tokens" }) { nodes { actorSubject outcome changes { entity } } } }`,
      );
    expect(auditLog.nodes.map((n) => n.outcome)).toEqual(expect.arrayContaining(['OK', 'FORBIDDEN', 'UNAUTHENTICATED']));
    expect(auditLog.nodes.find((n) => n.actorSubject === 'service-key' && n.outcome === 'OK')?.changes).toEqual([{ entity: 'EmbedToken' }]);
  });
});

describe('audit log', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server?.close());

  interface Entry {
    operation: string;
    outcome: string;
    actorRole: string;
    actorMemberId: string | null;
    arguments: Record<string, unknown>;
    error: string | null;
    changes: {
      entity: string;
      entityId: string;
      kind: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];
  }
  const LOG = `query($f: AuditLogFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { operation outcome actorRole actorMemberId arguments error changes { entity entityId kind before after } } } }`;
  const log = (filter: Record<string, unknown>, first = 20, after?: string) =>
    server
      .client()
      .request<{ auditLog: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Entry[] } }>(LOG, {
        f: filter,
        first,
        after,
      });

  it('records who changed what, with the values before and after, in the same transaction', async () => {
    const admin = server.client();
    const { createTerritory } = await admin.request<{ createTerritory: { id: string } }>(
      `mutation { createTerritory(input: { name: "Аудит", kind: REGION, potential: "10.00", marketSize: "20.00" }) { id } }`,
    );
    await admin.request(`mutation($id: ID!) { updateTerritory(id: $id, input: { potential: "15.50" }) { id } }`, {
      id: createTerritory.id,
    });
    const { auditLog } = await log({ entity: 'Territory', entityId: createTerritory.id });
    expect(auditLog.nodes.map((n) => n.operation)).toEqual(['updateTerritory', 'createTerritory']);
    expect(auditLog.nodes[0]).toMatchObject({
      outcome: 'OK',
      actorRole: 'ADMIN',
      arguments: { id: createTerritory.id, input: { potential: '15.50' } },
    });
    expect(auditLog.nodes[0].changes).toEqual([
      { entity: 'Territory', entityId: createTerritory.id, kind: 'UPDATE', before: { potential: '10.00' }, after: { potential: '15.50' } },
    ]);
    expect(auditLog.nodes[1].changes[0]).toMatchObject({ kind: 'CREATE', before: null, after: { name: 'Аудит', potential: '10.00' } });

    // No change without its entry: when the entry cannot be written, the mutation rolls back.
    const connection = server.app.orm.em.getConnection();
    await connection.execute('alter table audit_entry rename to audit_entry_away');
    try {
      await expectGraphQLError(
        admin.request(`mutation { createTerritory(input: { name: "Без аудита", kind: REGION, potential: "1", marketSize: "1" }) { id } }`),
        'INTERNAL_SERVER_ERROR',
      );
    } finally {
      await connection.execute('alter table audit_entry_away rename to audit_entry');
    }
    const { territories } = await admin.request<{ territories: { totalCount: number } }>(
      `{ territories(filter: { text: "Без аудита" }) { totalCount } }`,
    );
    expect(territories.totalCount).toBe(0);
  });

  it('records refusals and rollbacks with their code, and read-only callers refused before running', async () => {
    const { members } = await server
      .client()
      .request<{ members: { nodes: { id: string }[] } }>(`{ members(first: 1, filter: { role: REP }) { nodes { id } } }`);
    const rep = members.nodes[0].id;
    await expectGraphQLError(
      server
        .client(`REP:${rep}`)
        .request(
          `mutation { createTerritory(input: { name: "Нет", kind: REGION, potential: "1", marketSize: "1", description: "password=hunter2" }) { id } }`,
        ),
      'FORBIDDEN',
    );
    await expectGraphQLError(server.client('ANALYST').request(`mutation($t: ID!) { archiveTeam(id: $t) { id } }`, { t: '1' }), 'FORBIDDEN');
    await expectGraphQLError(
      server.client().request(`mutation { createTeam(input: { name: "   ", kind: GEOGRAPHIC }) { id } }`),
      'BAD_USER_INPUT',
    );
    const refused = await log({ outcome: 'FORBIDDEN' });
    expect(refused.auditLog.nodes.map((n) => [n.operation, n.actorRole])).toEqual([
      ['archiveTeam', 'ANALYST'],
      ['createTerritory', 'REP'],
    ]);
    expect(refused.auditLog.nodes[1]).toMatchObject({ actorMemberId: rep, changes: [] });
    // Refused before running, each with its own arguments, literals and variables alike.
    expect(refused.auditLog.nodes[0].arguments).toEqual({ id: '1' });
    expect(refused.auditLog.nodes[1].arguments).toMatchObject({ input: { name: 'Нет', kind: 'REGION' } });
    expect(refused.auditLog.nodes[1].error).toMatch(/only an ADMIN/);
    const invalid = await log({ outcome: 'BAD_USER_INPUT', operation: 'createTeam' });
    expect(invalid.auditLog.nodes[0]).toMatchObject({ changes: [], error: 'name: must not be empty' });
    const byRep = await log({ actorMemberId: rep });
    expect(byRep.auditLog.totalCount).toBe(1);
  });

  it('pages newest first, and is for admins only', async () => {
    const first = await log({}, 2);
    expect(first.auditLog.pageInfo.hasNextPage).toBe(true);
    const next = await log({}, 2, first.auditLog.pageInfo.endCursor);
    expect(next.auditLog.nodes).toHaveLength(Math.min(2, first.auditLog.totalCount - 2));
    expect(next.auditLog.nodes[0]).not.toEqual(first.auditLog.nodes[0]);
    await expectGraphQLError(server.client('ANALYST').request(`{ auditLog { totalCount } }`), 'FORBIDDEN');
    await expectGraphQLError(log({}, 2, 'bm90LWEtY3Vyc29y'), 'BAD_USER_INPUT', 'after');
  });
});

describe('configurable limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, env: { MAX_PAGE_SIZE: '5', MAX_QUERY_COST: '40', MAX_QUERY_DEPTH: '4' } });
  });
  afterAll(() => server?.close());

  it('applies the configured page size, cost and depth', async () => {
    expect(
      (await server.client().request<{ teams: { nodes: unknown[] } }>(`{ teams(first: 5) { nodes { id } } }`)).teams.nodes,
    ).toHaveLength(5);
    await expectGraphQLError(server.client().request(`{ teams(first: 6) { nodes { id } } }`), 'BAD_USER_INPUT', 'first');
    await expectGraphQLError(
      server.client().request(`{ teams(first: 5) { nodes { id name members { fullName email } } } }`),
      'QUERY_TOO_COMPLEX',
    );
    await expectGraphQLError(server.client().request(`{ teams(first: 1) { nodes { parent { parent { id } } } } }`), 'QUERY_TOO_DEEP');
  });
});
