import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../errors.js';
import { Connection, PageArgs, paginate, toPageRequest, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { parseId, parseOptionalId } from '../ids.js';
import { memberById } from '../org/loaders.js';
import { Member } from '../org/member.entity.js';
import { Deal } from '../pipeline/deal.entity.js';
import { DealStatus } from '../pipeline/enums.js';
import { readableDealsOfCustomer } from '../pipeline/loaders.js';
import { containsPattern } from '../validate.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import {
  addContact,
  archiveContact,
  changeCustomerLifecycle,
  createCustomer,
  requireContact,
  requireCustomer,
  requireSeller,
  updateContact,
  updateCustomer,
} from './customer.service.js';
import { LifecycleStage } from './enums.js';
import { ContactInput, CreateCustomerInput, CustomerFilter, UpdateContactInput, UpdateCustomerInput } from './inputs.js';
import { FollowUp, Interaction } from './interaction.entity.js';
import { Lead } from './lead.entity.js';
import type { LifetimeValue } from './lifetime-value.js';
import { CustomerLifecycleChange } from './lifecycle-change.entity.js';
import { MANUAL_TRANSITIONS } from './lifecycle.js';
import {
  activeContactsOfCustomer,
  customerById,
  lifecycleOfCustomer,
  lifetimeValueOfCustomer,
  readableFollowUpsOfCustomer,
  readableInteractionsOfCustomer,
  readableLeadsOfCustomer,
} from './loaders.js';

@ObjectType({ description: 'A page of customers.' })
export class CustomerConnection extends Connection(Customer, 'Customer', 'customer') {}

@ObjectType({
  description:
    "A customer's lifetime value (пожизненная ценность клиента): revenue so far from won deals and a projection, over the won deals the caller may read (their own, their subtree's, or all for analysts and admins; see `complete`). Periods are calendar quarters and only completed ones are averaged (the current quarter is not over: its wins count in revenueToDate, not in m, A or T); the projection is m × (r + r² + … + r¹²), with m the average revenue per completed quarter since the first win and r the retention rate (A − 1) / (T − 1), A the completed quarters with a win and T the completed quarters since the first win (r = 0 once CHURNED).",
})
export class CustomerLifetimeValue implements LifetimeValue {
  @Field(() => DecimalScalar, { description: "Sum of the amounts of the customer's won deals that the caller may read." })
  revenueToDate!: string;

  @Field(() => Int, { description: 'Number of won deals the caller may read.' })
  wonDeals!: number;

  @Field(() => DateScalar, { nullable: true, description: 'Close date of the first won deal.' })
  firstWonOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Close date of the latest won deal.' })
  lastWonOn!: string | null;

  @Field(() => Int, {
    description:
      'T: completed quarters from the quarter of the first win up to the last completed one (the current quarter is not counted); 0 without a win or while the first win lies in the current quarter.',
  })
  tenureQuarters!: number;

  @Field(() => Int, { description: 'A: completed quarters in which at least one deal was won.' })
  activeQuarters!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'm: revenue won in the T completed quarters / T, to the kopeck; null while T = 0.',
  })
  averageRevenuePerQuarter!: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'r: (A − 1) / (T − 1) with four decimals, 0 for a churned customer with T ≥ 1; null while T < 2 otherwise.',
  })
  retentionRate!: string | null;

  @Field(() => Int, { description: 'How many quarters ahead the projection looks (12: three years).' })
  projectionQuarters!: number;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Expected revenue of the next quarters: m × Σ r^k for k = 1…12; null while r is unknown.',
  })
  projectedValue!: string | null;

  @Field(() => DecimalScalar, { description: 'revenueToDate + projectedValue (revenueToDate alone while the projection is unknown).' })
  lifetimeValue!: string;

  @Field(() => Boolean, {
    description: 'True when every won deal of the customer counted, i.e. none was left out because the caller may not read it.',
  })
  complete!: boolean;
}

