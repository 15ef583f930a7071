import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AccessRole } from '../access/viewer.js';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { QuotaChangeSource } from './enums.js';
import { Quota } from './quota.entity.js';

@ObjectType({ description: 'One change of a quota: who changed it, when, from what to what.' })
@Entity({ tableName: 'quota_change' })
export class QuotaChange {
  [OptionalProps]?: 'changedAt' | 'changedBy' | 'oldTarget' | 'note';

  @Field(() => ID, { description: 'Change id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Quota, { index: 'quota_change_quota_id_index', deleteRule: 'cascade' })
  quota!: Rel<Quota>;

  @Field(() => DateTimeScalar, { description: 'When the change was made.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  changedAt: Date = new Date();

  /** The member who made the change; null for service accounts (an ADMIN or ANALYST without a member). */
  @ManyToOne(() => Member, { nullable: true, index: 'quota_change_changed_by_id_index' })
  changedBy: Rel<Member> | null = null;

  /** Kept as plain text (no check constraint), so that new access roles need no migration here. */
  @Field(() => AccessRole, { description: 'Access role of whoever made the change.' })
  @Property({ type: 'string', length: 20 })
  changedByRole!: AccessRole;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Target before the change, written as Quota.target (a count without decimals); null when the change created the quota.',
  })
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  oldTarget: string | null = null;

  @Field(() => DecimalScalar, { description: 'Target after the change, written as Quota.target (a count without decimals).' })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  newTarget!: string;

  @Field(() => Int, { description: 'Version of the quota after this change.' })
  @Property({ type: 'integer' })
  version!: number;

  @Field(() => QuotaChangeSource, { description: 'Whether the quota was set directly or by an allocation.' })
  @Enum({ items: () => QuotaChangeSource, type: 'string' })
  source!: QuotaChangeSource;

  @Field(() => String, { nullable: true, description: 'Why the quota changed, as given by whoever changed it.' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
