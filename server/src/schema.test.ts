import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  getNamedType,
  isIntrospectionType,
  isObjectType,
  isInputObjectType,
  isInterfaceType,
  isEnumType,
  isScalarType,
  type GraphQLNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './config.js';
import { buildGraphQLSchema, printGraphQLSchema } from './schema.js';

function undocumented(type: GraphQLNamedType): string[] {
  const missing = type.description ? [] : [type.name];
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!field.description) missing.push(`${type.name}.${field.name}`);
      if ('args' in field)
        for (const arg of field.args)
          if (!arg.description && !['first', 'after'].includes(arg.name) && !isInputObjectType(getNamedType(arg.type))) {
            // Arguments typed by an input object are documented by that type.
            missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
    }
  }
  if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  return missing;
}

describe('GraphQL schema', () => {
  it('describes every type, field and argument', async () => {
    const schema = await buildGraphQLSchema();
    const missing = Object.values(schema.getTypeMap())
      .filter(
        (type) => !isIntrospectionType(type) && !(isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)),
      )
      .flatMap(undocumented);
    expect(missing).toEqual([]);
  });

  it('matches the committed schema/schema.graphql (run `pnpm schema:emit` after changing it)', async () => {
    const committed = await readFile(path.join(repoRoot, 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printGraphQLSchema());
  });
});
