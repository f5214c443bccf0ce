import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    // @audio/decode names optional decoders that are not installed; formats we do not accept anyway.
    alias: { '@audio/decode-ape': fileURLToPath(new URL('./src/worker/no-decoder.ts', import.meta.url)) },
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
