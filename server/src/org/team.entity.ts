import { Entity, OptionalProps, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { TeamKind } from './enums.js';
import { Member } from './member.entity.js';
import { Territory } from './territory.entity.js';

@ObjectType({ description: 'A sales team (команда). Teams nest: a regional team can sit under a national one.' })
@Entity({ tableName: 'team' })
@Index({ name: 'team_path_index', expression: 'create index "team_path_index" on "team" ("path" text_pattern_ops)' })
export class Team {
  [OptionalProps]?: 'createdAt' | 'archivedAt' | 'description' | 'parent' | 'manager' | 'territory' | 'depth' | 'ancestorIds';

  @Field(() => ID, { description: 'Team id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Name, e.g. "Северо-Западный регион".' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => TeamKind, { description: 'How the team is organised.' })
  @Enum({ items: () => TeamKind, type: 'string' })
  kind!: TeamKind;

  @Field(() => String, { nullable: true, description: 'Free-text description of what the team does.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @ManyToOne(() => Team, { nullable: true, index: 'team_parent_id_index' })
  parent: Rel<Team> | null = null;

  /** Ids from the root down to this team, e.g. "/1/4/9/"; a subtree is every path with this prefix. */
  @Property({ type: 'string', length: 1000 })
  path!: string;

  @ManyToOne(() => Member, { nullable: true, index: 'team_manager_id_index', deleteRule: 'set null' })
  manager: Rel<Member> | null = null;

  @ManyToOne(() => Territory, { nullable: true, index: 'team_territory_id_index' })
  territory: Rel<Territory> | null = null;

  @Field(() => DateTimeScalar, { description: 'When the team was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the team was archived; archived teams are hidden from lists.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;

  /** Depth in the tree: 0 for a root team. */
  get depth(): number {
    return this.path.split('/').length - 3;
  }

  /** Ids of the ancestors, root first, without the team itself. */
  get ancestorIds(): number[] {
    return this.path.split('/').filter(Boolean).map(Number).slice(0, -1);
  }
}
