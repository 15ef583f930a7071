// Validates every operation the widgets send (schema/operations/*.graphql) against the committed
// schema/schema.graphql, so that a schema change that breaks a widget fails CI.
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, specifiedRules, validate, NoUnusedFragmentsRule, Kind } from 'graphql';

const root = new URL('../../schema/', import.meta.url);
const schema = buildSchema(readFileSync(new URL('schema.graphql', root), 'utf8'));
const files = readdirSync(new URL('operations/', root))
  .filter((f) => f.endsWith('.graphql'))
  .sort();
const documents = files.map((file) => ({ file, source: readFileSync(new URL(`operations/${file}`, root), 'utf8') }));
const fragments = documents.filter((d) => parse(d.source).definitions.every((def) => def.kind === Kind.FRAGMENT_DEFINITION));
const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

let failures = 0;
for (const { file, source } of documents) {
  if (fragments.some((f) => f.file === file)) continue;
  const errors = validate(schema, parse([source, ...fragments.map((f) => f.source)].join('\n')), rules);
  for (const error of errors) console.error(`${file}: ${error.message}`);
  failures += errors.length;
  if (!errors.length) console.log(`✓ ${file}`);
}
if (failures) {
  console.error(`${failures} problem(s): the widgets' operations no longer match schema/schema.graphql.`);
  process.exit(1);
}
