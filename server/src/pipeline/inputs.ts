import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { DealStatus } from './enums.js';

@InputType({ description: 'A new stage of the sales process.' })
export class CreateSalesStageInput {
  @Field(() => String, { description: 'Stable code: letters, digits or "_"; stored in upper case, unique.' })
  code!: string;

  @Field(() => String, { description: 'Name in English.' })
  nameEn!: string;

  @Field(() => String, { description: 'Name in Russian.' })
  nameRu!: string;

  @Field(() => DecimalScalar, { description: 'Win probability in percent, 0–100 with at most two decimals (100 for WON, 0 for LOST).' })
  probability!: string;

  @Field(() => DealStatus, {
    defaultValue: DealStatus.OPEN,
    description: 'OPEN for a working stage (default); WON or LOST for a terminal stage, of which the process has one each.',
  })
  outcome!: DealStatus;

  @Field(() => Int, {
    nullable: true,
    description: 'Place among the open stages, 1 = first; default last. Terminal stages always come last.',
  })
  position?: number | null;
}

@InputType({ description: 'Changes to a stage; omitted fields stay as they are.' })
export class UpdateSalesStageInput {
  @Field(() => String, { nullable: true, description: 'New English name.' })
  nameEn?: string | null;

  @Field(() => String, { nullable: true, description: 'New Russian name.' })
  nameRu?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New win probability in percent.' })
  probability?: string | null;
}

@InputType({ description: 'Which deals to list; the caller sees only the deals they may read.' })
export class DealFilter {
  @Field(() => ID, { nullable: true, description: 'Only deals credited to this team or any team below it.' })
  teamId?: string;

  @Field(() => ID, { nullable: true, description: 'Only deals owned by this member.' })
  ownerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only deals with this customer.' })
  accountId?: string;

  @Field(() => ID, { nullable: true, description: 'Only deals now in this stage.' })
  stageId?: string;

  @Field(() => DealStatus, { nullable: true, description: 'Only open, won or lost deals.' })
  status?: DealStatus;

  @Field(() => ID, { nullable: true, description: 'Only deals of this channel.' })
  channelId?: string;

  @Field(() => ID, { nullable: true, description: 'Only deals of this product.' })
  productId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only deals expected to close on or after this date.' })
  expectedCloseFrom?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only deals expected to close on or before this date.' })
  expectedCloseTo?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only deals closed (won or lost) on or after this date.' })
  closedFrom?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only deals closed (won or lost) on or before this date.' })
  closedTo?: string;

  @Field(() => String, { nullable: true, description: 'Text contained in the title (case-insensitive).' })
  text?: string;
}

@InputType({ description: 'A new deal.' })
export class CreateDealInput {
  @Field(() => String, { description: 'Short title.' })
  title!: string;

  @Field(() => ID, { description: 'The customer account.' })
  accountId!: string;

  @Field(() => ID, { nullable: true, description: "Owner: an active REP or MANAGER; default the lead's owner, else the caller." })
  ownerId?: string | null;

  @Field(() => DecimalScalar, { description: 'Expected value: positive, at most two decimals.' })
  amount!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The sales channel. Required unless the deal is made from a lead (leadId), whose channel it then takes: without both, BAD_USER_INPUT with field channelId and rule channel-required.',
  })
  channelId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Product sold.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Open stage to start in; default the first stage of the process.' })
  stageId?: string | null;

  @Field(() => DateScalar, { description: 'Expected close date: not before today (the creation date).' })
  expectedCloseDate!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The qualified lead of the same customer the deal is made from; the lead becomes CONVERTED, and the deal takes its channel unless channelId is given.',
  })
  leadId?: string | null;
}

@InputType({
  description:
    'Changes to an open deal; omitted fields stay as they are. Stages change through moveDeal, winDeal, loseDeal and reopenDeal.',
})
export class UpdateDealInput {
  @Field(() => String, { nullable: true, description: 'New title.' })
  title?: string | null;

  @Field(() => ID, { nullable: true, description: 'Another customer (not for a deal made from a lead).' })
  accountId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "New owner; the deal's credited team becomes the new owner's team. Only managers of both teams and admins reassign.",
  })
  ownerId?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New amount.' })
  amount?: string | null;

  @Field(() => ID, { nullable: true, description: 'New channel.' })
  channelId?: string | null;

  @Field(() => ID, { nullable: true, description: 'New product; null clears it.' })
  productId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'New expected close date, not before the creation date.' })
  expectedCloseDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'Refuse the change (CONFLICT) unless the deal is still at this version.' })
  expectedVersion?: number | null;
}

@InputType({ description: 'Closing a deal as won.' })
export class WinDealInput {
  @Field(() => DateScalar, { nullable: true, description: 'Close date: not before the creation date, not in the future; default today.' })
  closeDate?: string | null;

  @Field(() => String, { description: 'Why the deal was won.' })
  reason!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Final amount, when it differs from the expected one.' })
  amount?: string | null;

  @Field(() => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the deal is still at this version.' })
  expectedVersion?: number | null;
}

@InputType({ description: 'Closing a deal as lost.' })
export class LoseDealInput {
  @Field(() => DateScalar, { nullable: true, description: 'Close date: not before the creation date, not in the future; default today.' })
  closeDate?: string | null;

  @Field(() => String, { description: 'Why the deal was lost.' })
  reason!: string;

  @Field(() => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the deal is still at this version.' })
  expectedVersion?: number | null;
}

@InputType({ description: 'Reopening a won or lost deal.' })
export class ReopenDealInput {
  @Field(() => ID, { nullable: true, description: 'Open stage to reopen into; default the furthest open stage the deal had reached.' })
  stageId?: string | null;

  @Field(() => String, { description: 'Why the deal is reopened; kept on the stage change.' })
  reason!: string;

  @Field(() => Int, { nullable: true, description: 'Refuse (CONFLICT) unless the deal is still at this version.' })
  expectedVersion?: number | null;
}

@InputType({
  description:
    'Which deals the funnel looks at: deals CREATED in the period from–to (UTC calendar days, both inclusive, each optional), credited to a team subtree, owned by a member, of a channel or product. Without team or member it covers every deal the caller may read.',
})
export class FunnelFilter {
  @Field(() => ID, { nullable: true, description: 'Deals credited to this team or any team below it.' })
  teamId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Deals owned by this member.' })
  memberId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Deals created in this period (instead of from / to).' })
  periodId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Deals created on or after this day.' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Deals created on or before this day.' })
  to?: string | null;

  @Field(() => ID, { nullable: true, description: 'Deals of this channel.' })
  channelId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Deals of this product.' })
  productId?: string | null;
}
