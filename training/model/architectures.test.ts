import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../../src/core/config';
import { CLASS_LABELS } from '../../src/core/labels';
import { selectNodeBackend } from '../tf/backend';
import { loadModel, saveModel } from '../tf/files';
import { ARCHITECTURES, buildModel, unitInputs } from './architectures';

describe('architectures', async () => {
  await selectNodeBackend('wasm');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'architectures-'));
  afterAll(() => rm(dir, { recursive: true }));
  const [frames, features, classes] = [92, 98, CLASS_LABELS.length];
  const x = tf.randomNormal([8, frames, features], 0, 1, 'float32', 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 13], 'int32'), classes);

  it.each(ARCHITECTURES)('%s maps a window to 14 probabilities, learns, and survives export', async (arch) => {
    const model = buildModel(arch, frames, features, classes, 7, unitInputs(FEATURE_CONFIG));
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) losses.push((await model.trainOnBatch(x, y)) as number);
    // The same batch again and again: any model that trains fits it better than at the start.
    expect(losses.at(-1)!).toBeLessThan(losses[0]);
    const probs = tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);
    probs.forEach((row) => {
      expect(row).toHaveLength(classes);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    });
    await saveModel(model, path.join(dir, arch));
    const loaded = await loadModel(path.join(dir, arch));
    const again = tf.tidy(() => (loaded.predict(x) as tf.Tensor).arraySync() as number[][]);
    again.flat().forEach((v, i) => expect(v).toBeCloseTo(probs.flat()[i], 5));
  });
});
