import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { MemberRole } from '../org/enums.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { Kpi } from './enums.js';

/**
 * What members of a role are expected to achieve on one KPI. Without a team it is the organisation's
 * default, set by admins; with a team it overrides the default for that team's subtree (the deepest
 * team wins), set by the managers above that team.
 */
@ObjectType({ description: 'An expectation (ожидание): the value members of a role are expected to reach on one KPI in every period.' })
@Entity({ tableName: 'expectation' })
// One organisation default (no team) and one override per team, for each role and KPI.
@Index({
  name: 'expectation_role_kpi_team_unique',
  expression: 'create unique index "expectation_role_kpi_team_unique" on "expectation" ("role", "kpi", coalesce("team_id", 0))',
})
export class Expectation {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'team' | 'setBy';

  @Field(() => ID, { description: 'Expectation id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => MemberRole, { description: 'The role it applies to.' })
  @Enum({ items: () => MemberRole, type: 'string' })
  role!: MemberRole;

  @Field(() => Kpi, { description: 'The KPI.' })
  @Enum({ items: () => Kpi, type: 'string' })
  kpi!: Kpi;

  @Field(() => DecimalScalar, {
    description:
      'Expected value: a percentage for ATTAINMENT and WIN_RATE, a count per month for DEALS_WON, a rate for ACTIVITIES_PER_WEEK.',
  })
  @Property({ type: 'decimal', precision: 12, scale: 2 })
  target!: string;

  /** Null for the organisation default. */
  @ManyToOne(() => Team, { nullable: true, index: 'expectation_team_id_index', deleteRule: 'cascade' })
  team: Rel<Team> | null = null;

  @ManyToOne(() => Member, { nullable: true, deleteRule: 'set null' })
  setBy: Rel<Member> | null = null;

  @Field(() => DateTimeScalar, { description: 'When it was first set.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When it last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
