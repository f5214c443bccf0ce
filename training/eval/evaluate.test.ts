import * as tf from '@tensorflow/tfjs';
import { readdir, rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, featureCount, framesPerWindow } from '../../src/core/config';
import { CLASS_LABELS } from '../../src/core/labels';
import { MEYDA_VERSION } from '../../src/core/features';
import type { EmotionModel } from '../../src/core/model';
import { scanDataset } from '../data/scan';
import { loadSpeechDetector } from '../speech';
import { makeRavdessFixture } from '../testing/fixtures';
import { selectNodeBackend } from '../tf/backend';
import type { ClipInputs } from './classify-file';
import { evaluateClips } from './evaluate';

/** A small model whose answers depend on its input. */
function model(seed: number): EmotionModel {
  const [frames, n] = [framesPerWindow(FEATURE_CONFIG), featureCount(FEATURE_CONFIG)];
  const layers = tf.sequential({
    layers: [
      tf.layers.globalAveragePooling1d({ inputShape: [frames, n] }),
      tf.layers.dense({ units: CLASS_LABELS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    ],
  });
  const meta = {
    format: 'emotion-lens-model/1' as const,
    architecture: 'test',
    labels: [...CLASS_LABELS],
    featureConfig: FEATURE_CONFIG,
    featureLibrary: { meyda: MEYDA_VERSION },
    normalization: { mean: new Array(n).fill(0), std: new Array(n).fill(1) },
    trainedAt: '2026-01-01T00:00:00Z',
    codeVersion: 'test',
    training: {},
    metrics: {},
  };
  return { model: layers, meta };
}

describe('scoring clips with several models', async () => {
  await selectNodeBackend('wasm');
  const root = await makeRavdessFixture(2);
  afterAll(() => rm(root, { recursive: true }));
  const { clips } = await scanDataset(root);
  const speech = await loadSpeechDetector();

  it('reads each clip once for all of them, and answers as if each had read it alone', async () => {
    const inputs: ClipInputs = new Map();
    const [a, b] = [model(1), model(2)];
    const shared = [await evaluateClips(a, root, clips, speech, undefined, inputs), await evaluateClips(b, root, clips, speech, undefined, inputs)];
    expect(inputs.size).toBe((await readdir(root, { recursive: true })).filter((f) => f.endsWith('.wav')).length);
    const alone = [await evaluateClips(a, root, clips, speech), await evaluateClips(b, root, clips, speech)];
    expect(shared.map((e) => e.predictions)).toEqual(alone.map((e) => e.predictions));
    // The two models do differ: the shared inputs did not make them answer alike.
    expect(shared[0].predictions.map((p) => p.probabilities)).not.toEqual(shared[1].predictions.map((p) => p.probabilities));
  });
});
