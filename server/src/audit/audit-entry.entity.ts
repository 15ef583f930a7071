import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { AccessRole } from '../access/viewer.js';
import { DateTimeScalar } from '../graphql/scalars.js';

/** Free-form JSON in audit answers (arguments, before / after values); output only. */
export const AuditJsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'AuditJSON',
  description: 'A JSON value recorded by the audit log (sanitised arguments, values before and after a change). Output only.',
  serialize: (value) => value,
  parseValue: () => {
    throw new GraphQLError('AuditJSON is an output type', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral: () => {
    throw new GraphQLError('AuditJSON is an output type', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

export enum AuditChangeKind {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}
registerEnumType(AuditChangeKind, {
  name: 'AuditChangeKind',
  description: 'What a mutation did to one record.',
  valuesConfig: {
    CREATE: { description: 'The record was created.' },
    UPDATE: { description: 'Some of its fields changed.' },
    DELETE: { description: 'The record was deleted.' },
  },
});

@ObjectType({ description: 'One record changed by an audited mutation, with the changed values before and after.' })
export class AuditChange {
  @Field(() => String, { description: 'Entity name, e.g. Team, Member, Deal.' })
  entity!: string;

  @Field(() => ID, { description: 'Id of the record.' })
  entityId!: string;

  @Field(() => AuditChangeKind, { description: 'Created, updated or deleted.' })
  kind!: AuditChangeKind;

  @Field(() => AuditJsonScalar, { nullable: true, description: 'Values of the changed fields before the change (null for a creation).' })
  before!: Record<string, unknown> | null;

  @Field(() => AuditJsonScalar, { nullable: true, description: 'Values of the changed fields after the change (null for a deletion).' })
  after!: Record<string, unknown> | null;
}

@ObjectType({ description: 'One mutation as the audit log recorded it: who, what, when, the outcome and what it changed.' })
@Entity({ tableName: 'audit_entry' })
@Index({ name: 'audit_entry_operation_index', properties: ['operation'] })
@Index({ name: 'audit_entry_actor_member_id_index', properties: ['actorMemberId'] })
export class AuditEntry {
  [OptionalProps]?: 'at' | 'changes' | 'error' | 'actorMemberId' | 'actorSubject';

  @Field(() => ID, { description: 'Entry id; larger ids are later.' })
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => DateTimeScalar, { description: 'When the mutation ran.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  @Index({ name: 'audit_entry_at_index' })
  at: Date = new Date();

  @Field(() => String, { description: 'Request id: the x-request-id header and the request log line.' })
  @Property({ type: 'string', length: 128 })
  requestId!: string;

  @Field(() => AccessRole, { description: 'Access role of the caller.' })
  @Enum({ items: () => AccessRole, type: 'string' })
  actorRole!: AccessRole;

  @Field(() => ID, { nullable: true, description: 'Member id of the caller, when the caller is a member.' })
  @Property({ type: 'integer', nullable: true })
  actorMemberId: number | null = null;

  @Field(() => String, { nullable: true, description: 'Who the token named (its subject), or the development header in demo mode.' })
  @Property({ type: 'string', length: 300, nullable: true })
  actorSubject: string | null = null;

  @Field(() => String, { description: 'The mutation (e.g. createTeam) or endpoint (e.g. POST /auth/embed-tokens).' })
  @Property({ type: 'string', length: 200 })
  operation!: string;

  @Field(() => AuditJsonScalar, { description: 'Its arguments, with secrets redacted and long texts cut.' })
  @Property({ type: 'json' })
  arguments!: Record<string, unknown>;

  @Field(() => String, { description: 'OK, or the error code it was refused with (FORBIDDEN, BAD_USER_INPUT, INTERNAL_SERVER_ERROR, …).' })
  @Property({ type: 'string', length: 60 })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'Why it was refused (the error message; internal errors are only named).' })
  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Field(() => [AuditChange], { description: 'Records it created, changed or deleted through the ORM, in order.' })
  @Property({ type: 'json' })
  changes: AuditChange[] = [];
}
