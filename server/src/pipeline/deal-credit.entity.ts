import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { Deal } from './deal.entity.js';

/**
 * One line of a deal's credit split (docs/pipeline.md, "Credit splits"). A deal without lines credits its
 * owner with 100 % (`Deal.credits` shows that line unsaved, `implicit`). A split holds the owner with a
 * regular share; the regular shares sum to 100 %, overlay shares are credited in addition.
 */
@ObjectType({
  description:
    'A share of the credit for a deal: a member (and their team) credited with a percentage of its amount; overlay shares are on top of the 100 %.',
})
@Entity({ tableName: 'deal_credit' })
@Unique({ name: 'deal_credit_deal_member_unique', properties: ['deal', 'member'] })
@Check({ name: 'deal_credit_percent_check', expression: '"percent" > 0 and "percent" <= 100' })
// Results add the split deals of a member or a team subtree closed in a period through these
// (goals/measures.ts, motivation/): only the lines of deals closed in the period reach the deal table.
@Index({ name: 'deal_credit_member_close_index', properties: ['member', 'dealCloseDate'] })
@Index({ name: 'deal_credit_team_close_index', properties: ['team', 'dealCloseDate'] })
export class DealCredit {
  [OptionalProps]?: 'overlay' | 'setAt' | 'setById' | 'implicit' | 'dealCloseDate';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Deal, { deleteRule: 'cascade' })
  deal!: Rel<Deal>;

  @ManyToOne(() => Member)
  member!: Rel<Member>;

  /** The team this share counts for: the member's team when the line was first set; the deal's team for its owner. */
  @ManyToOne(() => Team)
  team!: Rel<Team>;

  @Field(() => DecimalScalar, { description: 'Percent of the deal amount credited, more than 0 and at most 100, two decimals.' })
  @Property({ type: 'decimal', precision: 5, scale: 2 })
  percent!: string;

  @Field(() => Boolean, {
    description: "An overlay share, credited on top of the regular shares (which sum to 100 %) and not rolled up into the member's teams.",
  })
  @Property({ type: 'boolean', default: false })
  overlay: boolean = false;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the line was set; null for the owner's implicit 100 %." })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  setAt: Date | null = new Date();

  /** The deal's close date, kept in step with it (`followDealClose`): results find a period's split deals by it. */
  @Property({ type: 'date', nullable: true })
  dealCloseDate: string | null = null;

  /** The member who set it, when known (a plain id, like `DealStageChange.changedById`). */
  @Property({ type: 'integer', nullable: true })
  setById: number | null = null;

  /** Not stored: true only for the line `Deal.credits` shows for a deal without a split. */
  @Field(() => Boolean, { description: "True for the owner's 100 % of a deal whose credit is not split (no line is stored)." })
  implicit = false;
}
