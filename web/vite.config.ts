import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // The web app compiles the shared contracts from source (the api uses the built CommonJS).
      '@constellation/shared': here('../shared/src/index.ts'),
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // dist/.vite/manifest.json: which chunks each route's module imports (read by the web-dashboard bench).
    manifest: true,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: keep them in their own cacheable chunks.
        manualChunks(id: string) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (id.includes('/zod/')) return 'zod';
          if (id.includes('@tabler')) return 'icons';
          if (id.includes('@tanstack')) return 'query';
          return undefined;
        },
      },
    },
  },
});
