import { errorMessage } from '../core/errors';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { BACKENDS, type BackendName } from './backend-names';

// The wasm binaries are bundled with the app (and precached), never fetched from a CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** Runs one small op and reads it back: a backend that cannot do this is of no use. */
async function works(): Promise<boolean> {
  const y = tf.tidy(() => tf.sum(tf.matMul(tf.ones([4, 4]), tf.ones([4, 4]))));
  const value = (await y.data())[0];
  y.dispose();
  return value === 64;
}

/**
 * Starts the first backend of `order` that works: WebGL (in a worker through OffscreenCanvas), then
 * wasm, then plain JavaScript. Returns the one in use and why the others were passed over.
 */
export async function startBackend(order: readonly BackendName[] = BACKENDS): Promise<{ backend: BackendName; skipped: string[] }> {
  const skipped: string[] = [];
  for (const name of order) {
    try {
      if ((await tf.setBackend(name)) && (await works())) return { backend: name, skipped };
      skipped.push(`${name}: not available`);
    } catch (error) {
      skipped.push(`${name}: ${errorMessage(error)}`);
    }
  }
  throw new Error(`No tfjs backend works here (${skipped.join('; ')})`);
}
