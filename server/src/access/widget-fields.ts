import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { WidgetKind } from './viewer.js';

/**
 * What each kind of widget sends: the operations in schema/operations/ by name. An embed token reads
 * exactly the fields these operations select (with the fragments they spread), and nothing else.
 */
export const WIDGET_OPERATIONS: Record<WidgetKind, readonly string[]> = {
  [WidgetKind.QUOTA_GAUGE]: ['QuotaGaugeMember', 'QuotaGaugeTeam', 'CurrentPeriod', 'LiveEvents'],
  [WidgetKind.FUNNEL]: ['Funnel', 'CurrentPeriod', 'LiveEvents'],
  [WidgetKind.TEAM_CARD]: ['TeamCard', 'TeamRecognitions', 'CurrentPeriod', 'LiveEvents'],
  [WidgetKind.LEADERBOARD]: ['Leaderboard', 'CurrentPeriod', 'LiveEvents'],
  [WidgetKind.METRIC_VIEW]: ['MetricView', 'LiveEvents'],
  [WidgetKind.FORECAST]: ['Forecast', 'CurrentPeriod', 'LiveEvents'],
  [WidgetKind.ACTIVITY_FEED]: ['ActivityFeed', 'LiveEvents'],
};

/** Fields every embed token reads, whatever its widgets: what the token itself grants. */
const EVERY_WIDGET = [
  'Query.viewer',
  'Viewer.role',
  'Viewer.memberId',
  'Viewer.readOnly',
  'Viewer.embed',
  ...['teamId', 'memberId', 'widgets', 'origin', 'expiresAt'].map((f) => `EmbedScope.${f}`),
];

/** Per document: Apollo hands the same parsed document to every request with the same text. */
const selections = new WeakMap<DocumentNode, ReadonlySet<string>>();

/** Schema coordinates (`Type.field`) a document selects, through fragments; introspection's `__typename` aside. */
export function selectedCoordinates(schema: GraphQLSchema, document: DocumentNode): ReadonlySet<string> {
  const known = selections.get(document);
  if (known) return known;
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && node.name.value !== '__typename') coordinates.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  selections.set(document, coordinates);
  return coordinates;
}

/** One named operation of a set of documents, with the fragments it needs (all of them: unused ones add nothing). */
function operationDocument(documents: DocumentNode[], name: string): DocumentNode {
  const definitions = documents.flatMap((document) => document.definitions);
  const operation = definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!operation) throw new Error(`widget operation ${name} is not in schema/operations`);
  const fragments = definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
}

export function readWidgetOperations(folder: string): DocumentNode[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => parse(readFileSync(path.join(folder, file), 'utf8')));
}

/** For each widget kind, the schema coordinates its embed tokens may read. */
export function widgetFieldAllowance(schema: GraphQLSchema, documents: DocumentNode[]): Map<WidgetKind, ReadonlySet<string>> {
  const allowance = new Map<WidgetKind, ReadonlySet<string>>();
  for (const [widget, operations] of Object.entries(WIDGET_OPERATIONS) as [WidgetKind, readonly string[]][]) {
    const fields = new Set(EVERY_WIDGET);
    for (const name of operations)
      for (const coordinate of selectedCoordinates(schema, operationDocument(documents, name))) fields.add(coordinate);
    allowance.set(widget, fields);
  }
  return allowance;
}

/** The fields of `document` that none of these widget kinds reads. */
export function fieldsBeyondWidgets(
  schema: GraphQLSchema,
  document: DocumentNode,
  allowance: Map<WidgetKind, ReadonlySet<string>>,
  widgets: readonly WidgetKind[],
): string[] {
  return [...selectedCoordinates(schema, document)].filter(
    (coordinate) => !widgets.some((widget) => allowance.get(widget)?.has(coordinate)),
  );
}
