import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Native and heavy Node-only packages stay external to the main bundle; electron-builder
// unpacks the native one from the asar (see electron-builder.yml).
const mainExternal = ['better-sqlite3-multiple-ciphers', 'exceljs', 'pdfmake'];

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The long-job worker is its own entry: main starts it as a worker thread (electron/core/jobs).
        input: { index: resolve(__dirname, 'electron/main/index.ts'), jobWorker: resolve(__dirname, 'electron/core/jobs/worker.ts') },
        external: mainExternal,
      },
      // chinese-days and china-area-data are read as their JSON data (shared/rules/workdays.ts, shared/codes/region.ts):
      // bundled, because an external JSON import would lose its `with { type: 'json' }` in the output and Node
      // refuses it (the main process and every job worker would fail to start; tests/unit/startup.test.ts).
      externalizeDeps: { exclude: ['chinese-days', 'china-area-data', 'drizzle-orm', 'zod'] },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      chunkSizeWarningLimit: 4000,
    },
  },
});
