import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';
import { domainErrorIn } from '../errors.js';

/**
 * Names the input a scalar refused (a Date out of range, a malformed Decimal, …) in `extensions.field`,
 * as the services name fields: `filter.containsDate`, `date`, and `hireDate` for `input.hireDate` (a
 * mutation's `input` argument goes without saying). A scalar does not know where its value sits, so the
 * place is found in the document: the arguments and input fields around the literal, or around the
 * variable's first use plus the path graphql-js reports inside the variable's value.
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
            if (refusal && refusal.details.field === undefined && node && !error.path) {
              refusal.details.field = fieldOf(document, node, error.message);
            }
          }
        },
      };
    },
  };
}

function fieldOf(document: DocumentNode, node: ASTNode, message: string): string | undefined {
  const path = node.kind === Kind.VARIABLE_DEFINITION ? variablePath(document, node.variable.name.value, message) : argumentPath(document, (candidate) => candidate === node);
  return path?.startsWith('input.') ? path.slice('input.'.length) : path;
}

/** Where the variable is passed, and where in its value the refused part is. */
function variablePath(document: DocumentNode, name: string, message: string): string | undefined {
  const usage = argumentPath(document, (candidate) => candidate.kind === Kind.VARIABLE && candidate.name.value === name);
  // graphql-js: `Variable "$i" got invalid value … at "i.lines[0].closeDate"; …`
  const inside = new RegExp(` at "${name}((?:\\.\\w+|\\[\\d+\\])*)"; `).exec(message)?.[1] ?? '';
  return usage && usage + inside;
}

/** The names of the argument and input fields around the first node that matches, joined with dots. */
function argumentPath(document: DocumentNode, matches: (node: ASTNode) => boolean): string | undefined {
  let path: string | undefined;
  visit(document, {
    VariableDefinition: () => false,
    enter(node, _key, parent, _path, ancestors) {
      if (!matches(node)) return undefined;
      const names = [...ancestors, parent ?? [], node].flatMap((item) => ('kind' in item && (item.kind === Kind.ARGUMENT || item.kind === Kind.OBJECT_FIELD) ? [item.name.value] : []));
      path = names.join('.');
      return BREAK;
    },
  });
  return path || undefined;
}
