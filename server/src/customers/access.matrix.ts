import {
  MEMBER_RECORD_READERS,
  MEMBER_RECORD_WRITERS,
  STAFF,
  TEAM_MANAGERS,
  notEmbedded,
  type MatrixHelpers,
  type MatrixRow,
  type MatrixTarget,
} from '../testing/access-matrix.js';
import {
  channelId,
  customerOf,
  followUpOf,
  handedOffTo,
  ids,
  inDays,
  insideSalesOf,
  interactionOf,
  known,
  leadOf,
  once,
  openLeadOf,
  otherSellerOf,
  ownedCustomerOf,
  qualifiedLeadOf,
  sharedCustomer,
} from '../testing/matrix-records.js';

/**
 * Authorization matrix rows of customers, contacts, leads, handoffs, interactions and follow-ups (README
 * "Pipeline, customers and strategy", "Who sees and changes what"):
 * - accounts and contacts are read by the whole organisation and changed by the account's owner, the
 *   managers above them and admins; only managers and admins give an account to someone else;
 * - leads, handoffs, interactions and follow-ups are member-owned records: a rep reads their own, a
 *   manager those of their subtree, analysts and admins all (lists are filtered); the owner, the managers
 *   above and admins change them;
 * - none of it is opened to embed tokens.
 */

const MEMBER_RECORDS = notEmbedded(MEMBER_RECORD_READERS);

/** An account of the target member that the rows change without giving it away. */
const account = (purpose: string) => (t: MatrixTarget, h: MatrixHelpers) => customerOf(h, t.memberId, purpose);

/** A contact of the target member's account. */
const contactOf = (h: MatrixHelpers, t: MatrixTarget) =>
  once(h, `contact:${t.memberId}`, async () => {
    const { addContact } = await h.admin<{ addContact: { id: string } }>(
      `mutation($c: ID!) { addContact(customerId: $c, input: { fullName: "Иванов Иван" }) { id } }`,
      {
        c: await account('contacts')(t, h),
      },
    );
    return addContact.id;
  });

