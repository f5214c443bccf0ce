import * as tfl from '@tensorflow/tfjs-layers';
import { FEATURE_CONFIG, featureCount, framesPerWindow } from '../config';
import { MEYDA_VERSION } from '../features';
import { CLASS_LABELS } from '../labels';
import type { EmotionModel, ModelMetadata } from '../model';

/** Metadata of a model for the shipped feature config, with identity normalisation, for tests. */
export function testMetadata(overrides: Partial<ModelMetadata> = {}): ModelMetadata {
  const n = featureCount(FEATURE_CONFIG);
  return {
    format: 'emotion-lens-model/1',
    architecture: 'test',
    labels: [...CLASS_LABELS],
    featureConfig: FEATURE_CONFIG,
    featureLibrary: { meyda: MEYDA_VERSION },
    normalization: { mean: new Array(n).fill(0), std: new Array(n).fill(1) },
    trainedAt: '2026-01-01T00:00:00Z',
    codeVersion: 'test',
    training: {},
    metrics: {},
    ...overrides,
  };
}

/** A small network whose answers depend on its input (the frames' mean through one dense layer), so batching or caching mistakes would show. */
export function testNetwork(seed = 1): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.globalAveragePooling1d({ inputShape: [framesPerWindow(FEATURE_CONFIG), featureCount(FEATURE_CONFIG)] }),
      tfl.layers.dense({ units: CLASS_LABELS.length, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
    ],
  });
}

export const testModel = (seed = 1): EmotionModel => ({ model: testNetwork(seed), meta: testMetadata() });
