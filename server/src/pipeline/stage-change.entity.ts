import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Deal } from './deal.entity.js';
import { SalesStage } from './stage.entity.js';

@ObjectType({ description: 'A move of a deal from one stage to another, kept for conversion and cycle-time analysis.' })
@Entity({ tableName: 'deal_stage_change' })
@Index({ name: 'deal_stage_change_from_stage_index', properties: ['fromStage'] })
// The stays of a set of deals, read from an index alone (funnel medians): by deal for a few deals, by
// the time they ended for the many deals created in a period (their stays end after it began).
@Index({
  name: 'deal_stage_change_stay_index',
  expression:
    'create index "deal_stage_change_stay_index" on "deal_stage_change" ("deal_id") include ("from_stage_id", "changed_at", "from_entered_at")',
})
@Index({
  name: 'deal_stage_change_changed_at_index',
  expression:
    'create index "deal_stage_change_changed_at_index" on "deal_stage_change" ("changed_at") include ("deal_id", "from_stage_id", "from_entered_at")',
})
export class DealStageChange {
  [OptionalProps]?: 'changedAt' | 'changedById' | 'fromStage' | 'fromEnteredAt' | 'note';

  @Field(() => ID, { description: 'Change id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Deal, { index: 'deal_stage_change_deal_id_index' })
  deal!: Rel<Deal>;

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

  @Field(() => String, { nullable: true, description: 'Why the deal moved (required when a closed deal is reopened).' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
