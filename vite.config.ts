import react from '@vitejs/plugin-react';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The app's version and commit, shown in the footer and written into exports (a dirty tree says so). */
function buildId(): string {
  const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
  try {
    const commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return `${version}+${commit}${dirty ? '-dirty' : ''}`;
  } catch {
    return version;
  }
}

const noDecoder = fileURLToPath(new URL('./src/worker/no-decoder.ts', import.meta.url));

/** Decoders @audio/decode can load that the app does not accept (see DECODABLE): kept out of the bundle. */
const UNUSED_DECODERS = ['ape', 'ac3', 'eac3', 'dts', 'amr', 'wma', 'wavpack', 'tta', 'mpc', 'dsd', 'mod', 'avi'];

/**
 * A strict Content-Security-Policy for the built app: nothing from other origins, wasm allowed to compile,
 * inline styles for the charts. Only in the build: the dev server injects inline scripts of its own.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    react(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Emotion Lens: speech emotion recognition on your device',
        short_name: 'Emotion Lens',
        description: 'Live per-emotion probabilities from your microphone or recordings, computed entirely on your device.',
        theme_color: '#0072B2',
        background_color: '#f7f7f8',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell, the worker and its decoders, the tfjs and onnxruntime wasm binaries, the models.
        globPatterns: ['**/*.{html,js,css,svg,png,wasm,json,bin,onnx,webmanifest}'],
        globIgnores: ['**/*.map'],
        // The analysis worker (tfjs and its wasm) and onnxruntime's wasm (12 MB, for the speech detector)
        // are larger than workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // The first visit is controlled at once, so it works offline without a second load.
        clientsClaim: true,
      },
    }),
  ],
  resolve: {
    alias: Object.fromEntries(UNUSED_DECODERS.map((name) => [`@audio/decode-${name}`, noDecoder])),
  },
  define: { 'import.meta.env.VITE_BUILD_ID': JSON.stringify(process.env.VITE_BUILD_ID ?? buildId()) },
  worker: { format: 'es' },
  // Pre-bundling would move onnxruntime-web away from the wasm binary it finds beside itself.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', sourcemap: true },
});
