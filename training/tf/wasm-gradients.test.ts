import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from './backend';

type Backend = 'cpu' | 'wasm';
type Shape4 = [number, number, number, number];

/** Runs `compute` on a backend and returns its values, for a cpu-vs-wasm comparison. */
async function on(backend: Backend, compute: () => tf.Tensor): Promise<{ values: Float32Array; shape: number[] }> {
  await selectNodeBackend(backend);
  return tf.tidy(() => {
    const t = compute();
    return { values: t.dataSync() as Float32Array, shape: t.shape };
  });
}

async function expectSameOnBoth(compute: () => tf.Tensor, tolerance = 1e-5): Promise<void> {
  const cpu = await on('cpu', compute);
  const wasm = await on('wasm', compute);
  expect(wasm.shape).toEqual(cpu.shape);
  const scale = Math.max(1e-6, ...cpu.values.map(Math.abs));
  let worst = 0;
  cpu.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(wasm.values[i] - v) / scale)));
  expect(worst).toBeLessThan(tolerance);
}

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** The gradients of a convolution's loss with respect to its filter and its input. */
function convGradients(xShape: Shape4, filterShape: Shape4, strides: [number, number], pad: 'same' | 'valid'): tf.Tensor {
  const x = random(xShape, 3) as tf.Tensor4D;
  const w = random(filterShape, 5) as tf.Tensor4D;
  const loss = (xx: tf.Tensor4D, ww: tf.Tensor4D) => tf.sum(tf.square(tf.conv2d(xx, ww, strides, pad)));
  const [dx, dw] = tf.grads((xx, ww) => loss(xx as tf.Tensor4D, ww as tf.Tensor4D))([x, w]);
  return tf.concat([dx.flatten(), dw.flatten()]);
}

describe('wasm gradient kernels match the cpu backend', () => {
  afterAll(() => selectNodeBackend('wasm'));

  it.each([
    ['Conv1D-like, same padding', [4, 1, 30, 6], [1, 5, 6, 8], [1, 1], 'same'],
    ['Conv1D-like, valid, stride 2', [3, 1, 31, 4], [1, 3, 4, 5], [1, 2], 'valid'],
    ['2-D, same, stride 1, one input channel', [2, 12, 10, 1], [3, 3, 1, 4], [1, 1], 'same'],
    ['2-D, same, stride 1, odd sizes', [3, 9, 7, 5], [3, 3, 5, 6], [1, 1], 'same'],
    ['2-D, valid, stride 1, 2x4 filter', [2, 8, 9, 3], [2, 4, 3, 2], [1, 1], 'valid'],
    ['2-D, same, stride 2', [2, 9, 8, 3], [3, 3, 3, 4], [2, 2], 'same'],
  ] as const)('convolution filter and input gradients: %s', async (_, xShape, filterShape, strides, pad) => {
    await expectSameOnBoth(() => convGradients([...xShape], [...filterShape], [...strides], pad));
  });

  it('max-pool gradient, ties included (each gradient goes to the first largest input)', async () => {
    await expectSameOnBoth(() => {
      // Rounded values make ties common, as ReLU's zeros do in a real network.
      const x = tf.round(random([2, 9, 8, 3], 7)) as tf.Tensor4D;
      const weights = random([2, 4, 4, 3], 9);
      return tf.grad((xx) => tf.sum(tf.mul(tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid'), weights)))(x);
    });
    await expectSameOnBoth(() => {
      const x = random([2, 7, 6, 4], 8) as tf.Tensor4D;
      const weights = random([2, 4, 3, 4], 10);
      return tf.grad((xx) => tf.sum(tf.mul(tf.maxPool(xx as tf.Tensor4D, 3, 2, 'same'), weights)))(x);
    });
  });

  it('batch-norm gradients (tile, sums and means over leading axes)', async () => {
    await expectSameOnBoth(() => {
      const x = random([4, 5, 6, 3], 11);
      const [mean, variance] = [tf.mean(x, [0, 1, 2]), tf.moments(x, [0, 1, 2]).variance];
      const scale = random([3], 12);
      const offset = random([3], 16);
      const weights = random([4, 5, 6, 3], 13);
      const [dx, dScale] = tf.grads((xx, s) => tf.sum(tf.mul(tf.batchNorm(xx, mean, variance, offset, s, 1e-3), weights)))([x, scale]);
      return tf.concat([dx.flatten(), dScale.flatten()]);
    });
  });

  it('reductions and tilings the fast paths do not cover', async () => {
    await expectSameOnBoth(() => {
      const x = random([3, 4, 5], 14);
      return tf.concat([
        tf.sum(x, [1]).flatten(),
        tf.mean(x, [0, 2], true).flatten(),
        tf.sum(x).flatten(),
        tf.tile(x, [2, 1, 1]).flatten(),
        tf.mean(x, [0, 1]).flatten(),
        tf.tile(tf.reshape(tf.range(0, 3), [3, 1]), [1, 4]).flatten(),
      ]);
    });
  });

  it('lets Conv1D and Conv2D layers train on wasm without leaking tensors', async () => {
    await selectNodeBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 10, 1], filters: 4, kernelSize: 3, padding: 'same' }),
        tf.layers.batchNormalization(),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.reshape({ targetShape: [6, 20] }),
        tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same' }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = random([8, 12, 10, 1], 15);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    const history = await model.fit(x, y, { epochs: 3, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(history.history.loss.every((l) => Number.isFinite(l as number))).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });
});
