import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../graphql/scalars.js';
import { CustomerSize, InteractionKind, LeadStatus, LifecycleStage } from './enums.js';

@InputType({ description: 'Which customers to list.' })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Text contained in the name or taxpayer number (case-insensitive).' })
  text?: string;

  @Field(() => LifecycleStage, { nullable: true, description: 'Only customers in this lifecycle stage.' })
  lifecycleStage?: LifecycleStage;

  @Field(() => ID, { nullable: true, description: 'Only customers owned by this member.' })
  ownerId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only key accounts (true) or only the others (false).' })
  keyAccount?: boolean;

  @Field(() => String, { nullable: true, description: 'Only this industry (exact, case-insensitive).' })
  industry?: string;

  @Field(() => String, { nullable: true, description: 'Only this region (exact, case-insensitive).' })
  region?: string;

  @Field(() => CustomerSize, { nullable: true, description: 'Only customers of this size.' })
  size?: CustomerSize;
}

@InputType({ description: 'A new customer account; it starts as a PROSPECT.' })
export class CreateCustomerInput {
  @Field(() => String, { description: 'Company name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Taxpayer number (ИНН): 10 or 12 digits, unique.' })
  taxId?: string | null;

  @Field(() => String, { description: 'Industry.' })
  industry!: string;

  @Field(() => String, { description: 'Region.' })
  region!: string;

  @Field(() => CustomerSize, { description: 'Size of the organisation.' })
  size!: CustomerSize;

  @Field(() => String, { nullable: true, description: 'Needs.' })
  needs?: string | null;

  @Field(() => String, { nullable: true, description: 'Pain points.' })
  painPoints?: string | null;

  @Field(() => String, { nullable: true, description: 'Service preferences.' })
  servicePreferences?: string | null;

  @Field(() => ID, { nullable: true, description: 'Owner: an active REP or MANAGER; default the caller.' })
  ownerId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A key account (default false).' })
  keyAccount?: boolean | null;
}

@InputType({
  description:
    'Changes to a customer; omitted fields stay as they are, null clears an optional text. The lifecycle changes through changeCustomerLifecycle.',
})
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New taxpayer number; null clears it.' })
  taxId?: string | null;

  @Field(() => String, { nullable: true, description: 'New industry.' })
  industry?: string | null;

  @Field(() => String, { nullable: true, description: 'New region.' })
  region?: string | null;

  @Field(() => CustomerSize, { nullable: true, description: 'New size.' })
  size?: CustomerSize | null;

  @Field(() => String, { nullable: true, description: 'New needs; null clears them.' })
  needs?: string | null;

  @Field(() => String, { nullable: true, description: 'New pain points; null clears them.' })
  painPoints?: string | null;

  @Field(() => String, { nullable: true, description: 'New service preferences; null clears them.' })
  servicePreferences?: string | null;

  @Field(() => ID, { nullable: true, description: 'New owner (managers of the new owner and admins only).' })
  ownerId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Key account or not.' })
  keyAccount?: boolean | null;
}

@InputType({ description: 'A contact person.' })
export class ContactInput {
  @Field(() => String, { description: 'Full name.' })
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Make this the primary contact (the first contact always is).' })
  primary?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string | null;
}

@InputType({ description: 'Changes to a contact; omitted fields stay as they are, null clears an optional field.' })
export class UpdateContactInput {
  @Field(() => String, { nullable: true, description: 'New full name.' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'New job title.' })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true, description: 'New e-mail.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'New phone number.' })
  phone?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Primary contact or not.' })
  primary?: boolean | null;

  @Field(() => String, { nullable: true, description: 'New notes.' })
  notes?: string | null;
}

@InputType({ description: 'Which leads to list; the caller sees only the leads they may read.' })
export class LeadFilter {
  @Field(() => LeadStatus, { nullable: true, description: 'Only leads in this status.' })
  status?: LeadStatus;

  @Field(() => ID, { nullable: true, description: 'Only leads owned by this member now.' })
  ownerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only leads generated by this member.' })
  generatedById?: string;

  @Field(() => ID, { nullable: true, description: 'Only leads credited now to this team or any team below it.' })
  teamId?: string;

  @Field(() => ID, { nullable: true, description: 'Only leads that came through this channel.' })
  channelId?: string;

  @Field(() => ID, { nullable: true, description: 'Only leads of this customer.' })
  customerId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only leads handed off (true) or not handed off (false).' })
  handedOff?: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'Only leads created on or after this day (UTC).' })
  createdFrom?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only leads created on or before this day (UTC).' })
  createdTo?: string;
}

@InputType({ description: 'A new lead.' })
export class CreateLeadInput {
  @Field(() => String, { description: 'What the customer is interested in.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Details.' })
  description?: string | null;

  @Field(() => ID, { description: 'The customer (create the account first for a new company).' })
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The contact who asked, at that customer.' })
  contactId?: string | null;

