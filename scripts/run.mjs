#!/usr/bin/env node
// The two commands of README.md. `npm start`: install, build, start the server with demo data on the
// embedded database. `npm test`: install, build, check the committed schema, type-check every package
// (tests included), lint and check the formatting (Biome), run every test suite.
// Only Node.js and npm are needed: pnpm is taken from the PATH or fetched once through npx.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '10.34.9';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...options });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

function pnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.status === 0 && probe.stdout.trim().startsWith('10.')) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

const step = (title) => console.log(`\n▸ ${title}`);
const [pnpmCommand, pnpmPrefix] = pnpm();
const p = (...args) => run(pnpmCommand, [...pnpmPrefix, ...args]);

const task = process.argv[2];
p('install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent');
p('-r', 'build');

if (task === 'start') {
  process.chdir(root);
  await import(pathToFileURL(path.join(root, 'server', 'dist', 'main.js')).href);
} else if (task === 'test') {
  p('--filter', '@sales-graph/server', 'exec', 'node', 'dist/scripts/schema.js', '--check');
  step('type check (sources and tests)');
  p('-r', 'typecheck');
  step('lint and format check (biome check .; `pnpm format` formats, `pnpm exec biome check --write .` also applies safe fixes)');
  p('exec', 'biome', 'check', '.');
  step('test suites');
  p('-r', '--workspace-concurrency=1', 'test');
  console.log(
    `\n✓ all tests passed against ${process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : 'the embedded PostgreSQL (PGlite)'}`,
  );
} else {
  console.error('usage: node scripts/run.mjs start|test');
  process.exit(2);
}
