import type { ApolloServerPlugin } from '@apollo/server';
import path from 'node:path';
import {
  getArgumentValues,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { recordRefusal } from '../audit/recorder.js';
import { DomainError, forbidden } from '../errors.js';
import { repoRoot } from '../config.js';
import type { Context } from '../graphql/context.js';
import { toGraphQLError } from '../graphql/format-error.js';
import { AccessRole, type EmbedGrant, type WidgetKind } from './viewer.js';
import { fieldsBeyondWidgets, readWidgetOperations, widgetFieldAllowance } from './widget-fields.js';

/** Field extension of the mutations that change only the caller's own saved views (analysts may run them). */
export const OWN_VIEWS = 'ownViews';

/**
 * Marks a mutation that changes only the caller's saved views: the read-only ANALYST role may run it
 * (its resolver checks ownership through AccessPolicy). Embed tokens still may not.
 */
export function OwnViewsMutation(): MethodDecorator & PropertyDecorator {
  return Extensions({ [OWN_VIEWS]: true });
}

/** The root fields an operation selects, through fragments. */
export function rootFields(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const names = new Set<string>();
  const visit = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value) && fragments.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(fragments.get(selection.name.value)!.selectionSet, seen);
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return [...names];
}

const OPERATIONS_DIR = path.join(repoRoot, 'schema', 'operations');

/** The fields each widget kind reads, worked out once per schema from the widgets' operations. */
const allowances = new WeakMap<GraphQLSchema, Map<WidgetKind, ReadonlySet<string>>>();
function allowanceOf(schema: GraphQLSchema): Map<WidgetKind, ReadonlySet<string>> {
  let allowance = allowances.get(schema);
  if (!allowance) allowances.set(schema, (allowance = widgetFieldAllowance(schema, readWidgetOperations(OPERATIONS_DIR))));
  return allowance;
}

/** Refuses a document that selects any field the embed token's widgets do not read. */
function assertWidgetFields(schema: GraphQLSchema, document: DocumentNode, grant: EmbedGrant): void {
  const beyond = fieldsBeyondWidgets(schema, document, allowanceOf(schema), grant.widgets);
  if (beyond.length) throw forbidden(`an embed token for ${grant.widgets.join(', ')} may not read ${beyond.slice(0, 5).join(', ')}`);
}

/**
 * The arguments of each root field of a refused operation, literals and variables together, as the audit
 * records them for a mutation that ran; null when they cannot be read (fields under fragments, variables
 * of the wrong type), and the variables are recorded instead.
 */
function rootArguments(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): [string, Record<string, unknown>][] | null {
  const fields = schema.getMutationType()?.getFields() ?? {};
  try {
    return operation.selectionSet.selections.map((selection): [string, Record<string, unknown>] => {
      if (selection.kind !== Kind.FIELD || !fields[selection.name.value]) throw new Error('not a plain mutation field');
      return [selection.name.value, getArgumentValues(fields[selection.name.value], selection, variables)];
    });
  } catch {
    return null;
  }
}

/**
 * The access checks that hold for whole operations, run after parsing and before any resolver: the
 * caller's scope is resolved (an embed token that was revoked, or whose team or issuer is gone, stops
 * here), read-only viewers (ANALYST, EMBED) run no mutation, except analysts changing their own saved
 * views, and an embed token selects only fields that its widget kinds read (access/widget-fields.ts).
 */
export function accessGuardPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, document, operation, schema, request }) {
          if (!operation) return;
          try {
            await ctx.access.scope();
            if (operation.operation !== 'query') {
              const fields = rootFields(document, operation);
              const mutations = schema.getMutationType()?.getFields() ?? {};
              const ownViewsOnly =
                ctx.viewer.role === AccessRole.ANALYST &&
                fields.every((name) => name === '__typename' || mutations[name]?.extensions?.[OWN_VIEWS] === true);
              try {
                if (!ownViewsOnly) await ctx.access.assertCanWrite(`run ${fields.join(', ')}`);
              } catch (error) {
                const target = { em: ctx.em, log: ctx.log, requestId: ctx.requestId, viewer: ctx.viewer };
                const variables = request.variables ?? {};
                const perField = rootArguments(schema, operation, variables);
                if (perField) for (const [field, args] of perField) await recordRefusal(target, [field], args, error);
                else await recordRefusal(target, fields, { variables }, error);
                throw error;
              }
            }
            if (ctx.viewer.embed) assertWidgetFields(schema, document, ctx.viewer.embed);
          } catch (error) {
            throw error instanceof DomainError ? toGraphQLError(error) : error;
          }
        },
      };
    },
  };
}
