import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { forbidden } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { OBJECT_POLICIES, type ObjectPolicy, type Visibility } from './object-policies.js';

/**
 * Authorization on objects, not entry points: every field of the schema that returns a type with a policy
 * (object-policies.ts) passes what it returns through that policy, whichever resolver produced it, and
 * every field of such a type reads only what the object's visibility allows. Applied once to the built
 * schema, so that a new field cannot forget it. Fails closed: an object that reached a field without
 * being admitted is refused.
 */
export function guardObjects(schema: GraphQLSchema, policies: Record<string, ObjectPolicy> = OBJECT_POLICIES): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const own = policies[type.name];
    for (const field of Object.values(type.getFields())) {
      let resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      if (own) resolve = checkedField(type.name, field.name, own, resolve);
      if (returnsGuarded(schema, field, policies)) resolve = admittedResult(field.type, policies, resolve);
      field.resolve = resolve;
    }
  }
  return schema;
}

function returnsGuarded(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, policies: Record<string, ObjectPolicy>): boolean {
  const named = getNamedType(field.type);
  if (isAbstractType(named)) return schema.getPossibleTypes(named).some((type) => policies[type.name]);
  return isObjectType(named) && policies[named.name] !== undefined;
}

/** Which fields each visibility reads: `full` all of them. */
function allows(policy: ObjectPolicy, visibility: Visibility, field: string): boolean {
  if (visibility === 'full') return true;
  return (visibility === 'card' ? policy.card : policy.directory)?.includes(field) ?? false;
}

function checkedField(
  typeName: string,
  fieldName: string,
  policy: ObjectPolicy,
  resolve: GraphQLFieldResolver<unknown, Context>,
): GraphQLFieldResolver<unknown, Context> {
  return (source, args, ctx, info) => {
    const visibility = ctx.access.admitted.get(source as object);
    if (visibility === undefined || !allows(policy, visibility, fieldName)) {
      const id = (source as { id?: unknown }).id;
      throw forbidden(`you may not read ${typeName}.${fieldName}${id === undefined ? '' : ` of ${typeName.toLowerCase()} ${String(id)}`}`);
    }
    return resolve(source, args, ctx, info);
  };
}

function admittedResult(
  type: GraphQLOutputType,
  policies: Record<string, ObjectPolicy>,
  resolve: GraphQLFieldResolver<unknown, Context>,
): GraphQLFieldResolver<unknown, Context> {
  return (source, args, ctx, info) => {
    const result = resolve(source, args, ctx, info);
    return isPromiseLike(result)
      ? result.then((value) => admit(value, type, policies, ctx, info))
      : admit(result, type, policies, ctx, info);
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/** Checks what a field returned: a single object refused is FORBIDDEN, a list leaves it out. */
async function admit(
  value: unknown,
  type: GraphQLOutputType,
  policies: Record<string, ObjectPolicy>,
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<unknown> {
  if (value === null || value === undefined || value instanceof Error) return value;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items = await Promise.all([...(value as Iterable<unknown>)].map((item) => visible(item, inner.ofType, policies, ctx, info)));
    return items.filter((item) => item !== REFUSED);
  }
  const admitted = await visible(value, inner, policies, ctx, info);
  if (admitted === REFUSED) {
    throw forbidden(`you may not read ${getNamedType(inner).name} ${String((value as { id?: unknown }).id ?? '')}`.trim());
  }
  return admitted;
}

const REFUSED = Symbol('refused');

async function visible(
  value: unknown,
  type: GraphQLOutputType,
  policies: Record<string, ObjectPolicy>,
  ctx: Context,
  info: GraphQLResolveInfo,
): Promise<unknown> {
  if (value === null || value === undefined) return value;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return admit(value, inner, policies, ctx, info);
  const typeName = await concreteTypeName(value, inner, ctx, info);
  if (typeName === null) return REFUSED;
  const policy = policies[typeName];
  if (!policy) return value;
  const visibility = await policy.visibility(ctx.access.resolved, value, ctx);
  if (visibility === null) return REFUSED;
  ctx.access.admitted.set(value as object, visibility);
  return value;
}

/** The object type of a value; null when a union or interface cannot tell (refused: fail closed). */
async function concreteTypeName(value: unknown, type: GraphQLOutputType, ctx: Context, info: GraphQLResolveInfo): Promise<string | null> {
  const named = getNamedType(type);
  if (!isAbstractType(named)) return named.name;
  const resolved = await named.resolveType?.(value, ctx, info, named);
  return typeof resolved === 'string' ? resolved : null;
}
