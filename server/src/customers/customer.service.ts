import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, notFound } from '../errors.js';
import { MemberRole } from '../org/enums.js';
import { Member } from '../org/member.entity.js';
import { optionalText, requireEmail, requireText } from '../validate.js';
import { Contact } from './contact.entity.js';
import { Customer } from './customer.entity.js';
import { type CustomerSize, LifecycleStage } from './enums.js';
import { CustomerLifecycleChange } from './lifecycle-change.entity.js';
import { MANUAL_TRANSITIONS, canMoveByHand } from './lifecycle.js';

export interface CustomerDraft {
  name: string;
  taxId?: string | null;
  industry: string;
  region: string;
  size: CustomerSize;
  needs?: string | null;
  painPoints?: string | null;
  servicePreferences?: string | null;
  ownerId: number;
  keyAccount?: boolean | null;
}

export type CustomerPatch = { [K in keyof CustomerDraft]?: CustomerDraft[K] | null };

export async function requireCustomer(em: EntityManager, id: number, field = 'id'): Promise<Customer> {
  const customer = await em.findOne(Customer, id);
  if (!customer) throw notFound('Customer', id, field);
  return customer;
}

/** An active member who may own accounts, leads and deals: a REP or a MANAGER. */
export async function requireSeller(em: EntityManager, id: number, field: string): Promise<Member> {
  const member = await em.findOne(Member, id, { populate: ['team'] });
  if (!member) throw notFound('Member', id, field);
  if (member.archivedAt) throw badInput(field, 'archived', `member ${id} is archived`);
  if (member.role === MemberRole.SUPPORT)
    throw badInput(field, 'seller-role', `member ${id} holds the SUPPORT role; only a REP or a MANAGER owns customers, leads and deals`);
  return member;
}

function checkTaxId(value: string | null | undefined): string | null {
  const text = optionalText(value, 'taxId', 12);
  if (text === null) return null;
  if (!/^(\d{10}|\d{12})$/.test(text)) throw badInput('taxId', 'tax-id', `"${value}" is not a taxpayer number (10 or 12 digits)`);
  return text;
}

