import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose type the schema does not serve (subscriptions, here) while validating, as
 * graphql-js 17 does: graphql-js 16 only fails when executing it, which Apollo answers as a 500.
 */
export const servedOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`This service does not serve ${node.operation} operations.`, { nodes: node }));
    }
  },
});
