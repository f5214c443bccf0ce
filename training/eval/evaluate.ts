import { errorMessage } from '../../src/core/errors';
import path from 'node:path';
import { expectedCalibrationError } from '../../src/core/calibration';
import { EMOTIONS, type Emotion, argmaxKey, classIndex, emotionProbabilities, genderProbabilities } from '../../src/core/labels';
import type { EmotionModel } from '../../src/core/model';
import type { SpeechDetector } from '../../src/core/speech';
import type { Clip } from '../data/corpora';
import { type ClipInputs, classifyFile } from './classify-file';
import { type Metrics, computeMetrics } from './metrics';

export interface Evaluation {
  /** Clips classified. */
  n: number;
  failed: { path: string; error: string }[];
  emotions: Metrics;
  perCorpus: Record<string, Metrics>;
  /** 14-class accuracy and gender accuracy, over clips whose gender is known. */
  classAccuracy: number;
  genderAccuracy: number;
  genderN: number;
  predictions: {
    path: string;
    corpus: string;
    emotion: string;
    predicted: string;
    gender?: string;
    predictedGender: string;
    /** The 7 calibrated emotion probabilities, as the app shows them. */
    probabilities: Record<Emotion, number>;
    /** The top emotion's probability. */
    confidence: number;
  }[];
  /** Expected calibration error (15 bins, top-1 emotion) over all clips and per corpus. */
  ece: Record<string, number>;
}

/**
 * Classifies every clip through the app's own clip function (decode, mix down, resample, window,
 * speech detection, features, model, mean) and scores it. A file that cannot be read or holds no speech is reported by
 * name and counted as failed; it never stops the run.
 */
export async function evaluateClips(
  model: EmotionModel,
  root: string,
  clips: readonly Clip[],
  speech: SpeechDetector,
  onProgress?: (done: number, total: number) => void,
  inputs?: ClipInputs,
): Promise<Evaluation> {
  const results: ScoredClip[] = [];
  const failed: Evaluation['failed'] = [];
  for (const [i, clip] of clips.entries()) {
    try {
      const { result } = await classifyFile(path.resolve(root, clip.path), model, speech, inputs);
      results.push({ clip, probs: result.probs });
    } catch (error) {
      failed.push({ path: clip.path, error: errorMessage(error) });
    }
    onProgress?.(i + 1, clips.length);
  }
  return scoreClips(results, failed);
}

/** A clip and its 14 class probabilities (the mean of its windows'), as the app would show them. */
export interface ScoredClip {
  clip: Clip;
  probs: Float32Array;
}

/** The figures of clips' answers against their labels. */
export function scoreClips(results: readonly ScoredClip[], failed: Evaluation['failed']): Evaluation {
  const truth: number[] = [];
  const predicted: number[] = [];
  const corpusOf: string[] = [];
  const predictions: Evaluation['predictions'] = [];
  let classHits = 0;
  let genderHits = 0;
  let genderN = 0;
  for (const { clip, probs } of results) {
    const emotions = emotionProbabilities(probs);
    const topEmotion = argmaxKey(emotions);
    const topGender = argmaxKey(genderProbabilities(probs));
    truth.push(EMOTIONS.indexOf(clip.emotion));
    predicted.push(EMOTIONS.indexOf(topEmotion));
    corpusOf.push(clip.corpus);
    if (clip.gender) {
      genderN++;
      if (topGender === clip.gender) genderHits++;
      if (probs.indexOf(Math.max(...probs)) === classIndex(clip.gender, clip.emotion)) classHits++;
    }
    predictions.push({
      path: clip.path,
      corpus: clip.corpus,
      emotion: clip.emotion,
      predicted: topEmotion,
      gender: clip.gender,
      predictedGender: topGender,
      probabilities: emotions,
      confidence: emotions[topEmotion],
    });
  }
  const perCorpus: Record<string, Metrics> = {};
  for (const corpus of [...new Set(corpusOf)].sort()) {
    const idx = corpusOf.flatMap((c, i) => (c === corpus ? [i] : []));
    perCorpus[corpus] = computeMetrics(
      idx.map((i) => truth[i]),
      idx.map((i) => predicted[i]),
      EMOTIONS,
    );
  }
  const ece = (subset: Evaluation['predictions']) =>
    expectedCalibrationError(
      subset.map((p) => p.confidence),
      subset.map((p) => p.predicted === p.emotion),
    );
  return {
    n: truth.length,
    failed,
    ece: { all: ece(predictions), ...Object.fromEntries(Object.keys(perCorpus).map((k) => [k, ece(predictions.filter((p) => p.corpus === k))])) },
    emotions: computeMetrics(truth, predicted, EMOTIONS),
    perCorpus,
    classAccuracy: genderN ? classHits / genderN : 0,
    genderAccuracy: genderN ? genderHits / genderN : 0,
    genderN,
    predictions,
  };
}
