import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';
import { domainErrorIn } from '../errors.js';

/**
 * Names the input a scalar refused (a Date out of range, a malformed Decimal, an ID that is neither a
 * string nor an integer, …) in `extensions.field`, as the services name fields: `filter.containsDate`,
 * `pins[0].amount`, and `hireDate` for `input.hireDate` (a mutation's `input` argument goes without
 * saying). A scalar does not know where its value sits, so the place is found in the document: the
 * arguments, input fields and list positions around the literal, or around the variable's first use plus
 * the path graphql-js reports inside the variable's value. Our scalars refuse with a DomainError
 * (graphql/scalars.ts); graphql-js's own (ID, Int, enums…) with a GraphQLError, named the same way.
 */
export function inputFieldPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ document, errors }) {
          if (!document) return;
          for (const error of errors) {
            const refusal = domainErrorIn(error);
            const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
            if (!node || error.path) continue; // a resolver's refusal names its own field
            if (refusal) {
              if (refusal.details.field === undefined) refusal.details.field = fieldOf(document, node, error.message);
            } else if (INPUT_KINDS.has(node.kind) && error.extensions.field === undefined) {
              const field = fieldOf(document, node, error.message);
              if (field !== undefined) (error.extensions as Record<string, unknown>).field = field;
            }
          }
        },
      };
    },
  };
}

/** Nodes a value error of graphql-js points at: a variable definition, or a literal value. */
const INPUT_KINDS: ReadonlySet<Kind> = new Set([
  Kind.VARIABLE_DEFINITION,
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
]);

function fieldOf(document: DocumentNode, node: ASTNode, message: string): string | undefined {
  const path =
    node.kind === Kind.VARIABLE_DEFINITION
      ? variablePath(document, node.variable.name.value, message)
      : argumentPath(document, (candidate) => candidate === node);
  return path?.startsWith('input.') ? path.slice('input.'.length) : path;
}

/** Where the variable is passed, and where in its value the refused part is. */
function variablePath(document: DocumentNode, name: string, message: string): string | undefined {
  const usage = argumentPath(document, (candidate) => candidate.kind === Kind.VARIABLE && candidate.name.value === name);
  // graphql-js: `Variable "$i" got invalid value … at "i.lines[0].closeDate"; …`
  const inside = new RegExp(` at "${name}((?:\\.\\w+|\\[\\d+\\])*)"; `).exec(message)?.[1] ?? '';
  return usage && usage + inside;
}

/**
 * The names of the argument and input fields around the first node that matches, joined with dots, with
 * the position in each list literal on the way (`pins[0].amount`).
 */
function argumentPath(document: DocumentNode, matches: (node: ASTNode) => boolean): string | undefined {
  let path: string | undefined;
  visit(document, {
    VariableDefinition: () => false,
    enter(node, _key, parent, keys, ancestors) {
      if (!matches(node)) return undefined;
      // chain[i + 1] is chain[i][keys[i]]; the item of a list literal is two steps below it (`values`, index).
      const chain = [...ancestors, parent ?? [], node];
      let text = '';
      chain.forEach((item, i) => {
        if (!('kind' in item)) return;
        if (item.kind === Kind.ARGUMENT || item.kind === Kind.OBJECT_FIELD) text += `${text ? '.' : ''}${item.name.value}`;
        else if (item.kind === Kind.LIST && typeof keys[i + 1] === 'number') text += `[${keys[i + 1]}]`;
      });
      path = text;
      return BREAK;
    },
  });
  return path || undefined;
}
