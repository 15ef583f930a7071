import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { Channel } from './channel.entity.js';
import { KpiDirection, StrategyStatus } from './enums.js';
import { Product } from './product.entity.js';

@ObjectType({
  description:
    'A sales strategy (стратегия продаж): market and competitor analysis, the unique selling proposition, chosen channels, the sales process it relies on and the KPIs it is reviewed against.',
})
@Entity({ tableName: 'strategy' })
export class Strategy {
  [OptionalProps]?:
    | 'createdAt'
    | 'updatedAt'
    | 'description'
    | 'team'
    | 'status'
    | 'endDate'
    | 'salesProcessNotes'
    | 'reviewEveryMonths'
    | 'targetAudience'
    | 'trends';

  @Field(() => ID, { description: 'Strategy id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Name, e.g. "Рост в облачных сервисах 2026".' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the strategy aims at.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** The team whose strategy this is; null for the whole organisation. */
  @ManyToOne(() => Team, { nullable: true, index: 'strategy_team_id_index' })
  team: Rel<Team> | null = null;

  /** The member who owns the strategy. */
  @ManyToOne(() => Member)
  owner!: Rel<Member>;

  @Field(() => StrategyStatus, { description: 'Draft, active or archived.' })
  @Enum({ items: () => StrategyStatus, type: 'string', default: StrategyStatus.DRAFT })
  status: StrategyStatus = StrategyStatus.DRAFT;

  @Field(() => DateScalar, { description: 'First day the strategy applies.' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day it applies; null while open-ended.' })
  @Property({ type: 'date', nullable: true })
  endDate: string | null = null;

  @Field(() => String, { nullable: true, description: 'Target audience (целевая аудитория): who we sell to and who decides.' })
  @Property({ type: 'text', nullable: true })
  targetAudience: string | null = null;

  @Field(() => [String], { description: 'Market trends (тенденции рынка) the strategy responds to.' })
  @Property({ type: 'json' })
  trends: string[] = [];

  @Field(() => String, {
    description: 'The unique selling proposition (УТП) of the strategy as a whole; per product or segment see `sellingPropositions`.',
  })
  @Property({ type: 'text' })
  usp!: string;

  @Field(() => String, { nullable: true, description: 'How the strategy applies the sales process (see `salesProcess`).' })
  @Property({ type: 'text', nullable: true })
  salesProcessNotes: string | null = null;

  @Field(() => Int, { description: 'Months between scheduled reviews (оценка и адаптация).' })
  @Property({ type: 'smallint', default: 3 })
  reviewEveryMonths: number = 3;

  @Field(() => DateTimeScalar, { description: 'When the strategy was created.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the strategy last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@ObjectType({ description: 'A market segment (сегмент рынка) in the market analysis of a strategy.' })
@Entity({ tableName: 'market_segment' })
export class MarketSegment {
  [OptionalProps]?: 'description' | 'marketSize' | 'growthPercent';

  @Field(() => ID, { description: 'Segment id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Strategy, { index: 'market_segment_strategy_id_index' })
  strategy!: Rel<Strategy>;

  @Field(() => String, { description: 'Name, e.g. "Федеральные торговые сети".' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Who is in the segment and what they buy.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Yearly spend of the segment, in the organisation currency.' })
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  marketSize: string | null = null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Expected yearly growth in percent (negative when shrinking).' })
  @Property({ type: 'decimal', precision: 6, scale: 2, nullable: true })
  growthPercent: string | null = null;
}

@ObjectType({ description: 'A competitor (конкурент) with its strengths and weaknesses.' })
@Entity({ tableName: 'competitor' })
export class Competitor {
  [OptionalProps]?: 'notes' | 'marketSharePercent';

  @Field(() => ID, { description: 'Competitor id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Strategy, { index: 'competitor_strategy_id_index' })
  strategy!: Rel<Strategy>;

  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => [String], { description: 'Strengths (сильные стороны).' })
  @Property({ type: 'json' })
  strengths!: string[];

  @Field(() => [String], { description: 'Weaknesses (слабые стороны).' })
  @Property({ type: 'json' })
  weaknesses!: string[];

  @Field(() => DecimalScalar, { nullable: true, description: 'Estimated market share in percent (0–100).' })
  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true })
  marketSharePercent: string | null = null;

  @Field(() => String, { nullable: true, description: 'How we win against them.' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;
}

@ObjectType({ description: 'A unique selling proposition (УТП) for a product or a segment.' })
@Entity({ tableName: 'selling_proposition' })
export class SellingProposition {
  [OptionalProps]?: 'segment' | 'product';

  @Field(() => ID, { description: 'Proposition id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Strategy, { index: 'selling_proposition_strategy_id_index' })
  strategy!: Rel<Strategy>;

  @ManyToOne(() => MarketSegment, { nullable: true, deleteRule: 'set null' })
  segment: Rel<MarketSegment> | null = null;

  @ManyToOne(() => Product, { nullable: true })
  product: Rel<Product> | null = null;

  @Field(() => String, { description: 'What sets the offer apart.' })
  @Property({ type: 'text' })
  statement!: string;
}

@ObjectType({ description: 'A channel chosen by a strategy, with its priority.' })
@Entity({ tableName: 'strategy_channel' })
@Unique({ name: 'strategy_channel_unique', properties: ['strategy', 'channel'] })
export class StrategyChannel {
  [OptionalProps]?: 'role';

  @Field(() => ID, { description: 'Id of the choice.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Strategy)
  strategy!: Rel<Strategy>;

  @ManyToOne(() => Channel)
  channel!: Rel<Channel>;

  @Field(() => Int, { description: 'Priority: 1 is the main channel.' })
  @Property({ type: 'smallint' })
  priority!: number;

  @Field(() => String, { nullable: true, description: 'What the channel is for in this strategy.' })
  @Property({ type: 'text', nullable: true })
  role: string | null = null;
}

@ObjectType({ description: 'A key performance indicator a strategy is reviewed against, with its target.' })
@Entity({ tableName: 'strategy_kpi' })
export class StrategyKpi {
  [OptionalProps]?: 'archivedAt' | 'direction';

  @Field(() => ID, { description: 'KPI id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Strategy, { index: 'strategy_kpi_strategy_id_index' })
  strategy!: Rel<Strategy>;

  @Field(() => String, { description: 'Name, e.g. "Выручка за квартал".' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: 'Unit of the value, e.g. "RUB", "%", "days".' })
  @Property({ type: 'string', length: 40 })
  unit!: string;

  @Field(() => DecimalScalar, { description: 'Target value.' })
  @Property({ type: 'decimal', precision: 18, scale: 4 })
  target!: string;

  @Field(() => KpiDirection, { description: 'Which way the KPI improves.' })
  @Enum({ items: () => KpiDirection, type: 'string', default: KpiDirection.HIGHER_IS_BETTER })
  direction: KpiDirection = KpiDirection.HIGHER_IS_BETTER;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the KPI was dropped from the strategy; past reviews keep its values.' })
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}

@ObjectType({ description: 'A review of a strategy (оценка и адаптация): KPI values at review time and what was changed.' })
@Entity({ tableName: 'strategy_review' })
@Index({ name: 'strategy_review_strategy_date_index', properties: ['strategy', 'reviewedOn'] })
export class StrategyReview {
  [OptionalProps]?: 'createdAt' | 'reviewedById';

  @Field(() => ID, { description: 'Review id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Strategy)
  strategy!: Rel<Strategy>;

  @Field(() => DateScalar, { description: 'Date of the review.' })
  @Property({ type: 'date' })
  reviewedOn!: string;

  /** Member who recorded the review, when the caller is a member. */
  @Property({ type: 'integer', nullable: true })
  reviewedById: number | null = null;

  @Field(() => String, { description: 'Conclusions of the review.' })
  @Property({ type: 'text' })
  summary!: string;

  @Field(() => [String], { description: 'What was changed in the strategy as a result (empty when nothing).' })
  @Property({ type: 'json' })
  changes!: string[];

  @Field(() => DateTimeScalar, { description: 'When the review was recorded.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@ObjectType({ description: 'The value of one KPI recorded by a review, with the target it had then.' })
@Entity({ tableName: 'strategy_kpi_value' })
@Unique({ name: 'strategy_kpi_value_unique', properties: ['review', 'kpi'] })
export class StrategyKpiValue {
  @Field(() => ID, { description: 'Value id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => StrategyReview)
  review!: Rel<StrategyReview>;

  @ManyToOne(() => StrategyKpi, { index: 'strategy_kpi_value_kpi_id_index' })
  kpi!: Rel<StrategyKpi>;

  @Field(() => DecimalScalar, { description: 'Measured value at review time.' })
  @Property({ type: 'decimal', precision: 18, scale: 4 })
  value!: string;

  @Field(() => DecimalScalar, { description: 'Target of the KPI at review time.' })
  @Property({ type: 'decimal', precision: 18, scale: 4 })
  target!: string;

  @Field(() => Boolean, { description: 'Whether the value met the target, given the KPI direction.' })
  @Property({ type: 'boolean' })
  met!: boolean;
}
