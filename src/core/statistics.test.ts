import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, featureCount, featureNames } from './config';
import { WindowStatistics, windowStatistics } from './statistics';
import { logScaleRow } from './testing/spectrum';

describe('window statistics', () => {
  const names = featureNames(FEATURE_CONFIG);
  const features = featureCount(FEATURE_CONFIG);
  const [rms, mfcc0, mel0] = ['rms', 'mfcc0', 'mel0'].map((n) => names.indexOf(n));
  // Five frames; the first (padding) and the fourth (a pause at -60 dBFS) are not speech.
  const levels = [0, 0.1, 0.2, 0.001, 0.05];
  const raw = levels.map((level, t) =>
    Array.from({ length: features }, (_, f) => {
      if (f === rms) return level;
      // meyda's log(1 + mel power) of a known power, per band and frame.
      if (f >= mel0) return Math.log1p(0.001 * (f - mel0 + 1) * (t + 1));
      return Math.sin(f + 3 * t);
    }),
  );
  const normalization = { mean: Array.from({ length: features }, (_, f) => 0.1 * (f % 7)), std: Array.from({ length: features }, (_, f) => 1 + (f % 3)) };

  /** The same statistics in float64, straight from their definition. */
  function expected(): number[] {
    const columns = raw.map((row) => logScaleRow(row, mfcc0, FEATURE_CONFIG.mfccCount, mel0, 1e-2));
    const active = [1, 2, 4];
    const mean = columns[0].map((_, f) => active.reduce((s, t) => s + columns[t][f], 0) / active.length);
    const std = mean.map((m, f) => Math.sqrt(active.reduce((s, t) => s + (columns[t][f] - m) ** 2, 0) / active.length));
    // Only frames 1 and 2 are neighbours that both speak.
    const delta = mean.map((_, f) => Math.abs(columns[2][f] - columns[1][f]));
    return [...mean, ...std, ...delta];
  }

  it("gives the mean, spread and change of the speech frames' features, mel and MFCC on a log scale with a low floor", () => {
    const standardized = raw.map((row) => row.map((v, f) => (v - normalization.mean[f]) / normalization.std[f]));
    const layer = windowStatistics(FEATURE_CONFIG, normalization);
    const out = tf.tidy(() => (layer.apply(tf.tensor3d([standardized])) as tf.Tensor).arraySync() as number[][]);
    expect(out[0]).toHaveLength(3 * features);
    const want = expected();
    out[0].forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
  });

  it('is saved with its settings and read back by a model loader', async () => {
    const input = tfl.input({ shape: [levels.length, features] });
    const model = tfl.model({ inputs: input, outputs: windowStatistics(FEATURE_CONFIG, normalization).apply(input) as tfl.SymbolicTensor });
    const saved = await new Promise<tf.io.ModelArtifacts>((resolve) =>
      model.save(
        tf.io.withSaveHandler(async (artifacts) => (resolve(artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })),
      ),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved));
    const x = tf.randomNormal([2, levels.length, features], 0, 1, 'float32', 5);
    const [a, b] = [model, loaded].map((m) => (m.predict(x) as tf.Tensor).arraySync() as number[][]);
    expect(loaded.layers.some((l) => l instanceof WindowStatistics)).toBe(true);
    b.flat().forEach((v, i) => expect(v).toBeCloseTo(a.flat()[i], 5));
  });
});