/** The owner, the managers above the owner's team and admins change an account. */
async function assertCanWriteCustomer(ctx: Context, customer: Customer, action: string): Promise<void> {
  const owner = await ctx.em.findOneOrFail(Member, customer.owner.id, { populate: ['team'] });
  await ctx.access.assertCanWriteRecordsOf(owner.id, owner.team, `${action} customer ${customer.id}`);
}

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { description: 'One customer by id. Accounts and contacts are shared by the whole sales organisation.' })
  async customer(@Arg('id', () => ID, { description: 'Customer id.' }) id: string, @Ctx() ctx: Context): Promise<Customer> {
    return requireCustomer(ctx.em, parseId(id, 'id'));
  }

  @Query(() => CustomerConnection, { description: 'Customers by name, a page at a time.' })
  async customers(
    @Arg('filter', () => CustomerFilter, { nullable: true, description: 'Which customers to list.' }) filter: CustomerFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<Customer>> {
    const request = toPageRequest(page, ctx.limits.maxPageSize);
    const where: FilterQuery<Customer>[] = [];
    if (filter?.text?.trim()) {
      const pattern = containsPattern(filter.text);
      where.push({ $or: [{ name: { $ilike: pattern } }, { taxId: { $ilike: pattern } }] });
    }
    if (filter?.lifecycleStage) where.push({ lifecycleStage: filter.lifecycleStage });
    if (filter?.ownerId) where.push({ owner: parseId(filter.ownerId, 'filter.ownerId') });
    if (filter?.keyAccount != null) where.push({ keyAccount: filter.keyAccount });
    if (filter?.industry?.trim()) where.push({ industry: { $ilike: filter.industry.trim().replace(/[\\%_]/g, (c) => `\\${c}`) } });
    if (filter?.region?.trim()) where.push({ region: { $ilike: filter.region.trim().replace(/[\\%_]/g, (c) => `\\${c}`) } });
    if (filter?.size) where.push({ size: filter.size });
    return paginate(ctx.em, Customer, { $and: where }, 'name', request);
  }

  @FieldResolver(() => Member, { description: 'The member responsible for the account.' })
  async owner(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Member> {
    return (await ctx.loaders.get(memberById).load(customer.owner.id))!;
  }

  @FieldResolver(() => [Contact], { description: 'Current contacts, the primary one first.' })
  async contacts(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Contact[]> {
    return ctx.loaders.get(activeContactsOfCustomer).load(customer.id);
  }

  @FieldResolver(() => [CustomerLifecycleChange], {
    description: 'Every lifecycle transition, oldest first, starting with the creation of the account.',
  })
  async lifecycleHistory(@Root() customer: Customer, @Ctx() ctx: Context): Promise<CustomerLifecycleChange[]> {
    return ctx.loaders.get(lifecycleOfCustomer).load(customer.id);
  }

  @FieldResolver(() => [LifecycleStage], {
    description: 'Stages changeCustomerLifecycle may move the customer to now (CUSTOMER and RETAINED come from won deals).',
  })
  allowedLifecycleTransitions(@Root() customer: Customer): LifecycleStage[] {
    return MANUAL_TRANSITIONS[customer.lifecycleStage];
  }

  @FieldResolver(() => [Deal], { description: 'Deals with the customer that the caller may read, newest first.' })
  async deals(
    @Root() customer: Customer,
    @Arg('status', () => DealStatus, { nullable: true, description: 'Only open, won or lost deals.' }) status: DealStatus | null,
    @Ctx() ctx: Context,
  ): Promise<Deal[]> {
    const scope = await ctx.access.recordScope();
    return ctx.loaders.get(readableDealsOfCustomer(scope)).load(`${customer.id}:${status ?? ''}`);
  }

  @FieldResolver(() => [Lead], { description: 'Leads of the customer that the caller may read, newest first.' })
  async leads(@Root() customer: Customer, @Ctx() ctx: Context): Promise<Lead[]> {
    return ctx.loaders.get(readableLeadsOfCustomer(await ctx.access.recordScope())).load(customer.id);
  }

  @FieldResolver(() => [Interaction], { description: 'The latest interactions with the customer that the caller may read, newest first.' })
  async interactions(
    @Root() customer: Customer,
    @Arg('last', () => Int, { defaultValue: 20, description: 'How many (1–100).' }) last: number,
    @Ctx() ctx: Context,
  ): Promise<Interaction[]> {
    if (!Number.isInteger(last) || last < 1 || last > 100) throw badInput('last', 'range', 'must be between 1 and 100');
    return ctx.loaders.get(readableInteractionsOfCustomer(await ctx.access.recordScope())).load(`${customer.id}:${last}`);
  }

  @FieldResolver(() => [FollowUp], { description: 'Follow-ups for the customer that the caller may read, by due date.' })
  async followUps(
    @Root() customer: Customer,
    @Arg('includeDone', () => Boolean, { defaultValue: false, description: 'Also list the done ones.' }) includeDone: boolean,
    @Ctx() ctx: Context,
  ): Promise<FollowUp[]> {
    return ctx.loaders.get(readableFollowUpsOfCustomer(await ctx.access.recordScope())).load(`${customer.id}:${includeDone ? 1 : 0}`);
  }

  @FieldResolver(() => CustomerLifetimeValue, {
    description: 'Revenue so far and projected lifetime value, over the won deals the caller may read.',
  })
  async lifetimeValue(@Root() customer: Customer, @Ctx() ctx: Context): Promise<LifetimeValue> {
    return ctx.loaders.get(lifetimeValueOfCustomer(await ctx.access.recordScope())).load(`${customer.id}:${customer.lifecycleStage}`);
  }

  @Mutation(() => Customer, { description: 'Creates a customer account as a PROSPECT, owned by the caller unless said otherwise.' })
  async createCustomer(@Arg('input', () => CreateCustomerInput) input: CreateCustomerInput, @Ctx() ctx: Context): Promise<Customer> {
    await ctx.access.assertCanWrite('create customers');
    const ownerId = parseOptionalId(input.ownerId, 'ownerId') ?? ctx.viewer.memberId;
    if (!ownerId) throw badInput('ownerId', 'required', 'name the owner of the account');
    const owner = await requireSeller(ctx.em, ownerId, 'ownerId');
    await ctx.access.assertCanWriteRecordsOf(owner.id, owner.team, `create customers for member ${owner.id}`);
    return ctx.em.transactional((em) => createCustomer(em, { ...input, ownerId }, ctx.viewer.memberId));
  }

  @Mutation(() => Customer, { description: 'Changes a customer: its owner, the managers above them and admins may.' })
  async updateCustomer(
    @Arg('id', () => ID, { description: 'Customer id.' }) id: string,
    @Arg('input', () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Ctx() ctx: Context,
  ): Promise<Customer> {
    const customer = await requireCustomer(ctx.em, parseId(id, 'id'));
    await assertCanWriteCustomer(ctx, customer, 'change');
    const ownerId = parseOptionalId(input.ownerId, 'ownerId');
    if (ownerId && ownerId !== customer.owner.id) {
      const owner = await requireSeller(ctx.em, ownerId, 'ownerId');
      await ctx.access.assertCanManageTeam(owner.team, `give accounts to member ${owner.id}`);
    }
    return ctx.em.transactional((em) => updateCustomer(em, customer.id, { ...input, ownerId }));
  }

  @Mutation(() => Customer, {
    description:
      'Moves a customer along its lifecycle by hand: PROSPECT → LEAD or DISQUALIFIED; LEAD → QUALIFIED or DISQUALIFIED; QUALIFIED → DISQUALIFIED; CUSTOMER or RETAINED → CHURNED; CHURNED or DISQUALIFIED → LEAD. CUSTOMER and RETAINED are reached by winning deals. The change is recorded with its time and reason.',
  })
  async changeCustomerLifecycle(
    @Arg('id', () => ID, { description: 'Customer id.' }) id: string,
    @Arg('stage', () => LifecycleStage, { description: 'The stage to move to.' }) stage: LifecycleStage,
    @Arg('reason', () => String, { description: 'Why.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<Customer> {
    const customer = await requireCustomer(ctx.em, parseId(id, 'id'));
    await assertCanWriteCustomer(ctx, customer, 'change the lifecycle of');
    return ctx.em.transactional((em) => changeCustomerLifecycle(em, customer.id, stage, reason, ctx.viewer.memberId));
  }

  @Mutation(() => Contact, { description: "Adds a contact to a customer (the account's owner, their managers, admins)." })
  async addContact(
    @Arg('customerId', () => ID, { description: 'Customer id.' }) customerId: string,
    @Arg('input', () => ContactInput) input: ContactInput,
    @Ctx() ctx: Context,
  ): Promise<Contact> {
    const customer = await requireCustomer(ctx.em, parseId(customerId, 'customerId'), 'customerId');
    await assertCanWriteCustomer(ctx, customer, 'add contacts to');
    return ctx.em.transactional((em) => addContact(em, customer.id, input));
  }

  @Mutation(() => Contact, { description: 'Changes a contact.' })
  async updateContact(
    @Arg('id', () => ID, { description: 'Contact id.' }) id: string,
    @Arg('input', () => UpdateContactInput) input: UpdateContactInput,
    @Ctx() ctx: Context,
  ): Promise<Contact> {
    const contact = await requireContact(ctx.em, parseId(id, 'id'));
    await assertCanWriteCustomer(ctx, await requireCustomer(ctx.em, contact.customer.id), 'change contacts of');
    return ctx.em.transactional((em) => updateContact(em, contact.id, input));
  }

  @Mutation(() => Contact, { description: 'Removes a contact who left; kept for history.' })
  async archiveContact(@Arg('id', () => ID, { description: 'Contact id.' }) id: string, @Ctx() ctx: Context): Promise<Contact> {
    const contact = await requireContact(ctx.em, parseId(id, 'id'));
    await assertCanWriteCustomer(ctx, await requireCustomer(ctx.em, contact.customer.id), 'remove contacts of');
    return ctx.em.transactional((em) => archiveContact(em, contact.id));
  }
}

@Resolver(() => Contact)
export class ContactResolver {
  @FieldResolver(() => Customer, { description: 'The customer the contact works for.' })
  async customer(@Root() contact: Contact, @Ctx() ctx: Context): Promise<Customer> {
    return (await ctx.loaders.get(customerById).load(contact.customer.id))!;
  }
}

@Resolver(() => CustomerLifecycleChange)
export class CustomerLifecycleChangeResolver {
  @FieldResolver(() => Member, { nullable: true, description: 'The member who made the change, when known.' })
  async changedBy(@Root() change: CustomerLifecycleChange, @Ctx() ctx: Context): Promise<Member | null> {
    return change.changedById ? ((await ctx.loaders.get(memberById).load(change.changedById)) ?? null) : null;
  }
}
