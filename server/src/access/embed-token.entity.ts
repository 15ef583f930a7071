import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Every embed token this server signed, so that one can be revoked before it expires (by id, by team
 * subtree, or all of one issuer) and so that a token whose issuer left, or whose team was archived, stops
 * working at once: the access scope of each embed request reads its row (access/policy.ts).
 */
@Entity({ tableName: 'embed_token' })
@Index({ name: 'embed_token_expires_at_index', properties: ['expiresAt'] })
export class EmbedTokenRecord {
  /** The token's `jti`. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'integer', nullable: true, index: 'embed_token_team_id_index' })
  teamId: number | null = null;

  @Property({ type: 'integer', nullable: true, index: 'embed_token_member_id_index' })
  memberId: number | null = null;

  @Property({ type: 'text[]' })
  widgets!: string[];

  @Property({ type: 'text', nullable: true })
  origin: string | null = null;

  /** Who asked for it (the identity token's subject, or the service key). */
  @Property({ type: 'text', index: 'embed_token_issuer_index' })
  issuer!: string;

  /** The issuing member, when a member issued it: the token lives as long as their right to issue it. */
  @Property({ type: 'integer', nullable: true })
  issuerMemberId: number | null = null;

  @Property({ type: 'text' })
  issuerRole!: string;

  @Property({ type: 'datetime' })
  issuedAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  revokedBy: string | null = null;
}
