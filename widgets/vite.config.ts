import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Two builds of the same sources:
 * - default: one self-contained, minified ES module (`dist/sales-widgets.js`) that the server serves
 *   for pages without a build step;
 * - `--mode npm`: modules for bundlers (`dist/npm/`), with lit and graphql-request left as imports.
 */
export default defineConfig(({ mode }) => {
  const npm = mode === 'npm';
  return {
    server: { fs: { allow: ['..'] } },
    resolve: npm ? {} : { alias: [{ find: /^graphql$/, replacement: fileURLToPath(new URL('src/graphql-lite.ts', import.meta.url)) }] },
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
