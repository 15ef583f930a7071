import { CustomerSize, InteractionKind, LeadStatus, LifecycleStage } from '../customers/enums.js';
import { ForecastCategory } from '../forecast/enums.js';
import { GoalKind, GoalMetric, PeriodKind, QuotaMetric } from '../goals/enums.js';
import { OrganisationObjective } from '../org/objective.js';
import { MemberRole, TeamKind, TerritoryKind } from '../org/enums.js';

/**
 * The record kinds that come in and go out, in the order an import applies them: a kind references only
 * kinds before it (a team's manager is the one exception, set once the members are in).
 */
export enum RecordKind {
  TERRITORIES = 'territories',
  TEAMS = 'teams',
  MEMBERS = 'members',
  CUSTOMERS = 'customers',
  CONTACTS = 'contacts',
  LEADS = 'leads',
  DEALS = 'deals',
  INTERACTIONS = 'interactions',
  FOLLOW_UPS = 'follow-ups',
  QUOTAS = 'quotas',
  GOALS = 'goals',
}

export const RECORD_KINDS: readonly RecordKind[] = Object.values(RecordKind);

/**
 * How a field is written in a file (the generic layout): text as is, decimals with a dot and at most
 * `scale` places, dates `YYYY-MM-DD`, times ISO 8601 with a zone, booleans true/false, enums by their
 * value, references by the referenced record's external id (or its natural key), catalogue codes by code.
 */
export type FieldType = 'text' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'enum' | 'ref' | 'code' | 'history' | 'credits';

export interface FieldSpec {
  /** Column name in the generic layout (and key in JSON / NDJSON). */
  name: string;
  type: FieldType;
  /** Table column it is stored in (references: the foreign key column). */
  column?: string;
  required?: boolean;
  /** Text: longest length in characters. */
  max?: number;
  /** Decimal: places after the point. */
  scale?: number;
  /** Enum: the values it takes. */
  values?: readonly string[];
  /** Reference: the kind it names. */
  ref?: RecordKind;
  /** Catalogue code: the table whose `code` it names (sales_stage, channel, product). */
  catalogue?: 'sales_stage' | 'channel' | 'product';
  description: string;
}

export interface KindSpec {
  kind: RecordKind;
  table: string;
  /** Field that identifies a record when a row has no external id (unique in the table). */
  naturalKey?: string;
  /** Column an incremental export follows (`updatedSince`). */
  changedColumn: 'updated_at' | 'created_at';
  fields: readonly FieldSpec[];
}

const externalId: FieldSpec = {
  name: 'externalId',
  type: 'text',
  max: 200,
  description: "The record's id in the source system; importing again with the same source and id updates it.",
};
const archivedAt = (what: string): FieldSpec => ({
  name: 'archivedAt',
  type: 'datetime',
  column: 'archived_at',
  description: `When the ${what} was archived; empty for a current one.`,
});
const enumOf = (values: Record<string, string>): readonly string[] => Object.values(values);
const money = (name: string, column: string, description: string, required = true): FieldSpec => ({
  name,
  type: 'decimal',
  column,
  scale: 2,
  required,
  description,
});