async function assertTaxIdFree(em: EntityManager, taxId: string | null, exceptId?: number): Promise<void> {
  if (!taxId) return;
  const other = await em.findOne(Customer, { taxId, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (other) throw conflict('unique-tax-id', `taxpayer number ${taxId} already belongs to customer ${other.id}`, 'taxId');
}

export async function createCustomer(em: EntityManager, draft: CustomerDraft, actorId: number | null): Promise<Customer> {
  const taxId = checkTaxId(draft.taxId);
  await assertTaxIdFree(em, taxId);
  const customer = em.create(Customer, {
    name: requireText(draft.name, 'name', 300),
    taxId,
    industry: requireText(draft.industry, 'industry', 120),
    region: requireText(draft.region, 'region', 200),
    size: draft.size,
    needs: optionalText(draft.needs, 'needs', 5000),
    painPoints: optionalText(draft.painPoints, 'painPoints', 5000),
    servicePreferences: optionalText(draft.servicePreferences, 'servicePreferences', 5000),
    owner: await requireSeller(em, draft.ownerId, 'ownerId'),
    keyAccount: draft.keyAccount ?? false,
  });
  em.create(CustomerLifecycleChange, {
    customer,
    fromStage: null,
    toStage: customer.lifecycleStage,
    changedById: actorId,
    reason: 'account created',
  });
  await em.flush();
  return customer;
}

export async function updateCustomer(em: EntityManager, id: number, patch: CustomerPatch): Promise<Customer> {
  const customer = await requireCustomer(em, id);
  if (patch.name != null) customer.name = requireText(patch.name, 'name', 300);
  if (patch.taxId !== undefined) {
    const taxId = checkTaxId(patch.taxId);
    await assertTaxIdFree(em, taxId, id);
    customer.taxId = taxId;
  }
  if (patch.industry != null) customer.industry = requireText(patch.industry, 'industry', 120);
  if (patch.region != null) customer.region = requireText(patch.region, 'region', 200);
  if (patch.size != null) customer.size = patch.size;
  if (patch.needs !== undefined) customer.needs = optionalText(patch.needs, 'needs', 5000);
  if (patch.painPoints !== undefined) customer.painPoints = optionalText(patch.painPoints, 'painPoints', 5000);
  if (patch.servicePreferences !== undefined)
    customer.servicePreferences = optionalText(patch.servicePreferences, 'servicePreferences', 5000);
  if (patch.ownerId != null) customer.owner = await requireSeller(em, patch.ownerId, 'ownerId');
  if (patch.keyAccount != null) customer.keyAccount = patch.keyAccount;
  await em.flush();
  return customer;
}

/** Moves the customer to `to` and records the change (no rule check: callers decide). */
export function recordLifecycle(
  em: EntityManager,
  customer: Customer,
  to: LifecycleStage,
  reason: string,
  actorId: number | null,
  at = new Date(),
): void {
  if (customer.lifecycleStage === to) return;
  em.create(CustomerLifecycleChange, {
    customer,
    fromStage: customer.lifecycleStage,
    toStage: to,
    changedAt: at,
    changedById: actorId,
    reason,
  });
  customer.lifecycleStage = to;
  customer.lifecycleChangedAt = at;
}

/** A transition made by hand: it must follow the lifecycle (see lifecycle.ts) and say why. */
export async function changeCustomerLifecycle(
  em: EntityManager,
  id: number,
  to: LifecycleStage,
  reason: string,
  actorId: number | null,
): Promise<Customer> {
  const customer = await requireCustomer(em, id);
  const why = requireText(reason, 'reason', 2000);
  const from = customer.lifecycleStage;
  if (from === to) throw badInput('stage', 'lifecycle-transition', `customer ${id} is already ${to}`);
  if (!canMoveByHand(from, to)) {
    const allowed = MANUAL_TRANSITIONS[from];
    const closing =
      to === LifecycleStage.CUSTOMER || to === LifecycleStage.RETAINED
        ? '; a customer becomes CUSTOMER or RETAINED only by winning a deal'
        : '';
    throw badInput(
      'stage',
      'lifecycle-transition',
      `${from} → ${to} does not follow the lifecycle; from ${from} it may move to ${allowed.join(' or ')}${closing}`,
    );
  }
  recordLifecycle(em, customer, to, why, actorId);
  await em.flush();
  return customer;
}

export interface ContactDraft {
  fullName: string;
  jobTitle?: string | null;
  email?: string | null;
  phone?: string | null;
  primary?: boolean | null;
  notes?: string | null;
}

function checkPhone(value: string | null | undefined): string | null {
  const phone = optionalText(value, 'phone', 40);
  if (phone !== null && !/^\+?[\d\s()-]{5,}$/.test(phone)) throw badInput('phone', 'phone', `"${value}" is not a phone number`);
  return phone;
}

export async function requireContact(em: EntityManager, id: number, field = 'id'): Promise<Contact> {
  const contact = await em.findOne(Contact, id);
  if (!contact) throw notFound('Contact', id, field);
  return contact;
}

async function makeOnlyPrimary(em: EntityManager, contact: Contact): Promise<void> {
  const others = await em.find(Contact, { customer: contact.customer.id, primary: true, id: { $ne: contact.id ?? 0 } });
  for (const other of others) other.primary = false;
  contact.primary = true;
}

export async function addContact(em: EntityManager, customerId: number, draft: ContactDraft): Promise<Contact> {
  const customer = await requireCustomer(em, customerId, 'customerId');
  const contact = em.create(Contact, {
    customer,
    fullName: requireText(draft.fullName, 'fullName', 200),
    jobTitle: optionalText(draft.jobTitle, 'jobTitle', 200),
    email: draft.email == null || !draft.email.trim() ? null : requireEmail(draft.email, 'email'),
    phone: checkPhone(draft.phone),
    notes: optionalText(draft.notes, 'notes', 2000),
  });
  const hasPrimary = await em.count(Contact, { customer: customerId, primary: true, archivedAt: null });
  if (draft.primary || hasPrimary === 0) await makeOnlyPrimary(em, contact);
  await em.flush();
  return contact;
}

export async function updateContact(
  em: EntityManager,
  id: number,
  patch: { [K in keyof ContactDraft]?: ContactDraft[K] | null },
): Promise<Contact> {
  const contact = await requireContact(em, id);
  if (contact.archivedAt) throw conflict('archived', `contact ${id} was removed and cannot be changed`, 'id');
  if (patch.fullName != null) contact.fullName = requireText(patch.fullName, 'fullName', 200);
  if (patch.jobTitle !== undefined) contact.jobTitle = optionalText(patch.jobTitle, 'jobTitle', 200);
  if (patch.email !== undefined) contact.email = patch.email == null || !patch.email.trim() ? null : requireEmail(patch.email, 'email');
  if (patch.phone !== undefined) contact.phone = checkPhone(patch.phone);
  if (patch.notes !== undefined) contact.notes = optionalText(patch.notes, 'notes', 2000);
  if (patch.primary === true) await makeOnlyPrimary(em, contact);
  if (patch.primary === false) contact.primary = false;
  await em.flush();
  return contact;
}

/** Removes a contact who left; interactions that name them keep the reference. */
export async function archiveContact(em: EntityManager, id: number): Promise<Contact> {
  const contact = await requireContact(em, id);
  if (contact.archivedAt) return contact;
  contact.archivedAt = new Date();
  contact.primary = false;
  await em.flush();
  return contact;
}
