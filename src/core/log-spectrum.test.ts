import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { FEATURE_CONFIG, featureCount, featureNames } from './config';
import { logSpectrum } from './log-spectrum';
import { logScaleRow } from './testing/spectrum';

describe('log spectrum', () => {
  it("gives a standardised window's features back, with mel and MFCC on a log scale with a low floor", () => {
    const names = featureNames(FEATURE_CONFIG);
    const features = featureCount(FEATURE_CONFIG);
    const [mfcc0, mel0] = ['mfcc0', 'mel0'].map((n) => names.indexOf(n));
    // meyda's log(1 + mel power) of known powers from 1e-4 (far under its knee) to 2, per band and frame.
    const raw = [0, 1, 2].map((t) =>
      Array.from({ length: features }, (_, f) => (f >= mel0 ? Math.log1p(1e-4 * 1.15 ** (f - mel0 + 3 * t)) : Math.cos(f * (t + 1)))),
    );
    const normalization = { mean: Array.from({ length: features }, (_, f) => 0.2 * (f % 5)), std: Array.from({ length: features }, (_, f) => 0.5 + (f % 4)) };
    const standardized = raw.map((row) => row.map((v, f) => (v - normalization.mean[f]) / normalization.std[f]));
    const out = tf.tidy(() => (logSpectrum(FEATURE_CONFIG, normalization).apply(tf.tensor3d([standardized])) as tf.Tensor).arraySync() as number[][][]);
    raw.forEach((row, t) => {
      const want = logScaleRow(row, mfcc0, FEATURE_CONFIG.mfccCount, mel0, 1e-2);
      expect(out[0][t]).toHaveLength(features);
      out[0][t].forEach((v, f) => expect(v).toBeCloseTo(want[f], 3));
    });
  });
});
