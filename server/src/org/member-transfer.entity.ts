import { Entity, OptionalProps, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Member } from './member.entity.js';
import { Team } from './team.entity.js';

@ObjectType({ description: 'A move of a member from one team to another; kept so that history survives reorganisations.' })
@Entity({ tableName: 'member_transfer' })
export class MemberTransfer {
  [OptionalProps]?: 'movedAt' | 'movedById';

  @Field(() => ID, { description: 'Transfer id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { index: 'member_transfer_member_id_index' })
  member!: Rel<Member>;

  @ManyToOne(() => Team)
  fromTeam!: Rel<Team>;

  @ManyToOne(() => Team)
  toTeam!: Rel<Team>;

  @Field(() => DateTimeScalar, { description: 'When the move took effect.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  movedAt: Date = new Date();

  /** Member who made the change, when the caller is a member. */
  @Property({ type: 'integer', nullable: true })
  movedById: number | null = null;
}
