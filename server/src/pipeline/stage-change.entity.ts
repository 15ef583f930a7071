import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Team } from '../org/team.entity.js';
import { Deal } from './deal.entity.js';
import { SalesStage } from './stage.entity.js';

@ObjectType({ description: 'A move of a deal from one stage to another, kept for conversion and cycle-time analysis.' })
@Entity({ tableName: 'deal_stage_change' })
@Index({ name: 'deal_stage_change_from_stage_index', properties: ['fromStage'] })
// The completed stays of a set of deals, read from an index alone (funnel medians): by deal for a few
// deals; by the deal's team, the stage left and the deal's creation time for a subtree's deals created
// in a period, so that a team's funnel reads its own ranges whatever the size of the organisation.
@Index({
  name: 'deal_stage_change_stay_index',
  expression:
    'create index "deal_stage_change_stay_index" on "deal_stage_change" ("deal_id") include ("from_stage_id", "changed_at", "from_entered_at")',
})
@Index({
  name: 'deal_stage_change_team_stay_index',
  expression:
    'create index "deal_stage_change_team_stay_index" on "deal_stage_change" ("team_id", "from_stage_id", "deal_created_at") include ("stay_seconds") where "from_stage_id" is not null',
})
export class DealStageChange {
  [OptionalProps]?: 'changedAt' | 'changedById' | 'fromStage' | 'fromEnteredAt' | 'note';

  @Field(() => ID, { description: 'Change id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  // Looked up through deal_stage_change_stay_index, whose key is the deal.
  @ManyToOne(() => Deal, { index: false })
  deal!: Rel<Deal>;

  /** The deal's credited team, kept in step with it (see `creditDealToTeam`): funnels read stays by team. */
  @ManyToOne(() => Team, { index: false })
  team!: Rel<Team>;

  /** When the deal was created (never changes): funnels select deals by creation time. */
  @Property({ type: 'datetime' })
  dealCreatedAt!: Date;

  /** Null for the stage a deal was created in. */
  @ManyToOne(() => SalesStage, { nullable: true })
  fromStage: Rel<SalesStage> | null = null;

  @ManyToOne(() => SalesStage)
  toStage!: Rel<SalesStage>;

  @Field(() => DateTimeScalar, { description: 'When the deal entered the new stage.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  changedAt: Date = new Date();

  /** Member who moved the deal, when the caller is a member. */
  @Property({ type: 'integer', nullable: true })
  changedById: number | null = null;

  /** When the deal had entered `fromStage`: the stay in it lasted from then until `changedAt`. */
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the deal had entered the stage it left; null for the first stage.' })
  @Property({ type: 'datetime', nullable: true })
  fromEnteredAt: Date | null = null;

  /**
   * How long the stay in `fromStage` lasted, in seconds, kept by PostgreSQL itself: funnel medians sort
   * these numbers (cheaper than sorting intervals) straight from an index.
   */
  @Property({ type: 'double', nullable: true, generated: `(date_part('epoch', changed_at - from_entered_at)) stored` })
  staySeconds?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the deal moved (required when a closed deal is reopened).' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
