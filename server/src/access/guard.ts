import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Extensions } from 'type-graphql';
import { recordRefusal } from '../audit/recorder.js';
import { DomainError, forbidden } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { toGraphQLError } from '../graphql/format-error.js';
import { AccessRole, WidgetKind } from './viewer.js';

/** Field extension that lists the widget kinds whose embed tokens may query a root field. */
export const EMBED_WIDGETS = 'embedWidgets';

/** Field extension of the mutations that change only the caller's own saved views (analysts may run them). */
export const OWN_VIEWS = 'ownViews';

export const ALL_WIDGETS: readonly WidgetKind[] = Object.values(WidgetKind);

/**
 * Opens a root Query field to embed tokens issued for any of these widget kinds. Root fields without it
 * are refused to every embed token (fail closed); the data an allowed field returns is still filtered
 * by the token's team or member scope through AccessPolicy, like any other viewer's.
 */
export function EmbeddableIn(...widgets: WidgetKind[]): MethodDecorator & PropertyDecorator {
  return Extensions({ [EMBED_WIDGETS]: widgets.length ? widgets : [...ALL_WIDGETS] });
}

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
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
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

/**
 * The access checks that hold for whole operations, run after parsing and before any resolver:
 * read-only viewers (ANALYST, EMBED) run no mutation, except analysts changing their own saved views, and an embed token reads only root fields
 * opened to one of its widget kinds.
 */
export function accessGuardPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx, document, operation, schema, request }) {
          if (!operation) return;
          try {
            if (operation.operation !== 'query') {
              const fields = rootFields(document, operation);
              const mutations = schema.getMutationType()?.getFields() ?? {};
              const ownViewsOnly = ctx.viewer.role === AccessRole.ANALYST && fields.every((name) => name === '__typename' || mutations[name]?.extensions?.[OWN_VIEWS] === true);
              try {
                if (!ownViewsOnly) await ctx.access.assertCanWrite(`run ${fields.join(', ')}`);
              } catch (error) {
                const target = { em: ctx.em, log: ctx.log, requestId: ctx.requestId, viewer: ctx.viewer };
                await recordRefusal(target, fields, { variables: request.variables ?? {} }, error);
                throw error;
              }
            }
            const grant = ctx.viewer.embed;
            if (!grant) return;
            const fields = schema.getQueryType()!.getFields();
            for (const name of rootFields(document, operation)) {
              if (name === '__typename') continue;
              const allowed = (fields[name]?.extensions?.[EMBED_WIDGETS] ?? []) as WidgetKind[];
              if (!grant.widgets.some((widget) => allowed.includes(widget))) {
                throw forbidden(`an embed token for ${grant.widgets.join(', ')} may not query ${name}`);
              }
            }
          } catch (error) {
            throw error instanceof DomainError ? toGraphQLError(error) : error;
          }
        },
      };
    },
  };
}
