import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectNodeBackend } from './backend';
import { batchNormalization, trainingBatchNorm } from './batch-norm';

const random = (shape: number[], seed: number, mean = 0) => tf.randomNormal(shape, mean, 1, 'float32', seed);

/** Loss, dx, dγ and dβ of Σ w·BN(x) with the batch's statistics, flattened into one array. */
function gradients(normalize: (x: tf.Tensor, g: tf.Tensor1D, b: tf.Tensor1D) => tf.Tensor): Float32Array {
  return tf.tidy(() => {
    // Channels of different scales and offsets, as a convolution's outputs are.
    const x = tf.mul(random([3, 5, 4, 6], 1, 2), tf.tensor1d([0.1, 1, 3, 10, 0.5, 2]));
    const [gamma, beta] = [random([6], 2) as tf.Tensor1D, random([6], 3) as tf.Tensor1D];
    const w = random([3, 5, 4, 6], 4);
    const loss = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(normalize(xx, gg as tf.Tensor1D, bb as tf.Tensor1D), w));
    const grads = tf.grads(loss)([x, gamma, beta]);
    return tf.concat([loss(x, gamma, beta).reshape([1]), ...grads.map((g) => g.flatten())]).dataSync() as Float32Array;
  });
}

const EPSILON = 1e-3;

describe('batch normalisation for training on wasm', () => {
  afterAll(() => selectNodeBackend('wasm'));

  it('gives the output and the gradients that tfjs derives op by op on the cpu backend', async () => {
    await selectNodeBackend('cpu');
    const reference = gradients((x, g, b) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      return tf.batchNorm(x, mean, variance, b, g, EPSILON);
    });
    await selectNodeBackend('wasm');
    const fast = gradients((x, g, b) => trainingBatchNorm(x, g, b, EPSILON).y);
    const scale = Math.max(...reference.map(Math.abs));
    reference.forEach((v, i) => expect(Math.abs(fast[i] - v) / scale).toBeLessThan(1e-5));
  });

  it("as a layer: the original in inference, its moving averages in training, and saved as tfjs's own", async () => {
    await selectNodeBackend('wasm');
    const x = tf.add(tf.mul(random([8, 7, 5], 5), 3), 1);
    const ours = batchNormalization({ momentum: 0.9 });
    const theirs = tf.layers.batchNormalization({ momentum: 0.9 });
    ours.build(x.shape);
    theirs.build(x.shape);
    theirs.setWeights(ours.getWeights());
    const trained = [ours, theirs].map((layer) => (layer.apply(x, { training: true }) as tf.Tensor).dataSync());
    trained[0].forEach((v, i) => expect(v).toBeCloseTo(trained[1][i], 4));
    // After one training call each has moved its moving mean and variance the same way, and predicts alike.
    const [mine, original] = [ours, theirs].map((layer) => layer.getWeights().map((w) => Array.from(w.dataSync())));
    expect(mine[2]).not.toEqual(new Array(5).fill(0)); // the moving mean moved
    mine.flat().forEach((v, i) => expect(v).toBeCloseTo(original.flat()[i], 5));
    const inferred = [ours, theirs].map((layer) => (layer.apply(x) as tf.Tensor).dataSync());
    inferred[0].forEach((v, i) => expect(v).toBeCloseTo(inferred[1][i], 5));
    expect(ours.getClassName()).toBe('BatchNormalization');
  });
});
