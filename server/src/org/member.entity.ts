import { Entity, OptionalProps, Enum, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { MemberRole } from './enums.js';
import { Team } from './team.entity.js';
import { Territory } from './territory.entity.js';

@ObjectType({ description: 'A person in the sales organisation (сотрудник), holding one role in one team.' })
@Entity({ tableName: 'member' })
export class Member {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'territory' | 'active';

  @Field(() => ID, { description: 'Member id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Full name, e.g. "Иванова Мария Сергеевна".' })
  @Property({ type: 'string', length: 200 })
  fullName!: string;

  @Field(() => String, { description: 'Work e-mail, unique in the organisation (stored in lower case).' })
  @Property({ type: 'string', length: 320 })
  @Unique({ name: 'member_email_unique' })
  email!: string;

  @Field(() => MemberRole, { description: 'Role in the team.' })
  @Enum({ items: () => MemberRole, type: 'string' })
  role!: MemberRole;

  @ManyToOne(() => Team, { index: 'member_team_id_index' })
  team!: Rel<Team>;

  @ManyToOne(() => Territory, { nullable: true, index: 'member_territory_id_index' })
  territory: Rel<Territory> | null = null;

  @Field(() => DecimalScalar, {
    description: 'Individual capability score from 0.00 to 5.00 set by the manager; an input to quota allocation.',
  })
  @Property({ type: 'decimal', precision: 3, scale: 2 })
  capability!: string;

  @Field(() => DateScalar, { description: 'Date the member joined the company.' })
  @Property({ type: 'date' })
  hireDate!: string;

  @Field(() => DateTimeScalar, { description: 'When the member record was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the member left or was archived; archived members are hidden from lists.',
  })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;

  @Field(() => Boolean, { description: 'True while the member works in the organisation (not archived).' })
  get active(): boolean {
    return this.archivedAt === null;
  }
}
