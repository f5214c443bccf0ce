import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../../src/core/config';
import { CLASS_LABELS } from '../../src/core/labels';
import { selectNodeBackend } from '../tf/backend';
import { loadModel, saveModel } from '../tf/files';
import { buildModel, unitInputs } from './architectures';
import { averageModel } from './ensemble';

describe('ensemble of models', async () => {
  await selectNodeBackend('wasm');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ensemble-'));
  afterAll(() => rm(dir, { recursive: true }));
  const [frames, features] = [92, 98];
  const x = tf.randomNormal([3, frames, features], 0, 1, 'float32', 1);
  const predict = (m: tf.LayersModel) => tf.tidy(() => (m.predict(x) as tf.Tensor).arraySync() as number[][]);

  it('gives the mean of its members’ probabilities, and survives export and loading', async () => {
    // Members saved and loaded apart carry layer names of their own runs, which may clash: the ensemble
    // must still export and load as one model.
    for (const arch of ['lstm', 'cnn'] as const)
      await saveModel(buildModel(arch, frames, features, CLASS_LABELS.length, 7, unitInputs(FEATURE_CONFIG)), path.join(dir, arch));
    const members = [await loadModel(path.join(dir, 'lstm')), await loadModel(path.join(dir, 'cnn'))];
    const ensemble = await averageModel(members, 'lstm+cnn');
    const [a, b] = members.map(predict);
    const expected = a.map((row, i) => row.map((v, k) => (v + b[i][k]) / 2));
    const got = predict(ensemble);
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i], 6));
    await saveModel(ensemble, path.join(dir, 'ensemble'));
    // Saved without initializers: loading a nested model would otherwise run the LSTM's orthogonal one.
    expect(await readFile(path.join(dir, 'ensemble', 'model.json'), 'utf8')).not.toMatch(/Orthogonal|GlorotUniform/);
    const loaded = await loadModel(path.join(dir, 'ensemble'));
    predict(loaded)
      .flat()
      .forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i], 6));
    expect(loaded.inputs[0].shape).toEqual([null, frames, features]);
    expect(loaded.outputs[0].shape).toEqual([null, CLASS_LABELS.length]);
  });

  it('exports and loads members whose layer names clash (trained in different runs)', async () => {
    // The same saved model loaded twice: every weight name of one member is also the other's.
    await saveModel(buildModel('conv-lstm', frames, features, CLASS_LABELS.length, 7, unitInputs(FEATURE_CONFIG)), path.join(dir, 'conv-lstm'));
    const twins = [await loadModel(path.join(dir, 'conv-lstm')), await loadModel(path.join(dir, 'conv-lstm'))];
    const ensemble = await averageModel(twins, 'conv-lstm+conv-lstm');
    const names = ensemble.weights.map((w) => w.originalName);
    expect(new Set(names).size).toBe(names.length);
    await saveModel(ensemble, path.join(dir, 'twins'));
    const loaded = await loadModel(path.join(dir, 'twins'));
    predict(loaded)
      .flat()
      .forEach((v, i) => expect(v).toBeCloseTo(predict(twins[0]).flat()[i], 5));
  });

  it('refuses a single member', async () => {
    await expect(averageModel([buildModel('lstm', frames, features, CLASS_LABELS.length, 7, unitInputs(FEATURE_CONFIG))], 'x')).rejects.toThrow(/at least two/);
  });
});
