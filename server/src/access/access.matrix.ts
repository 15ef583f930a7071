import { ADMIN_ONLY, EVERYONE, TEAM_MANAGERS, type MatrixRow } from '../testing/access-matrix.js';

/** Authorization matrix rows of access control: who is calling, embed tokens. */
export const rows: MatrixRow[] = [
  { operation: 'viewer', target: 'none', document: `{ viewer { role memberId readOnly } }`, allowed: EVERYONE },
  {
    operation: 'createEmbedToken',
    target: 'team',
    document: `mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { expiresAt } }`,
    variables: (t) => ({ i: { teamId: t.teamId, widgets: ['FUNNEL', 'TEAM_CARD'] } }),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'createEmbedToken',
    target: 'member',
    document: `mutation($i: CreateEmbedTokenInput!) { createEmbedToken(input: $i) { expiresAt } }`,
    variables: (t) => ({ i: { memberId: t.memberId, widgets: ['QUOTA_GAUGE'], ttlSeconds: 60 } }),
    allowed: TEAM_MANAGERS,
  },
  {
    // A token of the target team, minted for the case, revoked by its id.
    operation: 'revokeEmbedTokens',
    target: 'team',
    document: `mutation($i: RevokeEmbedTokensInput!) { revokeEmbedTokens(input: $i) { revokedCount } }`,
    variables: async (t, h) => {
      const minted = await h.admin<{ createEmbedToken: { id: string } }>(
        `mutation($t: ID) { createEmbedToken(input: { teamId: $t, widgets: [FUNNEL] }) { id } }`,
        { t: t.teamId },
      );
      return { i: { tokenId: minted.createEmbedToken.id } };
    },
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'revokeEmbedTokens',
    target: 'none',
    document: `mutation { revokeEmbedTokens(input: { issuer: "someone-else" }) { revokedCount } }`,
    allowed: ADMIN_ONLY,
  },
];
