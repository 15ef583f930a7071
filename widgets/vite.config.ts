import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** The operations' text without comments and indentation: what the server reads is the same, the bundle smaller. */
function compactOperations(): Plugin {
  return {
    name: 'compact-operations',
    enforce: 'pre',
    async load(id) {
      if (!id.endsWith('.graphql?raw')) return null;
      const source = await readFile(id.slice(0, -'?raw'.length), 'utf8');
      const compact = source
        .replace(/#[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      return `export default ${JSON.stringify(compact)};`;
    },
  };
}

/**
 * Two builds of the same sources:
 * - default: one self-contained, minified ES module (`dist/sales-widgets.js`) that the server serves
 *   for pages without a build step;
 * - `--mode npm`: modules for bundlers (`dist/npm/`), with lit, graphql-request and graphql-sse left as imports.
 */
export default defineConfig(({ mode }) => {
  const npm = mode === 'npm';
  return {
    server: { fs: { allow: ['..'] } },
    plugins: [compactOperations()],
    resolve: npm
      ? {}
      : {
          alias: [
            { find: /^graphql$/, replacement: fileURLToPath(new URL('src/graphql-lite.ts', import.meta.url)) },
            // The client alone: the package's index also holds the server handler, which needs the real graphql.
            { find: /^graphql-sse$/, replacement: fileURLToPath(new URL('node_modules/graphql-sse/lib/client.mjs', import.meta.url)) },
          ],
        },
    build: {
      target: 'es2021',
      outDir: npm ? 'dist/npm' : 'dist',
      emptyOutDir: npm,
      minify: !npm,
      sourcemap: true,
      lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => (npm ? 'index.js' : 'sales-widgets.js') },
      rollupOptions: npm
        ? {
            external: [/^lit/, 'graphql-request', /^graphql/],
            output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
          }
        : {},
    },
  };
});
