import type * as tf from '@tensorflow/tfjs';
import { type CalibrationSample, chooseUncertainThreshold, clipEmotions, expectedCalibrationError, fitTemperature } from '../../src/core/calibration';
import { EMOTIONS, classOf } from '../../src/core/labels';
import type { WindowSet } from '../features/dataset';
import type { EmotionModel, Normalization } from '../../src/core/model';
import type { SpeechDetector } from '../../src/core/speech';
import path from 'node:path';
import type { Clip } from '../data/corpora';
import { classifyFile } from '../eval/classify-file';
import { predictSet } from './train';

/** A clip's windows, emotion, corpus and index in the dataset's clips. */
export type Sample = CalibrationSample & { corpus: string; clip: number };

/** Each original (not augmented) clip of a set: its windows' 14 probabilities, true emotion and corpus. */
function samplesOf(set: WindowSet, probs: readonly Float32Array[]): Sample[] {
  const byClip = new Map<number, Sample & { windows: Float32Array[] }>();
  set.clip.forEach((clip, i) => {
    if (set.augmented[i]) return;
    const entry = byClip.get(clip) ?? { windows: [], emotion: EMOTIONS.indexOf(classOf(set.labels[i]).emotion), corpus: set.corpus[i], clip };
    entry.windows.push(probs[i]);
    byClip.set(clip, entry);
  });
  return [...byClip.values()];
}

/** The model's uncalibrated window probabilities for every original clip of a set. */
export async function predictSamples(model: tf.LayersModel, set: WindowSet, norm: Normalization, frames: number, features: number): Promise<Sample[]> {
  return samplesOf(set, await predictSet(model, set, norm, frames, features));
}

/**
 * The model's window probabilities for clips read through the app's own path (decode, speech windows,
 * features), for corpora left out of training, which have no prepared windows. `model` must be at T = 1.
 * A clip that cannot be read or holds no speech is left out: it gets no answer to calibrate.
 */
export async function predictFiles(
  model: EmotionModel,
  root: string,
  clips: readonly Clip[],
  speech: SpeechDetector,
  onProgress?: (done: number, total: number) => void,
): Promise<CalibrationSample[]> {
  if ((model.meta.calibration?.temperature ?? 1) !== 1) throw new Error('Calibration samples must be predicted at temperature 1');
  const samples: CalibrationSample[] = [];
  for (const [i, clip] of clips.entries()) {
    try {
      const { result } = await classifyFile(path.resolve(root, clip.path), model, speech);
      samples.push({ windows: result.windows.map((w) => w.probs), emotion: EMOTIONS.indexOf(clip.emotion) });
    } catch {
      // Unreadable or without speech: the app gives it no answer, so there is no confidence to calibrate.
    }
    onProgress?.(i + 1, clips.length);
  }
  return samples;
}

/** The column of speakers in no training or validation split, beside "all" and the corpora. */
export const UNSEEN_SPEAKERS = 'unseen speakers';

/** ECE (15 bins, top-1 emotion) of clips at a temperature: over all, over the unseen speakers' clips, and per corpus. */
function eceByCorpus(samples: readonly Sample[], unseen: readonly Sample[], temperature: number): Record<string, number> {
  const ece = (subset: readonly Sample[]) => {
    const a = answers(subset, temperature);
    return expectedCalibrationError(
      a.map((x) => x.confidence),
      a.map((x) => x.correct),
    );
  };
  const corpora = [...new Set(samples.map((s) => s.corpus))].sort();
  return {
    all: ece(samples),
    ...(unseen.length && { [UNSEEN_SPEAKERS]: ece(unseen) }),
    ...Object.fromEntries(corpora.map((k) => [k, ece(samples.filter((s) => s.corpus === k))])),
  };
}

export interface Calibration {
  temperature: number;
  /** Calibrated confidence under which the app calls a clip's answer uncertain. */
  uncertainBelow: number;
  /** On test clips of speakers held out of training: the share the app names an emotion for, and how often it is right. */
  testAnswered: { share: number; accuracy: number; n: number };
  /** Clips the temperature was fitted on, and what they were: the trained corpora's held-out speakers, and the corpora left out of training. */
  fittedOn: number;
  source: 'crossval' | 'validation';
  leftOutClips: number;
  /** ECE of the test clips, over all, over the unseen speakers' and per corpus, before (T = 1) and after. */
  testEce: { before: Record<string, number>; after: Record<string, number> };
}

/** Top emotion, its confidence and whether it is right, per clip, at a temperature. */
function answers(samples: readonly CalibrationSample[], temperature: number) {
  return samples.map((s) => {
    const p = clipEmotions(s.windows, temperature);
    const top = p.indexOf(Math.max(...p));
    return { confidence: p[top], correct: top === s.emotion };
  });
}

/**
 * Fits the temperature and chooses the uncertainty threshold, on clip-level emotion probabilities as the
 * app shows them (`predict`: the model's uncalibrated samples of a split), and measures the test clips before and after. Fitted on `crossval` clips when given
 * (speakers each predicted by a cross-validation model that never heard them, the test speakers left
 * out), else on the validation clips of held-out speakers (`bySpeaker`: the corpora split by speaker).
 * The validation speakers chose the model's epoch, so on them it looks better than on strangers, and a
 * temperature fitted there leaves it overconfident. `leftOut`, the model's clips of corpora it never
 * trained on (the test speakers left out), weighs as much in the fit: the app meets voices recorded in
 * rooms, on microphones and in languages of no training corpus, and a model fitted on one corpus's
 * strangers alone stays as confident with them as with that corpus.
 */
export async function calibrate(
  predict: (split: 'val' | 'test') => Promise<Sample[]>,
  bySpeaker: ReadonlySet<string>,
  { crossval = [], leftOut = [] }: { crossval?: readonly CalibrationSample[]; leftOut?: readonly CalibrationSample[] } = {},
): Promise<Calibration> {
  const heldOut = (samples: Sample[]) => samples.filter((s) => bySpeaker.has(s.corpus));
  const all = crossval.length ? [] : await predict('val');
  // New voices are what the app meets: TESS's validation words come from its two training speakers, and
  // a temperature fitted with them would keep the model as confident on strangers as on them.
  const fit = crossval.length ? crossval : heldOut(all).length ? heldOut(all) : all;
  const temperature = fitTemperature([fit, leftOut]);
  // "Uncertain" is chosen on the trained corpora's strangers only: on a corpus it never trained on (another
  // language) no threshold makes its answers right 2 times in 3, and the app would name nothing.
  const chosenOn = answers(fit, temperature);
  const uncertainBelow = chooseUncertainThreshold(
    chosenOn.map((a) => a.confidence),
    chosenOn.map((a) => a.correct),
  );
  const tested = await predict('test');
  const named = answers(heldOut(tested), temperature).filter((a) => a.confidence >= uncertainBelow);
  return {
    temperature,
    uncertainBelow,
    testAnswered: {
      share: named.length / Math.max(1, heldOut(tested).length),
      accuracy: named.filter((a) => a.correct).length / Math.max(1, named.length),
      n: heldOut(tested).length,
    },
    fittedOn: fit.length,
    source: crossval.length ? 'crossval' : 'validation',
    leftOutClips: leftOut.length,
    testEce: { before: eceByCorpus(tested, heldOut(tested), 1), after: eceByCorpus(tested, heldOut(tested), temperature) },
  };
}
