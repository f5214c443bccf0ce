import * as tfl from '@tensorflow/tfjs-layers';
import { FEATURE_CONFIG, featureCount, framesPerWindow } from '../config';
import { MEYDA_VERSION } from '../features';
import { CLASS_LABELS } from '../labels';
import type { EmotionModel, ModelMetadata } from '../model';
import { frameSteps } from '../encoder/frames';
import type { EncoderMemberMeta } from '../encoder/member';
import { ENCODER_DIM, type SpeechEncoder, VECTOR_HOP, VECTOR_SPAN, vectorCount } from '../encoder/speech-embedding';

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

/** A speech encoder whose vectors follow the signal (each vector's span's mean level, times 1..96), counting its calls. */
export function testEncoder(): SpeechEncoder & { calls: number } {
  const encoder = {
    calls: 0,
    digests: { mel: '0123456789abcdef', embedding: 'fedcba9876543210' },
    async encode(signal: Float32Array) {
      encoder.calls++;
      const count = vectorCount(signal.length);
      const vectors = new Float32Array(count * ENCODER_DIM);
      for (let k = 0; k < count; k++) {
        let level = 0;
        for (let i = k * VECTOR_HOP; i < k * VECTOR_HOP + VECTOR_SPAN; i++) level += Math.abs(signal[i]) / VECTOR_SPAN;
        for (let d = 0; d < ENCODER_DIM; d++) vectors[k * ENCODER_DIM + d] = level * (d + 1);
      }
      return { count, vectors };
    },
  };
  return encoder;
}

/** Metadata of an encoder member of `testMemberNetwork`, for tests. */
export function testMemberMeta(overrides: Partial<EncoderMemberMeta> = {}): EncoderMemberMeta {
  return {
    architecture: 'test-member',
    path: 'encoder-member/model.json',
    weight: 0.5,
    steps: frameSteps(FEATURE_CONFIG),
    encoder: { name: 'speech_embedding', ...testEncoder().digests },
    normalization: { mean: new Array(ENCODER_DIM).fill(0), std: new Array(ENCODER_DIM).fill(1) },
    ...overrides,
  };
}

/** A member network on a window's encoder frames (their mean through one dense layer). */
export function testMemberNetwork(seed = 2): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.globalAveragePooling1d({ inputShape: [frameSteps(FEATURE_CONFIG), ENCODER_DIM] }),
      tfl.layers.dense({ units: CLASS_LABELS.length, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
    ],
  });
}
