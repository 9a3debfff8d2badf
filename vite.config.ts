import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./app'),
  publicDir: here('./public'),
  plugins: [solid()],
  resolve: {
    alias: {
      // duckdb-wasm ships a browser-blocking bundle but leaves it out of its package exports.
      '@duckdb/duckdb-wasm/browser-blocking': here(
        './node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs',
      ),
    },
  },
  worker: { format: 'es' },
  build: {
    outDir: here('./dist/app'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
});
