import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { MetricChartKind, SavedViewSharing } from './catalogue.js';

/** A metrics query an analyst saved with a name, a chart kind and a sharing level. */
@ObjectType({
  description:
    'A saved metrics view: a named metrics query with a chart kind and sharing. Whoever opens it sees the results their own access allows.',
})
@Entity({ tableName: 'saved_view' })
@Index({ name: 'saved_view_owner_key_index', properties: ['ownerKey'] })
export class SavedView {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'version' | 'description' | 'owner' | 'team';

  @Field(() => ID, { description: 'Saved view id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field({ description: 'Name of the view.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the view shows.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => MetricChartKind, { description: 'How widgets draw the view.' })
  @Enum({ items: () => MetricChartKind, type: 'string' })
  chartKind!: MetricChartKind;

  @Field(() => SavedViewSharing, { description: 'Who besides the owner may open the view.' })
  @Enum({ items: () => SavedViewSharing, type: 'string' })
  sharing!: SavedViewSharing;

  /** The checked query as plain JSON (analytics/query.ts `metricsQueryToJson`); checked again when run. */
  @Property({ type: 'json' })
  query!: Record<string, unknown>;

  /** Who owns the view: `member:<id>`, or `subject:<sub>` for accounts without a member (service analysts). */
  @Property({ type: 'string', length: 320 })
  ownerKey!: string;

  /** The owning member, when the owner is a member. */
  @ManyToOne(() => Member, { nullable: true, index: 'saved_view_owner_id_index', deleteRule: 'set null' })
  owner: Rel<Member> | null = null;

  /** The owner's team when the view was saved: TEAM sharing opens the view to this team's subtree. */
  @ManyToOne(() => Team, { nullable: true, index: 'saved_view_team_id_index', deleteRule: 'set null' })
  team: Rel<Team> | null = null;

  @Field(() => Int, { description: 'Optimistic-lock version.' })
  @Property({ type: 'integer', version: true })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When the view was saved first.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the view last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
