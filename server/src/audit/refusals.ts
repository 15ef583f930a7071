import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST } from 'graphql';
import { rootFields } from '../access/guard.js';
import type { Context } from '../graphql/context.js';
import { currentRequestScope } from '../request-scope.js';
import { recordRefusal } from './recorder.js';

/**
 * Records mutations refused before any resolver or the access guard saw them — invalid arguments or
 * variables, a query limit, text that cannot be stored — with their variables, so that the audit log
 * holds every refused mutation, whatever stage refused it.
 */
export function auditRefusedMutationsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue: ctx, document, request, errors }) {
          if (!document || currentRequestScope()?.audited) return;
          const operation = getOperationAST(document, request.operationName);
          if (operation?.operation !== 'mutation') return;
          const target = { em: ctx.em, log: ctx.log, requestId: ctx.requestId, viewer: ctx.viewer };
          await recordRefusal(target, rootFields(document, operation), { variables: request.variables ?? {} }, errors[0]);
        },
      };
    },
  };
}