  @Field(() => ID, { description: 'The channel the lead came through.' })
  channelId!: string;

  @Field(() => ID, { nullable: true, description: 'Who generated the lead and works it: an active REP or MANAGER; default the caller.' })
  ownerId?: string | null;
}

@InputType({
  description: 'The scores of a lead against the qualification criteria, each 0–3 (0 absent, 1 weak, 2 partly confirmed, 3 confirmed).',
})
export class QualifyLeadInput {
  @Field(() => Int, { description: 'Budget: is money allocated?' })
  budget!: number;

  @Field(() => Int, { description: 'Authority: do we talk to the decision maker?' })
  authority!: number;

  @Field(() => Int, { description: 'Need: is there a real need we can meet?' })
  need!: number;

  @Field(() => Int, { description: 'Timeline: will they buy within the planning horizon?' })
  timeline!: number;

  @Field(() => String, { nullable: true, description: "The qualifier's notes." })
  notes?: string | null;
}

@InputType({ description: 'Handing a qualified lead from inside sales to a field team.' })
export class HandOffLeadInput {
  @Field(() => ID, { description: 'The receiving field team (not inside sales).' })
  toTeamId!: string;

  @Field(() => ID, { nullable: true, description: "The receiving member, in that team or below; default the team's manager." })
  toMemberId?: string | null;

  @Field(() => String, { nullable: true, description: 'What the receiver should know.' })
  note?: string | null;
}

@InputType({ description: 'Which handoffs to list; the caller sees the handoffs of leads they may read.' })
export class LeadHandoffFilter {
  @Field(() => ID, { nullable: true, description: 'Only handoffs credited to this (inside-sales) member.' })
  fromMemberId?: string;

  @Field(() => ID, { nullable: true, description: 'Only handoffs to this team or any team below it.' })
  toTeamId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only handoffs on or after this day (UTC).' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only handoffs on or before this day (UTC).' })
  to?: string;
}

@InputType({ description: 'A follow-up promised in an interaction.' })
export class PromisedFollowUpInput {
  @Field(() => String, { description: 'What to do.' })
  title!: string;

  @Field(() => DateScalar, { description: 'When it is due: today or later.' })
  dueDate!: string;

  @Field(() => ID, { nullable: true, description: 'Who does it; default the member of the interaction.' })
  assigneeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Details.' })
  notes?: string | null;
}

@InputType({ description: 'An interaction to log.' })
export class LogInteractionInput {
  @Field(() => InteractionKind, { description: 'Call, e-mail, meeting or note.' })
  kind!: InteractionKind;

  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The deal it was about, with the same customer.' })
  dealId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The contact spoken to, at that customer.' })
  contactId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The member who had the interaction; default the caller.' })
  memberId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it happened; default now; not in the future.' })
  occurredAt?: Date | null;

  @Field(() => String, { description: 'Subject.' })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'What was said or agreed.' })
  notes?: string | null;

  @Field(() => PromisedFollowUpInput, { nullable: true, description: 'A follow-up promised in it, created with it.' })
  followUp?: PromisedFollowUpInput | null;
}

@InputType({ description: 'Which interactions to list; the caller sees the interactions of members whose records they read.' })
export class InteractionFilter {
  @Field(() => ID, { nullable: true, description: 'Only with this customer.' })
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only about this deal.' })
  dealId?: string;

  @Field(() => ID, { nullable: true, description: 'Only by this member.' })
  memberId?: string;

  @Field(() => InteractionKind, { nullable: true, description: 'Only of this kind.' })
  kind?: InteractionKind;

  @Field(() => DateScalar, { nullable: true, description: 'Only on or after this day (UTC).' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only on or before this day (UTC).' })
  to?: string;
}

@InputType({ description: 'A new follow-up.' })
export class CreateFollowUpInput {
  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The deal, with the same customer.' })
  dealId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Who does it: an active member; default the caller.' })
  assigneeId?: string | null;

  @Field(() => String, { description: 'What to do.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Details.' })
  notes?: string | null;

  @Field(() => DateScalar, { description: 'When it is due: today or later.' })
  dueDate!: string;
}

@InputType({ description: 'Which follow-ups to list; the caller sees the follow-ups of members whose records they read.' })
export class FollowUpFilter {
  @Field(() => ID, { nullable: true, description: 'Only assigned to this member.' })
  assigneeId?: string;

  @Field(() => ID, { nullable: true, description: 'Only assigned to members of this team or any team below it.' })
  teamId?: string;

  @Field(() => ID, { nullable: true, description: 'Only for this customer.' })
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only about this deal.' })
  dealId?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only overdue ones (true: not done and due before today) or only the others (false).',
  })
  overdue?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Only done (true) or only not done (false) ones.' })
  done?: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'Only due on or before this day.' })
  dueBefore?: string;
}
