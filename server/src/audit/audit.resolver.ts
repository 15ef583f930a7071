import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { AccessRole } from '../access/viewer.js';
import { badInput } from '../errors.js';
import { Connection, PageArgs, type PageInfo, Page, readCursor, signCursor, toPageRequest } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { parseId } from '../ids.js';
import { AuditEntry } from './audit-entry.entity.js';

@ObjectType({ description: 'A page of audit entries, newest first.' })
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry', 'audit entry') {}

@InputType({ description: 'Which audit entries to list; all conditions must hold.' })
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: 'Only this mutation or endpoint, e.g. createTeam.' })
  operation?: string;

  @Field(() => ID, { nullable: true, description: 'Only entries of this member as caller.' })
  actorMemberId?: string;

  @Field(() => AccessRole, { nullable: true, description: 'Only callers with this access role.' })
  actorRole?: AccessRole;

  @Field(() => String, { nullable: true, description: 'Only this outcome: OK or an error code such as FORBIDDEN.' })
  outcome?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only mutations that changed a record of this entity (e.g. Team); with entityId, that record.',
  })
  entity?: string;

  @Field(() => ID, { nullable: true, description: 'With entity: only mutations that changed this record.' })
  entityId?: string;

  @Field(() => String, { nullable: true, description: 'Only the entries of this request id.' })
  requestId?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only entries at or after this instant.' })
  since?: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only entries before this instant.' })
  until?: Date;
}

/** Signed cursors (graphql/connection.ts) of this list, newest first by id. */
const AUDIT_LIST = 'AuditEntry.id desc';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'The audit log of mutations, newest first (ADMIN).' })
  async auditLog(
    @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Which entries to list.' }) filter: AuditLogFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Page<AuditEntry>> {
    await ctx.access.assertCanManageOrganisation('read the audit log');
    const { first } = toPageRequest({ first: page.first }, ctx.limits.maxPageSize);
    const where: FilterQuery<AuditEntry>[] = [];
    if (filter?.operation) where.push({ operation: filter.operation });
    if (filter?.actorMemberId) where.push({ actorMemberId: parseId(filter.actorMemberId, 'filter.actorMemberId') });
    if (filter?.actorRole) where.push({ actorRole: filter.actorRole });
    if (filter?.outcome) where.push({ outcome: filter.outcome });
    if (filter?.requestId) where.push({ requestId: filter.requestId });
    if (filter?.since) where.push({ at: { $gte: filter.since } });
    if (filter?.until) where.push({ at: { $lt: filter.until } });
    if (filter?.entityId && !filter.entity) throw badInput('filter.entityId', 'needs-entity', 'give entity together with entityId');
    if (filter?.entity) {
      const change = {
        entity: filter.entity,
        ...(filter.entityId ? { entityId: String(parseId(filter.entityId, 'filter.entityId')) } : {}),
      };
      where.push({ changes: { $contains: [change] } } as FilterQuery<AuditEntry>);
    }
    const condition: FilterQuery<AuditEntry> = where.length ? { $and: where } : {};
    const paged: FilterQuery<AuditEntry>[] = [condition];
    if (page.after) paged.push({ id: { $lt: readCursor(AUDIT_LIST, page.after) as number } });
    const rows = first === 0 ? [] : await ctx.em.find(AuditEntry, { $and: paged }, { orderBy: { id: 'desc' }, limit: first + 1 });
    const edges = rows.slice(0, first).map((node) => ({ cursor: signCursor(AUDIT_LIST, node.id), node }));
    const pageInfo: PageInfo = {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(page.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    };
    return new Page(edges, pageInfo, () => ctx.em.count(AuditEntry, condition));
  }
}
