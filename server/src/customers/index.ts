import { FollowUpResolver, InteractionResolver, MemberFollowUpsResolver } from './activity.resolver.js';
import { ContactResolver, CustomerLifecycleChangeResolver, CustomerResolver } from './customer.resolver.js';
import { LeadHandoffResolver, LeadQualificationResolver, LeadResolver } from './lead.resolver.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import { FollowUp, Interaction } from './interaction.entity.js';
import { Lead, LeadHandoff, LeadQualification } from './lead.entity.js';
import { CustomerLifecycleChange } from './lifecycle-change.entity.js';

/** Customer relationships: accounts, contacts, lifecycle, leads, interactions and follow-ups (docs/domain.md §5). */
export const customerEntities = [Customer, Contact, CustomerLifecycleChange, Lead, LeadQualification, LeadHandoff, Interaction, FollowUp];
export const customerResolvers = [
  CustomerResolver,
  ContactResolver,
  CustomerLifecycleChangeResolver,
  LeadResolver,
  LeadHandoffResolver,
  LeadQualificationResolver,
  InteractionResolver,
  FollowUpResolver,
  MemberFollowUpsResolver,
] as const;
