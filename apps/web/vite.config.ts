import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** Where `pnpm dev` finds the API (the server's default address). */
const apiTarget = 'http://127.0.0.1:8080';
const proxied = ['/api', '/health', '/ready', '/metrics'];

export default defineConfig({
  plugins: [react()],
  // Workspace packages are read from their TypeScript source, as tsx and vitest do.
  resolve: { conditions: ['@hindsight/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    // The server's CSP allows no inline script: keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    port: 5173,
    // ws: the live endpoint (/api/v1/ws) is a WebSocket upgrade.
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, ws: true }])),
  },
});
