import * as tf from '@tensorflow/tfjs-core';
import type { FeatureMatrix } from '../features';
import { type EmotionModel, type ModelMetadata, predictWindows, standardize } from '../model';
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
  const stats = tf.tidy(() => layer.apply(standardize(windows.map((w) => w.data), frames, features, meta.normalization)) as tf.Tensor2D);
  const values = stats.dataSync() as Float32Array;
  const size = stats.shape[1];
  stats.dispose();
  return windows.map((_, i) => values.slice(i * size, (i + 1) * size));
}

/** Windows as the general model reads them, with their statistics: what a profile learns from. */
export async function voiceWindows(model: EmotionModel, windows: readonly FeatureMatrix[]): Promise<VoiceWindow[]> {
  const probs = await predictWindows(model, windows);
  const stats = windowStatisticsOf(model.meta, windows);
  return probs.map((p, i) => ({ probs: Array.from(p), stats: Array.from(stats[i]) }));
}

/** The windows' 14 class probabilities: the general model's, or read through a voice profile. */
export async function readWindows(model: EmotionModel, windows: readonly FeatureMatrix[], voice?: VoiceReader): Promise<Float32Array[]> {
  const probs = await predictWindows(model, windows);
  if (!voice) return probs;
  const stats = windowStatisticsOf(model.meta, windows);
  return probs.map((p, i) => adaptWindow(voice, p, stats[i]));
}
