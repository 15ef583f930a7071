import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The reachability walk (access/reachability.test.ts): documents generated from the schema, one per root
 * field, that select every field reachable from it (each `Type.field` expanded once per document, up to a
 * depth), and a check of every object an answer returns against an independent oracle of the caller's
 * scope. Nothing here knows the server's policy code: a new type or field is walked without editing it.
 */

/** Values for the arguments a walk must fill. */
export interface WalkValues {
  periodId: string;
  teamId: string;
  memberId: string;
}

export interface WalkOptions {
  schema: GraphQLSchema;
  values: WalkValues;
  /** Which schema coordinates (`Type.field`) to select (an embed token's widget fields; everything otherwise). */
  selects(coordinate: string): boolean;
  maxDepth: number;
}

/** A root field's document for one value of its `id` argument (when it has one). */
export interface WalkDocument {
  root: string;
  document: string;
}

const PAGE = 3;

function argumentValue(arg: GraphQLArgument, values: WalkValues, id: string | undefined): string | null | undefined {
  if (arg.name === 'first' && !isNonNullType(arg.type)) return String(PAGE);
  if (!isNonNullType(arg.type) || arg.defaultValue !== undefined) return undefined;
  const named = getNamedType(arg.type);
  if (arg.name === 'id') return id === undefined ? null : JSON.stringify(id);
  if (arg.name === 'periodId') return JSON.stringify(values.periodId);
  if (arg.name === 'teamId') return JSON.stringify(values.teamId);
  if (arg.name === 'memberId') return JSON.stringify(values.memberId);
  if (isEnumType(named)) {
    const first = named.getValues()[0].name;
    return isListType(getNullableType(arg.type)) ? `[${first}]` : first;
  }
  if (named.name === 'FunnelFilter') return `{ teamId: ${JSON.stringify(values.teamId)}, periodId: ${JSON.stringify(values.periodId)} }`;
  return null;
}

/** The argument list of a field, or null when a required argument cannot be filled (the field is not walked). */
function argumentsOf(field: GraphQLField<unknown, unknown>, values: WalkValues, id?: string): string | null {
  const parts: string[] = [];
  for (const arg of field.args) {
    const value = argumentValue(arg, values, id);
    if (value === null) return null;
    if (value !== undefined) parts.push(`${arg.name}: ${value}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

function selectionOf(type: GraphQLNamedType, depth: number, options: WalkOptions, expanded: Set<string>): string | null {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    const branches = options.schema.getPossibleTypes(type).map((t) => `... on ${t.name} ${objectSelection(t, depth, options, expanded)}`);
    return `{ __typename ${branches.join(' ')} }`;
  }
  return isObjectType(type) ? objectSelection(type, depth, options, expanded) : null;
}

function objectSelection(type: GraphQLObjectType, depth: number, options: WalkOptions, expanded: Set<string>): string {
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    const coordinate = `${type.name}.${field.name}`;
    if (!options.selects(coordinate)) continue;
    const args = argumentsOf(field, options.values);
    if (args === null) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(`${field.name}${args}`);
      continue;
    }
    if (depth >= options.maxDepth || expanded.has(coordinate)) continue;
    expanded.add(coordinate);
    const inner = selectionOf(named, depth + 1, options, expanded);
    if (inner) parts.push(`${field.name}${args} ${inner}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** Documents for every root Query field the options select: one per id in `idsOf(returned type)` for `id` roots. */
export function walkDocuments(
  options: WalkOptions,
  idsOf: (typeName: string) => string[],
): { documents: WalkDocument[]; skipped: string[] } {
  const documents: WalkDocument[] = [];
  const skipped: string[] = [];
  for (const field of Object.values(options.schema.getQueryType()!.getFields())) {
    if (!options.selects(`Query.${field.name}`)) continue;
    const needsId = field.args.some((arg) => arg.name === 'id' && isNonNullType(arg.type));
    const ids = needsId ? idsOf(getNamedType(field.type).name) : [undefined];
    for (const id of ids) {
      const args = argumentsOf(field, options.values, id);
      const selection = args === null ? null : selectionOf(getNamedType(field.type), 1, options, new Set());
      if (args === null || selection === null) {
        skipped.push(field.name);
        break;
      }
      documents.push({ root: field.name, document: `{ ${field.name}${args} ${selection} }` });
    }
  }
  return { documents, skipped };
}

/** The schema coordinates (`Type.field`) an error's path ends at (several where it runs through a union). */
export function coordinatesAt(schema: GraphQLSchema, path: readonly (string | number)[]): string[] {
  let types: GraphQLNamedType[] = [schema.getQueryType()!];
  let last: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    const objects = types.flatMap((t) => (isAbstractType(t) ? schema.getPossibleTypes(t) : isObjectType(t) ? [t] : []));
    const owners = objects.filter((t) => t.getFields()[segment]);
    last = owners.map((t) => `${t.name}.${segment}`);
    types = owners.map((t) => getNamedType(t.getFields()[segment].type));
  }
  return last;
}

/** What the oracle says a caller sees of one object: the fields it may read, or null when it must not be returned. */
export type Expectation = ReadonlySet<string> | 'all' | null;

export interface Finding {
  path: string;
  problem: string;
}

/** Walks an answer with the schema's types and reports every object or field the oracle says the caller must not get. */
export function checkAnswer(
  schema: GraphQLSchema,
  data: unknown,
  expect: (typeName: string, object: Record<string, unknown>) => Expectation | undefined,
  seen: (typeName: string) => void,
): Finding[] {
  const findings: Finding[] = [];
  const visit = (value: unknown, type: GraphQLOutputType, path: string) => {
    if (value === null || value === undefined) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      (value as unknown[]).forEach((item, index) => visit(item, inner.ofType, `${path}[${index}]`));
      return;
    }
    const named = getNamedType(inner);
    if (isLeafType(named)) return;
    const object = value as Record<string, unknown>;
    const concrete = schema.getType(String(object.__typename ?? named.name));
    if (!isObjectType(concrete)) return;
    const expectation = expect(concrete.name, object);
    if (expectation !== undefined) seen(concrete.name);
    if (expectation === null) findings.push({ path, problem: `${concrete.name} ${String(object.id)} is outside the caller's scope` });
    const fields = concrete.getFields();
    for (const [key, child] of Object.entries(object)) {
      if (key === '__typename' || child === null) continue;
      if (expectation && expectation !== 'all' && !expectation.has(key))
        findings.push({ path: `${path}.${key}`, problem: `${concrete.name}.${key} is not readable here` });
      if (fields[key]) visit(child, fields[key].type, `${path}.${key}`);
    }
  };
  const query = schema.getQueryType()!.getFields();
  for (const [key, value] of Object.entries((data ?? {}) as Record<string, unknown>)) if (query[key]) visit(value, query[key].type, key);
  return findings;
}
