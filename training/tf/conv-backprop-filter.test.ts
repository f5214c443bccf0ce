import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from './backend';

async function filterGradient(
  backend: 'cpu' | 'wasm',
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: [number, number],
  pad: 'same' | 'valid',
): Promise<{ values: Float32Array; shape: number[] }> {
  await selectNodeBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(xShape, 0, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.randomNormal(filterShape, 0, 1, 'float32', 5) as tf.Tensor4D;
    const grad = tf.grad((filter) => tf.sum(tf.square(tf.conv2d(x, filter as tf.Tensor4D, strides, pad))));
    const g = grad(w);
    return { values: g.dataSync() as Float32Array, shape: g.shape };
  });
}

describe('Conv2DBackpropFilter on wasm', () => {
  afterAll(() => selectNodeBackend('wasm'));

  it.each([
    ['Conv1D-like, same padding', [4, 1, 30, 6], [1, 5, 6, 8], [1, 1], 'same'],
    ['Conv1D-like, valid, stride 2', [3, 1, 31, 4], [1, 3, 4, 5], [1, 2], 'valid'],
    ['2-D, same, stride 2', [2, 9, 8, 3], [3, 3, 3, 4], [2, 2], 'same'],
  ] as const)('matches the cpu backend: %s', async (_, xShape, filterShape, strides, pad) => {
    const cpu = await filterGradient('cpu', [...xShape], [...filterShape], [...strides], pad);
    const wasm = await filterGradient('wasm', [...xShape], [...filterShape], [...strides], pad);
    expect(wasm.shape).toEqual(cpu.shape);
    const scale = Math.max(...cpu.values.map(Math.abs));
    cpu.values.forEach((v, i) => expect(Math.abs(wasm.values[i] - v) / scale).toBeLessThan(1e-5));
  });

  it('lets a Conv1D layer train on wasm without leaking tensors', async () => {
    await selectNodeBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [20, 3], filters: 4, kernelSize: 3, padding: 'same' }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = tf.randomNormal([8, 20, 3]);
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