export const KIND_SPECS: Record<RecordKind, KindSpec> = {
  [RecordKind.TERRITORIES]: {
    kind: RecordKind.TERRITORIES,
    table: 'territory',
    naturalKey: 'name',
    changedColumn: 'created_at',
    fields: [
      externalId,
      { name: 'name', type: 'text', column: 'name', required: true, max: 200, description: 'Territory name.' },
      {
        name: 'kind',
        type: 'enum',
        column: 'kind',
        required: true,
        values: enumOf(TerritoryKind),
        description: 'How the territory is cut.',
      },
      money('potential', 'potential', 'Sales potential a year.'),
      money('marketSize', 'market_size', 'Total yearly spend of the customers in it.'),
      { name: 'description', type: 'text', column: 'description', max: 4000, description: 'Free text.' },
      archivedAt('territory'),
    ],
  },
  [RecordKind.TEAMS]: {
    kind: RecordKind.TEAMS,
    table: 'team',
    naturalKey: 'name',
    changedColumn: 'created_at',
    fields: [
      externalId,
      { name: 'name', type: 'text', column: 'name', required: true, max: 200, description: 'Team name.' },
      { name: 'kind', type: 'enum', column: 'kind', required: true, values: enumOf(TeamKind), description: 'How the team is organised.' },
      { name: 'parent', type: 'ref', column: 'parent_id', ref: RecordKind.TEAMS, description: 'The team above; empty for a root.' },
      { name: 'manager', type: 'ref', column: 'manager_id', ref: RecordKind.MEMBERS, description: 'The member who manages it.' },
      { name: 'territory', type: 'ref', column: 'territory_id', ref: RecordKind.TERRITORIES, description: 'The territory it covers.' },
      { name: 'description', type: 'text', column: 'description', max: 4000, description: 'Free text.' },
      archivedAt('team'),
    ],
  },
  [RecordKind.MEMBERS]: {
    kind: RecordKind.MEMBERS,
    table: 'member',
    naturalKey: 'email',
    changedColumn: 'created_at',
    fields: [
      externalId,
      { name: 'fullName', type: 'text', column: 'full_name', required: true, max: 200, description: 'Full name.' },
      { name: 'email', type: 'text', column: 'email', required: true, max: 320, description: 'Work e-mail; unique.' },
      { name: 'role', type: 'enum', column: 'role', required: true, values: enumOf(MemberRole), description: 'Role in the team.' },
      { name: 'team', type: 'ref', column: 'team_id', required: true, ref: RecordKind.TEAMS, description: 'The team they belong to.' },
      { name: 'territory', type: 'ref', column: 'territory_id', ref: RecordKind.TERRITORIES, description: 'Their own territory.' },
      { name: 'capability', type: 'decimal', column: 'capability', scale: 2, required: true, description: 'Capability score 0.00–5.00.' },
      { name: 'hireDate', type: 'date', column: 'hire_date', required: true, description: 'Day they were hired.' },
      archivedAt('member'),
    ],
  },
  [RecordKind.CUSTOMERS]: {
    kind: RecordKind.CUSTOMERS,
    table: 'customer',
    naturalKey: 'taxId',
    changedColumn: 'updated_at',
    fields: [
      externalId,
      { name: 'name', type: 'text', column: 'name', required: true, max: 300, description: 'Company name.' },
      { name: 'taxId', type: 'text', column: 'tax_id', max: 12, description: 'ИНН: 10 digits (company) or 12 (sole trader); unique.' },
      { name: 'industry', type: 'text', column: 'industry', required: true, max: 120, description: 'Industry.' },
      { name: 'region', type: 'text', column: 'region', required: true, max: 200, description: 'Region.' },
      { name: 'size', type: 'enum', column: 'size', required: true, values: enumOf(CustomerSize), description: 'Company size.' },
      { name: 'owner', type: 'ref', column: 'owner_id', required: true, ref: RecordKind.MEMBERS, description: 'Account owner.' },
      { name: 'keyAccount', type: 'boolean', column: 'key_account', description: 'A key account; false when empty.' },
      {
        name: 'lifecycleStage',
        type: 'enum',
        column: 'lifecycle_stage',
        values: enumOf(LifecycleStage),
        description: 'Lifecycle stage; when empty, derived from the imported leads and deals.',
      },
      { name: 'needs', type: 'text', column: 'needs', max: 4000, description: 'What the customer needs.' },
      { name: 'painPoints', type: 'text', column: 'pain_points', max: 4000, description: 'Pain points.' },
      { name: 'servicePreferences', type: 'text', column: 'service_preferences', max: 4000, description: 'How they like to be served.' },
      { name: 'createdAt', type: 'datetime', column: 'created_at', description: 'When the account was opened; now when empty.' },
    ],
  },
  [RecordKind.CONTACTS]: {
    kind: RecordKind.CONTACTS,
    table: 'contact',
    changedColumn: 'created_at',
    fields: [
      externalId,
      { name: 'customer', type: 'ref', column: 'customer_id', required: true, ref: RecordKind.CUSTOMERS, description: 'Their company.' },
      { name: 'fullName', type: 'text', column: 'full_name', required: true, max: 200, description: 'Full name.' },
      { name: 'jobTitle', type: 'text', column: 'job_title', max: 200, description: 'Job title.' },
      { name: 'email', type: 'text', column: 'email', max: 320, description: 'E-mail.' },
      { name: 'phone', type: 'text', column: 'phone', max: 40, description: 'Phone.' },
      { name: 'primary', type: 'boolean', column: 'primary', description: "The customer's primary contact." },
      { name: 'notes', type: 'text', column: 'notes', max: 4000, description: 'Free text.' },
      archivedAt('contact'),
    ],
  },
  [RecordKind.LEADS]: {
    kind: RecordKind.LEADS,
    table: 'lead',
    changedColumn: 'updated_at',
    fields: [
      externalId,
      { name: 'title', type: 'text', column: 'title', required: true, max: 300, description: 'What the interest is about.' },
      { name: 'description', type: 'text', column: 'description', max: 4000, description: 'Free text.' },
      { name: 'customer', type: 'ref', column: 'customer_id', required: true, ref: RecordKind.CUSTOMERS, description: 'The customer.' },
      { name: 'contact', type: 'ref', column: 'contact_id', ref: RecordKind.CONTACTS, description: 'The contact who asked.' },
      { name: 'channel', type: 'code', column: 'channel_id', required: true, catalogue: 'channel', description: 'Channel code.' },
      { name: 'owner', type: 'ref', column: 'owner_id', required: true, ref: RecordKind.MEMBERS, description: 'Who works the lead.' },
      { name: 'team', type: 'ref', column: 'team_id', ref: RecordKind.TEAMS, description: "Team credited; the owner's team when empty." },
      {
        name: 'generatedBy',
        type: 'ref',
        column: 'generated_by_id',
        ref: RecordKind.MEMBERS,
        description: 'Who found it; the owner when empty.',
      },
      {
        name: 'sourceTeam',
        type: 'ref',
        column: 'source_team_id',
        ref: RecordKind.TEAMS,
        description: "Team that found it; the finder's team when empty.",
      },
      { name: 'status', type: 'enum', column: 'status', values: enumOf(LeadStatus), description: 'Status; OPEN when empty.' },
      { name: 'createdAt', type: 'datetime', column: 'created_at', description: 'When it arrived; now when empty.' },
      { name: 'qualifiedAt', type: 'datetime', column: 'qualified_at', description: 'When it was qualified.' },
      { name: 'handedOffAt', type: 'datetime', column: 'handed_off_at', description: 'When it was handed to another team.' },
      { name: 'convertedAt', type: 'datetime', column: 'converted_at', description: 'When it became a deal.' },
    ],
  },
  [RecordKind.DEALS]: {
    kind: RecordKind.DEALS,
    table: 'deal',
    changedColumn: 'updated_at',
    fields: [
      externalId,
      { name: 'title', type: 'text', column: 'title', required: true, max: 300, description: 'Deal title.' },
      {
        name: 'customer',
        type: 'ref',
        column: 'account_id',
        required: true,
        ref: RecordKind.CUSTOMERS,
        description: 'The customer account.',
      },
      { name: 'owner', type: 'ref', column: 'owner_id', required: true, ref: RecordKind.MEMBERS, description: 'Who owns the deal.' },
      { name: 'team', type: 'ref', column: 'team_id', ref: RecordKind.TEAMS, description: "Team credited; the owner's team when empty." },
      { name: 'stage', type: 'code', column: 'stage_id', required: true, catalogue: 'sales_stage', description: 'Current stage code.' },
      money('amount', 'amount', 'Deal amount in the organisation currency.'),
      {
        name: 'expectedCloseDate',
        type: 'date',
        column: 'expected_close_date',
        required: true,
        description: 'Day it is expected to close.',
      },
      {
        name: 'closeDate',
        type: 'date',
        column: 'close_date',
        description: 'Day it was won or lost; required for a closed stage, never in the future.',
      },
      { name: 'closeReason', type: 'text', column: 'close_reason', max: 4000, description: 'Why it was won or lost.' },
      { name: 'channel', type: 'code', column: 'channel_id', required: true, catalogue: 'channel', description: 'Channel code.' },
      { name: 'product', type: 'code', column: 'product_id', catalogue: 'product', description: 'Product code (SKU).' },
      { name: 'lead', type: 'ref', column: 'lead_id', ref: RecordKind.LEADS, description: 'The lead it came from.' },
      {
        name: 'createdAt',
        type: 'datetime',
        column: 'created_at',
        description: 'When it was opened; the first history entry or now when empty.',
      },
      {
        name: 'forecastCategory',
        type: 'enum',
        column: 'forecast_category_override',
        values: enumOf(ForecastCategory),
        description: 'Forecast category set by hand; empty to follow the stage.',
      },
      {
        name: 'forecastReason',
        type: 'text',
        column: 'forecast_override_reason',
        max: 500,
        description: 'Why the category was set by hand.',
      },
      {
        name: 'stageHistory',
        type: 'history',
        description:
          'Stage changes, oldest first: `CODE@time` separated by `|` in CSV, an array of { stage, changedAt } in JSON; the last entry is the current stage.',
      },
      {
        name: 'credits',
        type: 'credits',
        description:
          'Credit split: `member=percent` separated by `|` in CSV (`member=+percent` for an overlay share), an array of { member, percent, overlay } in JSON; members by external id or e-mail; the regular shares sum to 100 and include the owner; empty: the owner has 100 %.',
      },
    ],
  },
  [RecordKind.INTERACTIONS]: {
    kind: RecordKind.INTERACTIONS,
    table: 'interaction',
    changedColumn: 'created_at',
    fields: [
      externalId,
      {
        name: 'kind',
        type: 'enum',
        column: 'kind',
        required: true,
        values: enumOf(InteractionKind),
        description: 'Call, meeting, e-mail or note.',
      },
      { name: 'customer', type: 'ref', column: 'customer_id', required: true, ref: RecordKind.CUSTOMERS, description: 'The customer.' },
      { name: 'deal', type: 'ref', column: 'deal_id', ref: RecordKind.DEALS, description: 'The deal it was about.' },
      { name: 'contact', type: 'ref', column: 'contact_id', ref: RecordKind.CONTACTS, description: 'The contact it was with.' },
      { name: 'member', type: 'ref', column: 'member_id', required: true, ref: RecordKind.MEMBERS, description: 'Who logged it.' },
      {
        name: 'occurredAt',
        type: 'datetime',
        column: 'occurred_at',
        required: true,
        description: 'When it happened; never in the future.',
      },
      { name: 'subject', type: 'text', column: 'subject', required: true, max: 300, description: 'Subject.' },
      { name: 'notes', type: 'text', column: 'notes', max: 4000, description: 'Free text.' },
    ],
  },
  [RecordKind.FOLLOW_UPS]: {
    kind: RecordKind.FOLLOW_UPS,
    table: 'follow_up',
    changedColumn: 'created_at',
    fields: [
      externalId,
      { name: 'customer', type: 'ref', column: 'customer_id', required: true, ref: RecordKind.CUSTOMERS, description: 'The customer.' },
      { name: 'deal', type: 'ref', column: 'deal_id', ref: RecordKind.DEALS, description: 'The deal it is about.' },
      { name: 'assignee', type: 'ref', column: 'assignee_id', required: true, ref: RecordKind.MEMBERS, description: 'Who does it.' },
      { name: 'title', type: 'text', column: 'title', required: true, max: 300, description: 'What to do.' },
      { name: 'notes', type: 'text', column: 'notes', max: 4000, description: 'Free text.' },
      { name: 'dueDate', type: 'date', column: 'due_date', required: true, description: 'Day it is due.' },
      { name: 'done', type: 'boolean', column: 'done', description: 'Done; false when empty.' },
      { name: 'doneAt', type: 'datetime', column: 'done_at', description: 'When it was done.' },
    ],
  },
  [RecordKind.QUOTAS]: {
    kind: RecordKind.QUOTAS,
    table: 'quota',
    changedColumn: 'updated_at',
    fields: [
      externalId,
      { name: 'member', type: 'ref', column: 'member_id', ref: RecordKind.MEMBERS, description: "The member's quota (or give team)." },
      { name: 'team', type: 'ref', column: 'team_id', ref: RecordKind.TEAMS, description: "The team's quota (or give member)." },
      { name: 'periodKind', type: 'enum', required: true, values: enumOf(PeriodKind), description: 'MONTH, QUARTER or YEAR.' },
      { name: 'periodStart', type: 'date', required: true, description: "The period's first day; the period is created when missing." },
      {
        name: 'metric',
        type: 'enum',
        column: 'metric',
        required: true,
        values: enumOf(QuotaMetric),
        description: 'What the quota counts.',
      },
      money('target', 'target', 'Target: an amount for REVENUE, a whole number for the counts.'),
    ],
  },
  [RecordKind.GOALS]: {
    kind: RecordKind.GOALS,
    table: 'goal',
    changedColumn: 'updated_at',
    fields: [
      externalId,
      { name: 'kind', type: 'enum', column: 'kind', required: true, values: enumOf(GoalKind), description: 'QUANTITATIVE or QUALITATIVE.' },
      { name: 'statement', type: 'text', column: 'statement', required: true, max: 4000, description: 'The goal in words.' },
      { name: 'metric', type: 'enum', column: 'metric', values: enumOf(GoalMetric), description: 'Metric (quantitative goals).' },
      money('target', 'target', 'Target (quantitative goals).', false),
      {
        name: 'acceptanceCriteria',
        type: 'text',
        column: 'acceptance_criteria',
        max: 4000,
        description: 'When it is met (qualitative goals).',
      },
      {
        name: 'objective',
        type: 'enum',
        column: 'objective',
        required: true,
        values: enumOf(OrganisationObjective),
        description: 'Organisation objective it serves.',
      },
      { name: 'member', type: 'ref', column: 'member_id', ref: RecordKind.MEMBERS, description: "The member's goal (or give team)." },
      { name: 'team', type: 'ref', column: 'team_id', ref: RecordKind.TEAMS, description: "The team's goal (or give member)." },
      { name: 'periodKind', type: 'enum', required: true, values: enumOf(PeriodKind), description: 'MONTH, QUARTER or YEAR.' },
      { name: 'periodStart', type: 'date', required: true, description: "The period's first day; the period is created when missing." },
      archivedAt('goal'),
    ],
  },
};

/** A kind by its name in a file name, a flag or an argument (`deals`, `follow-ups`, `followUps`). */
export function kindNamed(name: string): RecordKind | null {
  const normal = name
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/_/g, '-');
  return RECORD_KINDS.find((kind) => kind === normal) ?? null;
}
