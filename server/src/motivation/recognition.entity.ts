import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Deal } from '../pipeline/deal.entity.js';

/** A recognition is public to the member's team (it is part of the team card). */
@ObjectType({ description: 'A recognition (признание) given to a member for a result by a manager or a peer, with an optional reward.' })
@Entity({ tableName: 'recognition' })
@Index({ name: 'recognition_member_given_index', properties: ['member', 'givenAt'] })
export class Recognition {
  [OptionalProps]?: 'givenAt' | 'reward' | 'deal' | 'givenBy';

  @Field(() => ID, { description: 'Recognition id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Member, { deleteRule: 'cascade' })
  member!: Rel<Member>;

  /** Null when given by a service account. */
  @ManyToOne(() => Member, { nullable: true, deleteRule: 'set null' })
  givenBy: Rel<Member> | null = null;

  @Field(() => String, { description: 'The result recognised, e.g. "Закрыл крупнейшую сделку квартала".' })
  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The reward that comes with it, e.g. "Премия 20 000 ₽" or "Дополнительный выходной"; only managers and admins give rewards.',
  })
  @Property({ type: 'string', length: 300, nullable: true })
  reward: string | null = null;

  @ManyToOne(() => Deal, { nullable: true, deleteRule: 'set null' })
  deal: Rel<Deal> | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was given.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  givenAt: Date = new Date();
}
