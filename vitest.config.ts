import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';
import type { BrowserCommand } from 'vitest/node';
import { FEATURE_CONFIG } from './src/core/config.ts';
import { clipWindows, toModelInput } from './src/core/pipeline.ts';
import { parityChannels, parityEncoderSignal } from './src/core/testing/parity.ts';
import { loadSpeechEncoder } from './training/encoder/load.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium.ts';

/** The Node half of the Node/worker parity test: the browser test compares its worker's output to this. */
const nodeClipFeatures: BrowserCommand<[]> = async () => {
  const signal = await toModelInput(parityChannels(), 44100, FEATURE_CONFIG);
  return [...clipWindows(signal, FEATURE_CONFIG)].map((w) => ({ span: w.span, data: Array.from(w.features.data) }));
};

/** The Node half of the speech encoder's parity test: its vectors of the shared signal. */
const nodeClipEncoding: BrowserCommand<[]> = async () => {
  const { count, vectors } = await (await loadSpeechEncoder()).encode(parityEncoderSignal());
  return { count, vectors: Array.from(vectors) };
};

/**
 * Two projects: everything in Node, and the pure core (plus browser-only tests) again in Debian's
 * Chromium, so the same code is proven in both places it runs.
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            environment: 'node',
            include: ['src/**/*.test.ts', 'training/**/*.test.ts'],
            exclude: ['**/*.browser.test.ts'],
            testTimeout: 60_000,
          },
        },
        {
          extends: true,
          // Found late by the optimizer (inside the worker), they would reload a test mid-run.
          optimizeDeps: {
            include: [
              '@tensorflow/tfjs-backend-wasm',
              '@tensorflow/tfjs-backend-webgl',
              'audio-decode',
              'audio-type',
              'comlink',
              '@tensorflow/tfjs-core',
              '@tensorflow/tfjs-layers',
              'meyda',
              'zod',
              '@echogarden/speex-resampler-wasm/simd',
              'idb-keyval',
            ],
          },
          test: {
            name: 'chromium',
            include: ['src/core/**/*.test.ts', 'src/**/*.browser.test.ts'],
            testTimeout: 60_000,
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({
                launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
              }),
              instances: [{ browser: 'chromium' }],
              commands: { nodeClipFeatures, nodeClipEncoding },
            },
          },
        },
      ],
    },
  }),
);