export const rows: MatrixRow[] = [
  // Accounts and contacts: read by everyone in the organisation
  {
    operation: 'customer',
    target: 'none',
    document: `query($id: ID!) { customer(id: $id) { id name } }`,
    variables: async (_t, h) => ({ id: await sharedCustomer(h) }),
    allowed: STAFF,
  },
  {
    operation: 'customers',
    target: 'none',
    document: `query($o: ID!) { customers(first: 50, filter: { ownerId: $o }) { nodes { id } } }`,
    variables: async (_t, h) => (await sharedCustomer(h), { o: h.fixture.members.rB }),
    listed: (data) => ids(data.customers),
    listedId: (_t, f) => known(f, `customer:shared:${f.members.rB}`),
    allowed: STAFF,
  },
  {
    operation: 'createCustomer',
    target: 'member',
    document: `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
    variables: (t, h) => ({
      i: { name: h.unique('ООО «Новый клиент»'), industry: 'Ритейл', region: 'Казань', size: 'SMALL', ownerId: t.memberId },
    }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'updateCustomer',
    target: 'member',
    document: `mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }`,
    variables: async (t, h) => ({ id: await account('update')(t, h), i: { needs: h.unique('Потребности') } }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    // Giving the account to someone else: only the managers above and admins, not the owner.
    operation: 'updateCustomer',
    target: 'member',
    document: `mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id owner { id } } }`,
    variables: async (t, h) => ({ id: await ownedCustomerOf(h, t.memberId), i: { ownerId: await otherSellerOf(h, t.teamId, t.memberId) } }),
    allowed: { ADMIN: true, MANAGER: ['own', 'subtree'] },
  },
  {
    operation: 'changeCustomerLifecycle',
    target: 'member',
    document: `mutation($id: ID!, $s: LifecycleStage!) { changeCustomerLifecycle(id: $id, stage: $s, reason: "матрица") { id lifecycleStage } }`,
    variables: async (t, h) => {
      const id = await account('lifecycle')(t, h);
      const { customer } = await h.admin<{ customer: { lifecycleStage: string } }>(
        `query($id: ID!) { customer(id: $id) { lifecycleStage } }`,
        { id },
      );
      return { id, s: customer.lifecycleStage === 'LEAD' ? 'DISQUALIFIED' : 'LEAD' };
    },
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'addContact',
    target: 'member',
    document: `mutation($c: ID!, $i: ContactInput!) { addContact(customerId: $c, input: $i) { id } }`,
    variables: async (t, h) => ({ c: await account('contacts')(t, h), i: { fullName: h.unique('Петрова Анна') } }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'updateContact',
    target: 'member',
    document: `mutation($id: ID!, $i: UpdateContactInput!) { updateContact(id: $id, input: $i) { id } }`,
    variables: async (t, h) => ({ id: await contactOf(h, t), i: { jobTitle: h.unique('Директор') } }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'archiveContact',
    target: 'member',
    document: `mutation($id: ID!) { archiveContact(id: $id) { id } }`,
    variables: async (t, h) => ({ id: await contactOf(h, t) }),
    allowed: MEMBER_RECORD_WRITERS,
  },

  // Leads and handoffs: member-owned records
  {
    operation: 'lead',
    target: 'member',
    document: `query($id: ID!) { lead(id: $id) { id title } }`,
    variables: async (t, h) => ({ id: await leadOf(h, t.memberId) }),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'leads',
    target: 'member',
    document: `query($o: ID!) { leads(first: 50, filter: { ownerId: $o }) { nodes { owner { id } } } }`,
    variables: async (t, h) => (await leadOf(h, t.memberId), { o: t.memberId }),
    listed: (data) => data.leads.nodes.map((n: { owner: { id: string } }) => n.owner.id),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'createLead',
    target: 'member',
    document: `mutation($i: CreateLeadInput!) { createLead(input: $i) { id } }`,
    variables: async (t, h) => ({
      i: { title: h.unique('Новый лид'), customerId: await sharedCustomer(h), channelId: await channelId(h), ownerId: t.memberId },
    }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'qualifyLead',
    target: 'member',
    document: `mutation($id: ID!) { qualifyLead(id: $id, input: { budget: 3, authority: 2, need: 3, timeline: 2 }) { id status } }`,
    variables: async (t, h) => ({ id: await openLeadOf(h, t.memberId) }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    // A qualified lead of an inside-sales team below the target team, handed to the target team: the
    // managers of the subtree and admins may (and the inside-sales rep who owns it, not among the callers).
    operation: 'handOffLead',
    target: 'team',
    document: `mutation($id: ID!, $i: HandOffLeadInput!) { handOffLead(id: $id, input: $i) { id } }`,
    variables: async (t, h) => {
      const inside = await insideSalesOf(h, t.teamId);
      return { id: await qualifiedLeadOf(h, inside.repId), i: { toTeamId: t.teamId } };
    },
    allowed: TEAM_MANAGERS,
  },
  {
    // Handoffs to the target member of leads generated by inside sales outside the caller's subtree.
    operation: 'leadHandoffs',
    target: 'member',
    document: `query($t: ID!) { leadHandoffs(first: 50, filter: { toTeamId: $t }) { nodes { toMember { id } } } }`,
    variables: async (t, h) => (await handedOffTo(h, t.teamId, t.memberId), { t: t.teamId }),
    listed: (data) => data.leadHandoffs.nodes.map((n: { toMember: { id: string } }) => n.toMember.id),
    allowed: MEMBER_RECORDS,
  },

  // Interactions and follow-ups: member-owned records
  {
    operation: 'interactions',
    target: 'member',
    document: `query($m: ID!) { interactions(first: 50, filter: { memberId: $m }) { nodes { member { id } } } }`,
    variables: async (t, h) => (await interactionOf(h, t.memberId), { m: t.memberId }),
    listed: (data) => data.interactions.nodes.map((n: { member: { id: string } }) => n.member.id),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'logInteraction',
    target: 'member',
    document: `mutation($i: LogInteractionInput!) { logInteraction(input: $i) { id } }`,
    variables: async (t, h) => ({
      i: { kind: 'MEETING', customerId: await sharedCustomer(h), memberId: t.memberId, subject: h.unique('Встреча') },
    }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'followUps',
    target: 'member',
    document: `query($m: ID!) { followUps(first: 50, filter: { assigneeId: $m }) { nodes { assignee { id } } } }`,
    variables: async (t, h) => (await followUpOf(h, t.memberId), { m: t.memberId }),
    listed: (data) => data.followUps.nodes.map((n: { assignee: { id: string } }) => n.assignee.id),
    allowed: MEMBER_RECORDS,
  },
  {
    operation: 'createFollowUp',
    target: 'member',
    document: `mutation($i: CreateFollowUpInput!) { createFollowUp(input: $i) { id } }`,
    variables: async (t, h) => ({
      i: { customerId: await sharedCustomer(h), assigneeId: t.memberId, title: h.unique('Перезвонить'), dueDate: inDays(3) },
    }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'completeFollowUp',
    target: 'member',
    document: `mutation($id: ID!) { completeFollowUp(id: $id) { id done } }`,
    variables: async (t, h) => ({ id: await followUpOf(h, t.memberId) }),
    allowed: MEMBER_RECORD_WRITERS,
  },
];
