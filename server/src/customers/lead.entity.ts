import { Entity, Enum, Index, ManyToOne, OneToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Member } from '../org/member.entity.js';
import { Team } from '../org/team.entity.js';
import { Channel } from '../strategy/channel.entity.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import { LeadStatus, QualificationOutcome } from './enums.js';

@ObjectType({
  description: 'A lead (лид): interest from a customer that arrived through a channel and is qualified before it becomes a deal.',
})
@Entity({ tableName: 'lead' })
// The record export pages through changes in this order (exchange/export).
@Index({ name: 'lead_updated_at_id_index', properties: ['updatedAt', 'id'] })
@Index({ name: 'lead_channel_created_index', properties: ['channel', 'createdAt'] })
export class Lead {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'status' | 'contact' | 'description' | 'qualifiedAt' | 'convertedAt' | 'handedOffAt';

  @Field(() => ID, { description: 'Lead id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'What the customer is interested in, e.g. "Резервное копирование для 40 филиалов".' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Details of the request.' })
  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @ManyToOne(() => Customer, { index: 'lead_customer_id_index' })
  customer!: Rel<Customer>;

  @ManyToOne(() => Contact, { nullable: true })
  contact: Rel<Contact> | null = null;

  /** The channel the lead came through. */
  @ManyToOne(() => Channel)
  channel!: Rel<Channel>;

  /** Who works the lead now: its generator until it is handed off, then the receiving member. */
  @ManyToOne(() => Member, { index: 'lead_owner_id_index' })
  owner!: Rel<Member>;

  /** The team the lead is credited to now: the owner's team when it was created or handed off. */
  @ManyToOne(() => Team, { index: 'lead_team_id_index' })
  team!: Rel<Team>;

  /** The member who generated the lead; credited for it (and for its handoff) whatever happens next. */
  @ManyToOne(() => Member, { index: 'lead_generated_by_id_index' })
  generatedBy!: Rel<Member>;

  /** The generator's team when the lead was created. */
  @ManyToOne(() => Team)
  sourceTeam!: Rel<Team>;

  @Field(() => LeadStatus, { description: 'Open, qualified, disqualified or converted into a deal.' })
  @Enum({ items: () => LeadStatus, type: 'string', default: LeadStatus.OPEN })
  status: LeadStatus = LeadStatus.OPEN;

  @Field(() => DateTimeScalar, { description: 'When the lead arrived.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the lead last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the lead was qualified or disqualified.' })
  @Property({ type: 'datetime', nullable: true })
  qualifiedAt: Date | null = null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the lead was handed off to a field team.' })
  @Property({ type: 'datetime', nullable: true })
  handedOffAt: Date | null = null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When a deal was created from the lead.' })
  @Property({ type: 'datetime', nullable: true })
  convertedAt: Date | null = null;
}

@ObjectType({
  description:
    'The scoring of a lead against the qualification criteria (BANT: budget, authority, need, timeline). Each criterion is scored 0–3 (0 absent, 1 weak, 2 partly confirmed, 3 confirmed); the lead qualifies when the total reaches the threshold (8 of 12) and no criterion is 0.',
})
@Entity({ tableName: 'lead_qualification' })
export class LeadQualification {
  [OptionalProps]?: 'qualifiedAt' | 'qualifiedById' | 'notes';

  @Field(() => ID, { description: 'Qualification id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @OneToOne(() => Lead, { owner: true, unique: 'lead_qualification_lead_id_unique' })
  lead!: Rel<Lead>;

  @Field(() => Int, { description: 'Budget (бюджет): is money allocated? 0–3.' })
  @Property({ type: 'smallint' })
  budget!: number;

  @Field(() => Int, { description: 'Authority (полномочия): do we talk to the decision maker? 0–3.' })
  @Property({ type: 'smallint' })
  authority!: number;

  @Field(() => Int, { description: 'Need (потребность): is there a real need we can meet? 0–3.' })
  @Property({ type: 'smallint' })
  need!: number;

  @Field(() => Int, { description: 'Timeline (сроки): will they buy within the planning horizon? 0–3.' })
  @Property({ type: 'smallint' })
  timeline!: number;

  @Field(() => Int, { description: 'Sum of the four scores, 0–12.' })
  @Property({ type: 'smallint' })
  score!: number;

  @Field(() => Int, { description: 'Threshold the total had to reach when the lead was scored.' })
  @Property({ type: 'smallint' })
  threshold!: number;

  @Field(() => QualificationOutcome, { description: 'Qualified or disqualified.' })
  @Enum({ items: () => QualificationOutcome, type: 'string' })
  outcome!: QualificationOutcome;

  @Field(() => [String], { description: 'Why the lead was disqualified (empty when qualified), e.g. "budget scored 0".' })
  @Property({ type: 'json' })
  reasons!: string[];

  @Field(() => String, { nullable: true, description: "The qualifier's notes." })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  /** Member who scored the lead, when the caller is a member. */
  @Property({ type: 'integer', nullable: true })
  qualifiedById: number | null = null;

  @Field(() => DateTimeScalar, { description: 'When the lead was scored.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  qualifiedAt: Date = new Date();
}

@ObjectType({
  description:
    'A handoff (передача лида): an inside-sales member passes a qualified lead to a field team or member, and is credited for it.',
})
@Entity({ tableName: 'lead_handoff' })
@Index({ name: 'lead_handoff_from_member_index', properties: ['fromMember', 'handedOffAt'] })
export class LeadHandoff {
  [OptionalProps]?: 'handedOffAt' | 'recordedById' | 'note';

  @Field(() => ID, { description: 'Handoff id.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @OneToOne(() => Lead, { owner: true, unique: 'lead_handoff_lead_id_unique' })
  lead!: Rel<Lead>;

  /** The inside-sales member handing the lead over, credited with the handoff. */
  @ManyToOne(() => Member)
  fromMember!: Rel<Member>;

  @ManyToOne(() => Team)
  fromTeam!: Rel<Team>;

  @ManyToOne(() => Team, { index: 'lead_handoff_to_team_id_index' })
  toTeam!: Rel<Team>;

  /** The member who receives the lead: the one named, or the receiving team's manager. */
  @ManyToOne(() => Member)
  toMember!: Rel<Member>;

  @Field(() => String, { nullable: true, description: 'What the receiver should know.' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field(() => DateTimeScalar, { description: 'When the lead was handed off.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  handedOffAt: Date = new Date();

  /** Member who recorded the handoff (the sender or their manager), when the caller is a member. */
  @Property({ type: 'integer', nullable: true })
  recordedById: number | null = null;
}
