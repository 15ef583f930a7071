import { AsyncLocalStorage } from 'node:async_hooks';
import { Utils, type ChangeSet, type EventArgs, type EventSubscriber, type TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { defaultFieldResolver, GraphQLObjectType } from 'graphql';
import type { Viewer } from '../access/viewer.js';
import { domainErrorIn } from '../errors.js';
import type { Context } from '../graphql/context.js';
import type { Logger } from '../logger.js';
import { currentRequestScope } from '../request-scope.js';
import { storableText } from '../text.js';
import { AuditChangeKind, type AuditChange } from './audit-entry.entity.js';

/**
 * The audit log records every mutation — who, what, when, the outcome — with the entity change sets of
 * its transactions. Nothing is asked of the resolvers: the schema wraps each Mutation field
 * (schema.ts → `auditedMutationResolver`), and an ORM subscriber collects what their flushes
 * change. The entry is written inside the mutation's transaction, just before it commits, so a change
 * is never committed without its entry; a mutation refused before (or rolled back) gets its entry
 * right after, with the error code.
 */
export interface MutationAudit {
  requestId: string;
  viewer: Viewer;
  operation: string;
  arguments: Record<string, unknown>;
  /** Changes flushed but not yet written to the entry. */
  pending: AuditChange[];
  entryId: number | null;
}

const storage = new AsyncLocalStorage<MutationAudit>();

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authori[sz]ation|credential/i;
const MAX_TEXT = 500;
const MAX_ITEMS = 100;

/**
 * Arguments and values as stored: secrets redacted, long texts and lists cut, entities as their ids, and
 * text PostgreSQL cannot store (NUL, lone surrogates) replaced, so that even a refused hostile request
 * gets its entry.
 */
export function sanitise(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string')
    return storableText(value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}… (${value.length} characters)` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (depth >= 6) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => sanitise(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  if (Utils.isEntity(value, true)) return (value as { id?: unknown }).id ?? String(value);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      out[storableText(key)] = SECRET_KEY.test(key) ? '[redacted]' : sanitise(item, depth + 1);
    return out;
  }
  return String(value);
}

function pick(data: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = SECRET_KEY.test(key) ? '[redacted]' : sanitise(data?.[key]);
  return out;
}

function changeOf(kind: AuditChangeKind, args: EventArgs<object>): AuditChange {
  const changeSet = args.changeSet as ChangeSet<object>;
  const entity = args.entity as Record<string, unknown>;
  const entityId = args.meta.primaryKeys.map((key) => String(entity[key])).join(',');
  const payload = (changeSet?.payload ?? {}) as Record<string, unknown>;
  const original = changeSet?.originalEntity as Record<string, unknown> | undefined;
  if (kind === AuditChangeKind.CREATE)
    return {
      entity: args.meta.className,
      entityId,
      kind,
      before: null,
      after: pick({ ...payload, ...pick(entity, args.meta.primaryKeys) }, [...args.meta.primaryKeys, ...Object.keys(payload)]),
    };
  if (kind === AuditChangeKind.DELETE)
    return { entity: args.meta.className, entityId, kind, before: original ? pick(original, Object.keys(original)) : null, after: null };
  const keys = Object.keys(payload);
  return { entity: args.meta.className, entityId, kind, before: pick(original, keys), after: pick(payload, keys) };
}

const INSERT = `insert into audit_entry (request_id, actor_role, actor_member_id, actor_subject, operation, arguments, outcome, error, changes)
  values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb) returning id`;

async function insertEntry(
  em: EntityManager,
  audit: MutationAudit,
  outcome: string,
  error: string | null,
  transaction?: unknown,
): Promise<number> {
  const params = [
    audit.requestId,
    audit.viewer.role,
    audit.viewer.memberId,
    audit.viewer.subject?.slice(0, 300) ?? null,
    audit.operation.slice(0, 200),
    JSON.stringify(audit.arguments),
    outcome,
    error,
    JSON.stringify(audit.pending),
  ];
  const rows = await em.getConnection().execute<{ id: number }[]>(INSERT, params, 'all', transaction as never);
  audit.pending = [];
  return rows[0].id;
}

/**
 * Records a job that ran outside a mutation (an import from the command line or the job queue) as one
 * entry, in the caller's transaction: what it was asked, and a summary of what it changed.
 */
export async function recordJobEntry(
  em: EntityManager,
  job: { requestId: string; viewer: Viewer; operation: string; arguments: Record<string, unknown>; changes: AuditChange[] },
): Promise<number> {
  const audit: MutationAudit = {
    requestId: job.requestId,
    viewer: job.viewer,
    operation: job.operation,
    arguments: sanitise(job.arguments) as Record<string, unknown>,
    pending: job.changes,
    entryId: null,
  };
  return insertEntry(em, audit, 'OK', null, em.getTransactionContext());
}

/** Records a change the ORM does not see (e.g. a token issued) on the entry of the running mutation. */
export function recordAuditChange(change: AuditChange): void {
  const audit = storage.getStore();
  if (audit)
    audit.pending.push({
      ...change,
      before: sanitise(change.before) as AuditChange['before'],
      after: sanitise(change.after) as AuditChange['after'],
    });
}

/** Collects the change sets of audited mutations and writes their entries in the same transaction. */
export class AuditSubscriber implements EventSubscriber {
  afterCreate(args: EventArgs<object>): void {
    storage.getStore()?.pending.push(changeOf(AuditChangeKind.CREATE, args));
  }

  afterUpdate(args: EventArgs<object>): void {
    storage.getStore()?.pending.push(changeOf(AuditChangeKind.UPDATE, args));
  }

  afterDelete(args: EventArgs<object>): void {
    storage.getStore()?.pending.push(changeOf(AuditChangeKind.DELETE, args));
  }

  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    const audit = storage.getStore();
    if (!audit || audit.pending.length === 0) return;
    const em = args.em as EntityManager;
    if (audit.entryId === null) {
      audit.entryId = await insertEntry(em, audit, 'OK', null, args.transaction);
    } else {
      await em
        .getConnection()
        .execute(
          'update audit_entry set changes = changes || ?::jsonb where id = ?',
          [JSON.stringify(audit.pending), audit.entryId],
          'run',
          args.transaction as never,
        );
      audit.pending = [];
    }
  }
}

function outcomeOf(error: unknown): { outcome: string; message: string | null } {
  // A rule violation refused outside a resolver reaches here wrapped in a GraphQL error.
  const violation = domainErrorIn(error);
  if (violation) return { outcome: violation.code, message: violation.message.slice(0, 2000) };
  const code = (error as { extensions?: { code?: unknown } })?.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')
    return { outcome: code, message: String((error as Error).message).slice(0, 2000) };
  return { outcome: 'INTERNAL_SERVER_ERROR', message: null };
}

export interface AuditTarget {
  em: EntityManager;
  log: Logger;
  requestId: string;
  viewer: Viewer;
}

/** The audit of one mutation call, before anything is recorded of it. */
function newAudit(target: AuditTarget, operation: string, args: Record<string, unknown>): MutationAudit {
  return {
    requestId: target.requestId,
    viewer: target.viewer,
    operation,
    arguments: sanitise(args) as Record<string, unknown>,
    pending: [],
    entryId: null,
  };
}

/**
 * Runs one mutation (or audited endpoint) under the audit log. Its committed changes are recorded by the
 * subscriber inside their transaction; what is left — a refusal, a rollback, a mutation that changed no
 * row — is written here, after it ended, and before the answer goes out.
 */
export async function audited<T>(target: AuditTarget, operation: string, args: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
  markAudited();
  const audit = newAudit(target, operation, args);
  let result: T;
  try {
    result = await storage.run(audit, run);
  } catch (error) {
    const { outcome, message } = outcomeOf(error);
    await writeAfter(target, audit, outcome, message);
    throw error;
  }
  // A success that wrote no entry yet (no transaction changed a row): its answer waits for the entry,
  // and fails when the entry cannot be written.
  if (audit.entryId === null && !(await writeAfter(target, audit, 'OK', null))) throw new Error('could not write the audit entry');
  return result;
}

async function writeAfter(target: AuditTarget, audit: MutationAudit, outcome: string, message: string | null): Promise<boolean> {
  // Changes of a rolled-back transaction never happened: the entry keeps only the attempt.
  if (outcome !== 'OK') audit.pending = [];
  try {
    const em = target.em.fork();
    if (audit.entryId === null) await insertEntry(em, audit, outcome, message);
    else
      await em
        .getConnection()
        .execute('update audit_entry set outcome = ?, error = ? where id = ?', [outcome, message, audit.entryId], 'run');
    return true;
  } catch (error) {
    target.log.error({ err: error, operation: audit.operation, outcome }, 'could not write the audit entry');
    return false;
  }
}

/** Tells the request that its mutations have their entries (see audit/refusals.ts). */
function markAudited(): void {
  const scope = currentRequestScope();
  if (scope) scope.audited = true;
}

/**
 * Records mutations refused before they ran: to read-only callers (access/guard.ts), for invalid input or
 * a query limit (audit/refusals.ts), or a failed service key (access/embed-endpoint.ts).
 */
export async function recordRefusal(
  target: AuditTarget,
  operations: string[],
  args: Record<string, unknown>,
  error: unknown,
): Promise<void> {
  markAudited();
  const { outcome, message } = outcomeOf(error);
  for (const operation of operations) await writeAfter(target, newAudit(target, operation, args), outcome, message);
}

/** Wraps every field of the Mutation type so that each call is audited (used by schema.ts). */
export function auditedMutationType(type: GraphQLObjectType): GraphQLObjectType {
  const config = type.toConfig();
  for (const [name, field] of Object.entries(config.fields)) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, ctx: Context, info) =>
      audited({ em: ctx.em, log: ctx.log, requestId: ctx.requestId, viewer: ctx.viewer }, name, args, async () =>
        resolve(root, args, ctx, info),
      );
  }
  return new GraphQLObjectType(config);
}
