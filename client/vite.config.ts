/**
 * The wall client's build: `client/` is the Vite root, the output goes to `client/dist`
 * (served by the Express app). `@shared/*` points at the contract in `<repo>/shared`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { BUILD_VERSION, buildVersionFile } from './build-version.js';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const sharedDir = fileURLToPath(new URL('../shared', import.meta.url));
const backend = 'http://127.0.0.1:3000';

export default defineConfig({
  root: clientDir,
  base: '/',
  plugins: [
    vue({
      // the wall uses the Composition API only; dropping the rest keeps the bundle small
      features: { optionsAPI: false, prodDevtools: false, prodHydrationMismatchDetails: false },
    }),
    buildVersionFile(),
  ],
  resolve: {
    alias: { '@shared': sharedDir },
  },
  define: {
    __OBZOR_BUILD__: JSON.stringify(BUILD_VERSION),
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
