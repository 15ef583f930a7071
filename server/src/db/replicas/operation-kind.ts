import { Kind, parse, type OperationTypeNode } from 'graphql';

/** Kinds already worked out, by operation name and document: clients send the same few documents. */
const known = new Map<string, OperationTypeNode | undefined>();
const KNOWN_AT_MOST = 500;

/**
 * Whether a GraphQL request (POST body or GET search) is a query, a mutation or a subscription, worked
 * out before Apollo runs it, because the request's unit of work is made first. Undefined when it cannot
 * be told (no document, a persisted query, a syntax error): such requests go to the primary.
 */
export function operationKind(body: unknown, search: string, maxTokens: number): OperationTypeNode | undefined {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(search));
  const { query, operationName } = fields;
  if (typeof query !== 'string') return undefined;
  const name = typeof operationName === 'string' ? operationName : undefined;
  const key = `${name ?? ''}\n${query}`;
  if (known.has(key)) return known.get(key);
  const kind = kindIn(query, name, maxTokens);
  if (known.size >= KNOWN_AT_MOST) known.delete(known.keys().next().value as string);
  known.set(key, kind);
  return kind;
}

function kindIn(query: string, name: string | undefined, maxTokens: number): OperationTypeNode | undefined {
  try {
    const operations = parse(query, { maxTokens, noLocation: true }).definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const chosen =
      name === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === name);
    return chosen?.operation;
  } catch {
    return undefined;
  }
}
