import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { QueryLimits } from '../config.js';
import type { QueryLimitCode } from '../error-codes.js';
import { badInput, DomainError } from '../errors.js';
import { unstorableText } from '../text.js';
import { toGraphQLError } from './format-error.js';

/**
 * Query limits (docs/security.md): checked on the parsed document before anything runs. Depth, aliases
 * and directives are validation rules; cost and page size need the variables, so they are checked by a
 * plugin once the operation is resolved; the token count is a parser option (`parseOptions.maxTokens`).
 */

/** A refused query; the specific code survives Apollo's GRAPHQL_VALIDATION_FAILED wrapper (see format-error.ts). */
export class QueryLimitError extends GraphQLError {
  constructor(code: QueryLimitCode, message: string, limit: number, actual: number, nodes?: readonly ASTNode[]) {
    super(message, { nodes, extensions: { code, limit, actual, http: { status: 400 } } });
  }
}

/** Unpaginated list fields (a team's members, its descendants, …) count as this many items. */
export const LIST_FACTOR = 5;
/** What a connection without `first` costs per item: the default page size. */
const DEFAULT_PAGE = 20;

const isIntrospection = (name: string) => name === '__schema' || name === '__type';

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** Deepest field nesting of each operation, through fragments; introspection fields are not counted. */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context);
    const depthOf = (selectionSet: SelectionSetNode, depth: number, visiting: Set<string>): number => {
      let deepest = depth;
      for (const selection of selectionSet.selections) {
        if (deepest > maxDepth) break;
        if (selection.kind === Kind.FIELD) {
          if (isIntrospection(selection.name.value)) continue;
          deepest = Math.max(deepest, selection.selectionSet ? depthOf(selection.selectionSet, depth + 1, visiting) : depth + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth, visiting));
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || visiting.has(fragment.name.value)) continue;
          visiting.add(fragment.name.value);
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, depth, visiting));
          visiting.delete(fragment.name.value);
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new QueryLimitError('QUERY_TOO_DEEP', `The query is nested deeper than the ${maxDepth} levels allowed.`, maxDepth, depth, [
              operation,
            ]),
          );
        }
      },
    };
  };
}

/** Counts nodes of the document (aliases, directives) and refuses it above `max`. */
function countingRule(kind: 'alias' | 'directive', max: number): ValidationRule {
  return (context) => {
    let count = 0;
    let reported = false;
    const bump = (node: ASTNode) => {
      count += 1;
      if (count > max && !reported) {
        reported = true;
        const [code, what] =
          kind === 'alias' ? (['TOO_MANY_ALIASES', 'aliases'] as const) : (['TOO_MANY_DIRECTIVES', 'directives'] as const);
        context.reportError(new QueryLimitError(code, `The query uses more than ${max} ${what}.`, max, count, [node]));
      }
    };
    return kind === 'alias' ? { Field: (node) => void (node.alias && bump(node)) } : { Directive: (node) => void bump(node) };
  };
}

export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), countingRule('alias', limits.maxAliases), countingRule('directive', limits.maxDirectives)];
}

/**
 * Cost: each field costs 1 plus its children; a paginated field multiplies its children by `first`
 * (refusing `first` above the page-size limit on the way), an unpaginated list by LIST_FACTOR. A field may
 * set its own cost with TypeGraphQL's `complexity` option.
 */
function pagedEstimator(maxPageSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.args.some((arg) => arg.name === 'first')) {
      const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
      if (first > maxPageSize || first < 0) throw badInput('first', 'page-size', `must be between 0 and ${maxPageSize}, got ${args.first}`);
      return 1 + Math.max(first, 1) * childComplexity;
    }
    // A connection's edges and nodes are already multiplied by the `first` of the field above them.
    if (getNamedType(type).name.endsWith('Connection') && (field.name === 'edges' || field.name === 'nodes')) return 1 + childComplexity;
    if (isListType(getNullableType(field.type))) return 1 + LIST_FACTOR * childComplexity;
    return undefined;
  };
}

/** Apollo reuses the parsed document of a query it has seen (its document store), so answers are kept per document. */
const literalErrors = new WeakMap<DocumentNode, DomainError | null>();

/**
 * The first string literal of the document that PostgreSQL cannot store (text.ts). Only NUL characters
 * get here: graphql-js refuses lone surrogates in literals while parsing (see format-error.ts).
 */
function unstorableLiteral(document: DocumentNode): DomainError | undefined {
  let found = literalErrors.get(document);
  if (found !== undefined) return found ?? undefined;
  found = null;
  visit(document, {
    StringValue(node) {
      found ??= unstorableText(node.value) ?? null;
    },
  });
  literalErrors.set(document, found);
  return found ?? undefined;
}

/** Variables differ per subject (a member, a team): past this many, a document's costs start over. */
const COSTS_PER_DOCUMENT = 256;

/** Costs already computed, per document and then per operation name and variables (a few per widget). */
function cachedCost(costs: WeakMap<DocumentNode, Map<string, number>>, document: DocumentNode, key: string, compute: () => number): number {
  let known = costs.get(document);
  if (!known) costs.set(document, (known = new Map()));
  let cost = known.get(key);
  if (cost === undefined) {
    cost = compute();
    if (known.size >= COSTS_PER_DOCUMENT) known.clear();
    known.set(key, cost);
  }
  return cost;
}

export function limitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  const estimators = [fieldExtensionsEstimator(), pagedEstimator(limits.maxPageSize), simpleEstimator({ defaultComplexity: 1 })];
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const unstorable = unstorableText(request.variables) ?? unstorableLiteral(document);
          if (unstorable) throw toGraphQLError(unstorable, 400);
          let cost: number;
          try {
            const variables = request.variables ?? {};
            const operationName = request.operationName ?? undefined;
            cost = cachedCost(costs, document, `${operationName ?? ''}\0${JSON.stringify(variables)}`, () =>
              getComplexity({ schema, query: document, variables, operationName, estimators }),
            );
          } catch (error) {
            if (error instanceof DomainError) throw toGraphQLError(error, 400);
            return; // invalid variables: execution reports them with their own error
          }
          if (cost > limits.maxCost) {
            throw new QueryLimitError(
              'QUERY_TOO_COMPLEX',
              `The query costs ${cost}; at most ${limits.maxCost} is allowed. Ask for fewer items or fewer nested lists.`,
              limits.maxCost,
              cost,
            );
          }
        },
      };
    },
  };
}
