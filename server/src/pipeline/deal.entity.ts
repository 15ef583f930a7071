import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Customer } from '../customers/customer.entity.js';
import { Lead } from '../customers/lead.entity.js';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { ForecastCategory } from '../forecast/enums.js';
import { Channel } from '../strategy/channel.entity.js';
import { Product } from '../strategy/product.entity.js';
import { DealStatus } from './enums.js';
import { SalesStage } from './stage.entity.js';

@ObjectType({ description: 'A sales opportunity (сделка) owned by a member and moving through the stages of the sales process.' })
@Entity({ tableName: 'deal' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'deal_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Index({ name: 'deal_won_close_date_index', properties: ['status', 'closeDate'] })
@Index({ name: 'deal_open_expected_close_index', properties: ['status', 'expectedCloseDate'] })
// The deal lists page by expected close (then id): a team's, an owner's, and any other selection's.
@Index({ name: 'deal_team_expected_close_index', properties: ['team', 'expectedCloseDate', 'id'] })
@Index({ name: 'deal_owner_expected_close_index', properties: ['owner', 'expectedCloseDate', 'id'] })
@Index({ name: 'deal_expected_close_index', properties: ['expectedCloseDate', 'id'] })
// Covering indexes (read without touching the table): deals created in a period for the funnel (by
// team for a subtree, by time for the whole organisation), and the closed / open deals of a team or an
// owner in a period for attainment and forecast (measures.ts).
@Index({
  name: 'deal_team_created_index',
  expression:
    'create index "deal_team_created_index" on "deal" ("team_id", "created_at") include ("owner_id", "status", "amount", "furthest_stage_id")',
})
@Index({
  name: 'deal_created_at_index',
  expression:
    'create index "deal_created_at_index" on "deal" ("created_at") include ("id", "team_id", "owner_id", "status", "amount", "furthest_stage_id")',
})
@Index({
  name: 'deal_team_close_index',
  expression: 'create index "deal_team_close_index" on "deal" ("team_id", "close_date") include ("status", "amount")',
})
@Index({
  name: 'deal_owner_close_index',
  expression: 'create index "deal_owner_close_index" on "deal" ("owner_id", "close_date") include ("status", "amount")',
})
@Index({
  name: 'deal_team_open_expected_index',
  expression: `create index "deal_team_open_expected_index" on "deal" ("team_id", "expected_close_date") include ("amount", "stage_id", "forecast_category_override") where "status" = 'OPEN'`,
})
@Index({
  name: 'deal_owner_open_expected_index',
  expression: `create index "deal_owner_open_expected_index" on "deal" ("owner_id", "expected_close_date") include ("amount", "stage_id", "forecast_category_override") where "status" = 'OPEN'`,
})
export class Deal {
  [OptionalProps]?:
    | 'createdAt'
    | 'updatedAt'
    | 'closeDate'
    | 'closeReason'
    | 'status'
    | 'version'
    | 'product'
    | 'lead'
    | 'stageEnteredAt'
    | 'forecastCategoryOverride'
    | 'forecastOverrideReason'
    | 'forecastOverrideSetById'
    | 'forecastOverrideSetAt';

  @Field(() => ID, { description: 'Deal id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Short title, e.g. "Поставка коммутаторов для склада в Казани".' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  // Looked up through the composite indexes the owner's column leads (deal_owner_close_index…).
  @ManyToOne(() => Member, { index: false })
  owner!: Rel<Member>;

  /** The team credited with the deal: the owner's team when the deal was created or reassigned. */
  // Looked up through the composite indexes the team's column leads (deal_team_close_index…).
  @ManyToOne(() => Team, { index: false })
  team!: Rel<Team>;

  @ManyToOne(() => SalesStage, { index: 'deal_stage_id_index' })
  stage!: Rel<SalesStage>;

  @Field(() => DealStatus, { description: 'Open, won or lost; follows the stage.' })
  @Enum({ items: () => DealStatus, type: 'string' })
  status: DealStatus = DealStatus.OPEN;

  @Field(() => DecimalScalar, { description: 'Expected (or, once won, final) value in the organisation currency.' })
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  amount!: string;

  @Field(() => DateScalar, { description: 'When the owner expects to close the deal.' })
  @Property({ type: 'date' })
  expectedCloseDate!: string;

  @Field(() => DateScalar, { nullable: true, description: 'When the deal was won or lost.' })
  @Property({ type: 'date', nullable: true })
  closeDate: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the deal was won or lost.' })
  @Property({ type: 'text', nullable: true })
  closeReason: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When the deal was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the deal last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** Optimistic lock: concurrent edits of one deal cannot silently overwrite each other. */
  @Field(() => Int, {
    description: 'Version, increased by every change; pass it as `expectedVersion` to refuse a change based on a stale read.',
  })
  @Property({ type: 'integer', version: true })
  version!: number;

  /** The customer account the deal is with. */
  @ManyToOne(() => Customer, { index: 'deal_account_id_index' })
  account!: Rel<Customer>;

  @ManyToOne(() => Channel, { index: 'deal_channel_id_index' })
  channel!: Rel<Channel>;

  @ManyToOne(() => Product, { nullable: true, index: 'deal_product_id_index' })
  product: Rel<Product> | null = null;

  /** The qualified lead the deal was created from, if any. */
  @ManyToOne(() => Lead, { nullable: true, index: 'deal_lead_id_index' })
  lead: Rel<Lead> | null = null;

  /**
   * The open stage with the highest position the deal has ever been in (kept on every move and
   * recomputed from the stage history when stages are reordered); the funnel reads it.
   */
  @ManyToOne(() => SalesStage)
  furthestStage!: Rel<SalesStage>;

  @Field(() => DateTimeScalar, { description: 'When the deal entered its current stage.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  stageEnteredAt: Date = new Date();

  /**
   * The forecast category the owner (or a manager above) chose instead of the one derived from the
   * stage probability, with why, who and when; all four are null without an override (forecast/).
   */
  @Enum({ items: () => ForecastCategory, type: 'string', nullable: true })
  forecastCategoryOverride: ForecastCategory | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  forecastOverrideReason: string | null = null;

  @Property({ type: 'integer', nullable: true })
  forecastOverrideSetById: number | null = null;

  @Property({ type: 'datetime', nullable: true })
  forecastOverrideSetAt: Date | null = null;
}
