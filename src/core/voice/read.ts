import * as tf from '@tensorflow/tfjs-core';
import type { FeatureMatrix } from '../features';
import { type EmotionModel, type ModelMetadata, type ModelWindows, predictWindows, standardize } from '../model';
import { type WindowStatistics, windowStatistics } from '../statistics';
import { type VoiceReader, adaptWindow } from './fit';
import type { VoiceWindow } from './profile';

const layers = new WeakMap<ModelMetadata, WindowStatistics>();

/**
 * Each window's statistics (mean, spread and change of its speech frames' features): what a voice
 * profile reads, by the same layer as the model's statistics member.
 */
export function windowStatisticsOf(meta: ModelMetadata, windows: readonly FeatureMatrix[]): Float32Array[] {
  if (windows.length === 0) return [];
  let layer = layers.get(meta);
  if (!layer) layers.set(meta, (layer = windowStatistics(meta.featureConfig, meta.normalization)));
  const { frames, features } = windows[0];
  const stats = tf.tidy(
    () =>
      layer.apply(
        standardize(
          windows.map((w) => w.data),
          frames,
          features,
          meta.normalization,
        ),
      ) as tf.Tensor2D,
  );
  const values = stats.dataSync() as Float32Array;
  const size = stats.shape[1];
  stats.dispose();
  return windows.map((_, i) => values.slice(i * size, (i + 1) * size));
}

/**
 * Each window's pooled speech_embedding vectors (`poolVectors` over its speech), for a model whose voice
 * head reads them; absent for one whose head does not.
 */
export type EncoderValues = readonly Float32Array[] | undefined;

/**
 * What a voice profile reads of each window: its statistics, followed by its encoder values when the
 * model's voice head reads them (or when a head is being fitted on them).
 */
export function voiceStatistics(stats: readonly Float32Array[], encoded: EncoderValues): Float32Array[] {
  if (!encoded) return [...stats];
  if (encoded.length !== stats.length) throw new RangeError(`${encoded.length} windows of encoder values for ${stats.length} windows`);
  return stats.map((s, i) => {
    const joined = new Float32Array(s.length + encoded[i].length);
    joined.set(s);
    joined.set(encoded[i], s.length);
    return joined;
  });
}

/** Throws unless windows come with the encoder values that `meta`'s voice head reads. */
function assertEncoderValues(meta: ModelMetadata, encoded: EncoderValues): void {
  if (meta.voice?.encoder && !encoded) throw new Error("The model's voice head reads the speech encoder's vectors, and these windows have none");
}

/** Windows as the general model reads them, with what a profile reads of them: what a profile learns from. */
export async function voiceWindows(model: EmotionModel, windows: ModelWindows, encoded?: EncoderValues): Promise<VoiceWindow[]> {
  assertEncoderValues(model.meta, encoded);
  const probs = await predictWindows(model, windows);
  const stats = voiceStatistics(windowStatisticsOf(model.meta, windows.features), encoded);
  return probs.map((p, i) => ({ probs: Array.from(p), stats: Array.from(stats[i]) }));
}

/** The windows' 14 class probabilities: the general model's, or read through a voice profile. */
export async function readWindows(model: EmotionModel, windows: ModelWindows, voice?: VoiceReader, encoded?: EncoderValues): Promise<Float32Array[]> {
  const probs = await predictWindows(model, windows);
  if (!voice) return probs;
  assertEncoderValues(model.meta, encoded);
  const stats = voiceStatistics(windowStatisticsOf(model.meta, windows.features), encoded);
  return probs.map((p, i) => adaptWindow(voice, p, stats[i]));
}
