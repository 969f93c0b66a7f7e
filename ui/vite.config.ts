// Vite build of the web app: ui/ is the root, the output goes to ui/build (git-ignored),
// which `tokex serve` serves at / (src/server/http/static-ui.ts). `npm run build:ui`
// builds it; `npm start` runs that first. In development, `npx vite --config
// ui/vite.config.ts` serves the app with hot reload and forwards /v1 (REST and the
// WebSocket) to a `tokex serve` on port 8080.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'build',
    emptyOutDir: true,
    target: 'es2022',
    // lightweight-charts and React together are about 400 kB before compression.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/v1': { target: 'http://127.0.0.1:8080', ws: true } },
  },
});
