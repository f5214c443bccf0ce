import type * as tf from '@tensorflow/tfjs';
import { type CalibrationSample, clipEmotions, expectedCalibrationError, fitTemperature } from '../../src/core/calibration';
import { EMOTIONS, classOf } from '../../src/core/labels';
import type { WindowSet } from '../features/dataset';
import { type Normalization, predictSet } from './train';

type Sample = CalibrationSample & { corpus: string };

/** Each original (not augmented) clip of a set: its windows' 14 probabilities, true emotion and corpus. */
function samplesOf(set: WindowSet, probs: readonly Float32Array[]): Sample[] {
  const byClip = new Map<number, Sample & { windows: Float32Array[] }>();
  set.clip.forEach((clip, i) => {
    if (set.augmented[i]) return;
    const entry = byClip.get(clip) ?? { windows: [], emotion: EMOTIONS.indexOf(classOf(set.labels[i]).emotion), corpus: set.corpus[i] };
    entry.windows.push(probs[i]);
    byClip.set(clip, entry);
  });
  return [...byClip.values()];
}

/** ECE (15 bins, top-1 emotion) of clips at a temperature, over all and per corpus. */
function eceByCorpus(samples: readonly Sample[], temperature: number): Record<string, number> {
  const ece = (subset: readonly Sample[]) => {
    const clips = subset.map((s) => clipEmotions(s.windows, temperature));
    const top = clips.map((p) => p.indexOf(Math.max(...p)));
    return expectedCalibrationError(clips.map((p, i) => p[top[i]]), top.map((t, i) => t === subset[i].emotion));
  };
  const corpora = [...new Set(samples.map((s) => s.corpus))].sort();
  return { all: ece(samples), ...Object.fromEntries(corpora.map((k) => [k, ece(samples.filter((s) => s.corpus === k))])) };
}

export interface Calibration {
  temperature: number;
  /** Clips the temperature was fitted on (validation speakers). */
  fittedOn: number;
  /** ECE of the test clips, over all and per corpus, before (T = 1) and after. */
  testEce: { before: Record<string, number>; after: Record<string, number> };
}

/**
 * Fits the temperature on the validation clips (clip-level emotion probabilities, as the app shows them)
 * and measures the test clips' calibration before and after.
 */
export async function calibrate(model: tf.LayersModel, val: WindowSet, test: WindowSet, norm: Normalization, frames: number, features: number): Promise<Calibration> {
  const fit = samplesOf(val, await predictSet(model, val, norm, frames, features));
  const temperature = fitTemperature(fit);
  const tested = samplesOf(test, await predictSet(model, test, norm, frames, features));
  return { temperature, fittedOn: fit.length, testEce: { before: eceByCorpus(tested, 1), after: eceByCorpus(tested, temperature) } };
}
