/**
 * The few `graphql` exports graphql-request imports, without the GraphQL parser and printer (about two
 * thirds of the bundle). The widgets send their documents as strings, which graphql-request passes
 * through; `parse` only serves to read the operation name, and failing it simply omits that name.
 * Used for the self-contained bundle only (vite.config.ts); the npm build imports the real `graphql`.
 */
export const Kind = { OPERATION_DEFINITION: 'OperationDefinition' } as const;

export function parse(): never {
  throw new Error('documents are sent as strings');
}

export function print(document: unknown): string {
  return String(document);
}

export class GraphQLError extends Error {}
