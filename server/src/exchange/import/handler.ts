import type { EntityManager } from '@mikro-orm/postgresql';
import type { DealStatus } from '../../pipeline/enums.js';
import { KIND_SPECS, type FieldSpec, type RecordKind } from '../kinds.js';
import type { Viewer } from '../../access/viewer.js';
import type { Mapping } from '../mappings/types.js';
import type { References } from './references.js';
import type { WrittenRecords } from './written.js';
import { intList, type Column, type ColumnValues, query } from './sql.js';
import type { FieldProblem, FieldValue } from './values.js';

/** One row on its way in: what was read, what it parsed to, which record it is, what will be written. */
export interface RowDraft {
  file: string;
  row: number;
  /** The row as read, for the rejected-rows file. */
  raw: Record<string, unknown>;
  /** Mapped field values before parsing (history stays as given). */
  fields: Record<string, unknown>;
  values: Record<string, FieldValue>;
  problems: FieldProblem[];
  externalId: string | null;
  /** Its natural key (a member's e-mail, a customer's ИНН), when the kind has one. */
  natural?: string | null;
  /** The key other rows name it by in this job: external id, else natural key. */
  key: string | null;
  /** How its file's columns map to fields. */
  mapping?: Mapping;
  /** Written as a new record by this job. */
  isNew?: boolean;
  /** The record it updates; null for a new one (its id is set when written). */
  id: number | null;
  columns: ColumnValues;
  /** Whatever the kind needs after the write (a deal's stage history). */
  extra?: unknown;
}

export interface Stage {
  id: number;
  code: string;
  position: number;
  outcome: DealStatus;
}

/** The organisation's catalogue, read once a job: stages, channels and products by code. */
export interface Catalogue {
  stages: Map<string, Stage>;
  channels: Map<string, number>;
  products: Map<string, number>;
}

export interface ImportContext {
  em: EntityManager;
  /** Who runs the import (the history of quotas records their role). */
  actor: Viewer;
  refs: References;
  catalogue: Catalogue;
  now: Date;
  /** Kinds this job imports: a reference to a kind still to come is kept for later (team managers). */
  kinds: Set<RecordKind>;
  /** Team of each member seen, for defaults (a deal's team is its owner's). */
  memberTeams: Map<number, number>;
  /** Customers whose lifecycle the job derives at the end. */
  touchedCustomers: Set<number>;
  /** Customers whose file gave their lifecycle stage: never derived. */
  lifecycleGiven: Set<number>;
  /** Work left for the end of the job (team managers named before the members came). */
  deferred: ((ctx: ImportContext) => Promise<void>)[];
  /** Errors found after a row was written (reported against that row). */
  lateErrors: { draft: RowDraft; problem: FieldProblem }[];
  /** The records this job wrote, to refuse a row that repeats another. */
  written: WrittenRecords;
}

/** What one kind adds to the generic path: its columns, derived values and work after the write. */
export interface KindHandler {
  kind: RecordKind;
  /** Columns beyond those the spec maps one to one (derived or defaulted). */
  extraColumns?: Column[];
  versioned?: boolean;
  stamped?: boolean;
  /** Fields the kind handles itself (no one-to-one column). */
  ownFields?: string[];
  /** Rows are kept whole and written in `levels` (teams: parents before children). */
  wholeFile?: boolean;
  levels?(drafts: RowDraft[], ctx: ImportContext): Promise<RowDraft[][]>;
  /** Finds records by something other than external id or natural key (a quota's owner, period, metric). */
  identify?(drafts: RowDraft[], ctx: ImportContext): Promise<void>;
  /** Fills derived columns and adds rule problems; references are resolved by then. */
  prepare?(draft: RowDraft, ctx: ImportContext): Promise<void> | void;
  /** After the batch is written: ids are set; `changed` holds the new and updated ones. */
  afterWrite?(drafts: RowDraft[], changed: Set<number>, ctx: ImportContext): Promise<void>;
}

const SQL_TYPES: Record<FieldSpec['type'], Column['type']> = {
  text: 'text',
  decimal: 'numeric',
  date: 'date',
  datetime: 'timestamptz',
  boolean: 'boolean',
  enum: 'text',
  ref: 'int',
  code: 'int',
  history: 'text',
  credits: 'text',
};

/** Fields whose empty value keeps the record's (defaults on create): never a reason to clear. */
const KEEP_WHEN_EMPTY = new Set(['createdAt', 'keyAccount', 'lifecycleStage', 'status', 'done', 'primary']);
const INSERT_DEFAULTS: Record<string, string> = {
  createdAt: 'now()',
  keyAccount: 'false',
  primary: 'false',
  done: 'false',
  lifecycleStage: "'PROSPECT'",
  status: "'OPEN'",
};

/** The columns of a kind: its spec's mapped fields, then the handler's own. */
export function columnsOf(handler: KindHandler): Column[] {
  const own = new Set(handler.ownFields ?? []);
  const mapped = KIND_SPECS[handler.kind].fields
    .filter((field) => field.column && !own.has(field.name))
    .map((field) => ({
      name: field.column!,
      type: SQL_TYPES[field.type],
      keep: KEEP_WHEN_EMPTY.has(field.name),
      insertDefault: INSERT_DEFAULTS[field.name],
    }));
  return [...mapped, ...(handler.extraColumns ?? [])];
}

/** Copies the spec's one-to-one fields into the row's columns; references must be resolved already. */
export function mapColumns(handler: KindHandler, draft: RowDraft, ctx: ImportContext): void {
  const own = new Set(handler.ownFields ?? []);
  for (const field of KIND_SPECS[handler.kind].fields) {
    if (!field.column || own.has(field.name)) continue;
    const value = draft.values[field.name] ?? null;
    if (value === null || (field.type !== 'ref' && field.type !== 'code')) {
      draft.columns[field.column] = value;
      continue;
    }
    draft.columns[field.column] =
      field.type === 'ref' ? referenceId(draft, field, String(value), ctx) : codeId(draft, field, String(value), ctx);
  }
}

function referenceId(draft: RowDraft, field: FieldSpec, key: string, ctx: ImportContext): number | null {
  const id = ctx.refs.idOf(field.ref!, key);
  if (id === undefined) draft.problems.push(ctx.refs.problem(field.ref!, field.name, key));
  return id ?? null;
}

function codeId(draft: RowDraft, field: FieldSpec, code: string, ctx: ImportContext): number | null {
  const table = field.catalogue!;
  const id =
    table === 'sales_stage'
      ? ctx.catalogue.stages.get(code.toUpperCase())?.id
      : (table === 'channel' ? ctx.catalogue.channels : ctx.catalogue.products).get(code.toUpperCase());
  if (id === undefined) {
    const known =
      table === 'sales_stage'
        ? [...ctx.catalogue.stages.keys()]
        : [...(table === 'channel' ? ctx.catalogue.channels : ctx.catalogue.products).keys()];
    draft.problems.push({ column: field.name, rule: 'unknown-code', message: `"${code}" is not one of ${known.slice(0, 12).join(', ')}` });
  }
  return id ?? null;
}

/** The team of a member the job has seen (resolved references load it). */
export async function loadMemberTeams(ctx: ImportContext, memberIds: Iterable<number>): Promise<void> {
  const wanted = [...new Set(memberIds)].filter((id) => !ctx.memberTeams.has(id));
  if (wanted.length === 0) return;
  const rows = await query<{ id: number; team_id: number }>(ctx.em, 'select id, team_id from member where id = any(?::int[])', [
    intList(wanted),
  ]);
  for (const row of rows) ctx.memberTeams.set(Number(row.id), Number(row.team_id));
}
