import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/** The viewer, built to web/dist and served by the express app (one origin). */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [solid()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
});
