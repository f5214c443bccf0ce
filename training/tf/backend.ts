import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerTrainingBatchNorm } from './batch-norm';
import { registerWasmGradients } from './wasm-gradients';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * Selects a tfjs backend in Node. tfjs-node cannot be installed here, so training runs on the wasm
 * backend (SIMD), with fast gradient kernels and a batch normalisation for training registered by this project.
 */
export async function selectNodeBackend(name: NodeBackend = 'wasm'): Promise<void> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(`${path.dirname(pkg)}/dist/`);
    registerWasmGradients();
    registerTrainingBatchNorm();
  }
  if (!(await tf.setBackend(name))) throw new Error(`The tfjs ${name} backend failed to start`);
  await tf.ready();
}
