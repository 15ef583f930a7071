import { GraphQLObjectType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { accessResolvers } from './access/index.js';
import { guardObjects } from './access/object-guard.js';
import { auditedMutationType, auditResolvers } from './audit/index.js';
import { orgResolvers } from './org/index.js';
import { goalsResolvers } from './goals/index.js';
import { RampProfileResolver } from './goals/ramp.resolver.js';
import { pipelineResolvers } from './pipeline/index.js';
import { DealCreditResolver, DealCreditsResolver } from './pipeline/deal-credit.resolver.js';
import { customerResolvers } from './customers/index.js';
import { strategyResolvers } from './strategy/index.js';
import { analyticsResolvers } from './analytics/index.js';
import { motivationResolvers } from './motivation/index.js';
import { forecastResolvers } from './forecast/index.js';
import { calendarResolvers } from './calendar/index.js';
import { importJobResolvers } from './exchange/jobs/index.js';
import { eventResolvers, UNUSED_PUBSUB } from './events/index.js';

/** Every resolver of the graph, one line per domain. */
const resolvers = [
  ...orgResolvers,
  ...pipelineResolvers,
  DealCreditsResolver,
  DealCreditResolver,
  ...customerResolvers,
  ...strategyResolvers,
  ...goalsResolvers,
  RampProfileResolver,
  ...motivationResolvers,
  ...analyticsResolvers,
  ...accessResolvers,
  ...auditResolvers,
  ...forecastResolvers,
  ...calendarResolvers,
  ...importJobResolvers,
  ...eventResolvers,
] as unknown as NonEmptyArray<Function>;

function describe(type: GraphQLObjectType | null | undefined, description: string): GraphQLObjectType | undefined {
  return type ? new GraphQLObjectType({ ...type.toConfig(), description }) : undefined;
}

export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers, validate: false, emitSchemaFile: false, pubSub: UNUSED_PUBSUB });
  const config = schema.toConfig();
  const query = describe(schema.getQueryType(), 'Reads of the sales-management graph.')!;
  // Every mutation is audited (audit/recorder.ts), whichever domain declares it.
  const mutationType = schema.getMutationType();
  const mutation = describe(
    mutationType && auditedMutationType(mutationType),
    'Changes to the sales-management graph; each one is a single transaction.',
  );
  const subscription = describe(
    schema.getSubscriptionType(),
    'Live streams of the graph, served at /graphql/stream (docs/subscriptions.md).',
  );
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const types = config.types.filter((type) => !roots.includes(type as GraphQLObjectType));
  return guardObjects(new GraphQLSchema({ ...config, query, mutation, subscription, types }));
}

/** The SDL committed as schema/schema.graphql: sorted, so that diffs show real changes only. */
export async function printGraphQLSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildGraphQLSchema()))}\n`;
}
