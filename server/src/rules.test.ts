import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './config.js';
import { ERROR_CODES } from './error-codes.js';
import { renderErrorsDoc } from './errors-doc.js';
import { RULE_CATALOGUES } from './rules.js';

const SRC = path.join(repoRoot, 'server', 'src');

/** The non-test TypeScript sources of server/src, by path relative to it. */
async function sources(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(SRC, file), await readFile(file, 'utf8'));
  }
  return files;
}

/** The top-level arguments of the call whose `(` is at `open`, as source text. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open + 1;
  for (let i = open + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return args;
      }
      depth -= 1;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

/** Where a rule is given: the function and the position of its rule argument. */
const RULE_ARGUMENT: Record<string, number> = { badInput: 1, conflict: 0, tokenRefused: 0, invalid: 3 };
const LITERAL = /^'([^'\\]*)'$/;

/** Every rule literal of server/src: arguments of badInput/conflict/tokenRefused/invalid and `rule: '…'` properties. */
async function ruleLiterals(): Promise<{ rule: string; where: string }[]> {
  const found: { rule: string; where: string }[] = [];
  for (const [file, text] of await sources()) {
    if (file === 'rules.ts' || file.endsWith(`${path.sep}rules.ts`)) continue;
    for (const match of text.matchAll(/\b(badInput|conflict|tokenRefused|invalid)\(/g)) {
      const argument = callArguments(text, match.index + match[0].length - 1)[RULE_ARGUMENT[match[1]]];
      const literal = argument === undefined ? null : LITERAL.exec(argument);
      if (literal) found.push({ rule: literal[1], where: `${file}: ${match[1]}(…)` });
    }
    for (const match of text.matchAll(/\brule: '([^']*)'/g)) found.push({ rule: match[1], where: `${file}: rule:` });
  }
  return found;
}

const catalogued = new Map(
  Object.entries(RULE_CATALOGUES).flatMap(([domain, catalogue]) => Object.keys(catalogue).map((rule) => [rule, domain] as const)),
);

describe('rule catalogues', () => {
  it('give every rule to one domain only, with one sentence saying what it means', () => {
    const domainsOf = new Map<string, string[]>();
    for (const [domain, catalogue] of Object.entries(RULE_CATALOGUES)) {
      for (const [rule, meaning] of Object.entries(catalogue) as [string, string][]) {
        domainsOf.set(rule, [...(domainsOf.get(rule) ?? []), domain]);
        expect(rule, domain).toMatch(/^[A-Za-z][A-Za-z-]*$/);
        expect(meaning, `${domain}: ${rule}`).toMatch(/^[A-Z`"]/);
        expect(meaning, `${domain}: ${rule}`).toMatch(/[.)]$/);
        expect(meaning, `${domain}: ${rule}: one sentence`).not.toMatch(/[.!?]\s+[A-Z]/);
      }
    }
    expect([...domainsOf].filter(([, domains]) => domains.length > 1)).toEqual([]);
  });

  it('hold every rule the sources raise (the types check calls; this also catches `rule:` properties)', async () => {
    const literals = await ruleLiterals();
    expect(literals.length).toBeGreaterThan(200);
    expect(literals.filter(({ rule }) => !catalogued.has(rule))).toEqual([]);
  });

  it('hold no rule that nothing raises', async () => {
    const text = [...(await sources())]
      .filter(([file]) => !file.endsWith('rules.ts'))
      .map(([, source]) => source)
      .join('\n');
    expect([...catalogued.keys()].filter((rule) => !text.includes(`'${rule}'`))).toEqual([]);
  });

  it('hold every error code the GraphQL layer and the HTTP endpoints answer with', async () => {
    const codes = new Set<string>();
    for (const [file, text] of await sources()) {
      if (!/^(graphql|http)\b/.test(file) && file !== 'errors.ts') continue;
      for (const match of text.matchAll(/\bcode: '([A-Z_]+)'/g)) codes.add(match[1]);
      for (const match of text.matchAll(/\b(?:sendGraphQLError\([^,]+, \d+|QueryLimitError\(|new DomainError\()\s*'([A-Z_]+)'/g))
        codes.add(match[1]);
    }
    expect(codes.size).toBeGreaterThan(5);
    expect([...codes].filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it('match the committed docs/errors.md (run `node dist/scripts/errors-doc.js` after changing them)', async () => {
    const committed = await readFile(path.join(repoRoot, 'docs', 'errors.md'), 'utf8').catch(() => '');
    expect(committed).toBe(renderErrorsDoc());
  });
});
