import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EMOTIONS } from '../../src/core/labels';
import { type CalibrationSample, clipEmotions, expectedCalibrationError, fitTemperature, withTemperature } from '../../src/core/calibration';
import type { EmotionModel } from '../../src/core/model';
import type { SpeechDetector } from '../../src/core/speech';
import type { VoiceModel } from '../../src/core/voice/voice-model';
import type { Dataset } from '../data/scan';
import { type SplitPlan, crossValidationFolds, splitOf } from '../data/split';
import { heldOutOf } from '../eval/crossval-windows';
import { type Metrics, computeMetrics } from '../eval/metrics';
import { parseJsonFile } from '../files';
import { ENCODER_WEIGHT, type HeadWeights, fitVoiceHeads } from './heads';
import { voiceEncoderOf } from '../encoder/load';
import { type AdaptMode, bySpeaker, simulateSpeaker } from './simulate';
import { type VoiceClipReading, readVoiceClips } from './windows';
import { speakerWindows } from './speakers';
import type { SpeechEncoder } from '../../src/core/encoder/speech-embedding';

const reportSchema = z.object({
  options: z.object({ corpus: z.string(), folds: z.number().int() }),
  training: z.object({ corpora: z.array(z.string()) }),
});

export interface FoldHeads {
  fold: number;
  test: Set<string>;
  voice: VoiceModel;
}

/** A clip's emotion answer from its windows' 14 probabilities (their mean, genders summed). */
function clipAnswer(windows: readonly Float32Array[]): number {
  const emotions = clipEmotions(windows, 1);
  return emotions.indexOf(Math.max(...emotions));
}

export interface CrossvalAdaptation {
  corpus: string;
  folds: number;
  /** The folded corpus's clips each read with the probabilities its fold's models gave (unheard speakers). */
  readings: VoiceClipReading[];
  heads: FoldHeads[];
  /** Whether the windows carry the speech encoder's vectors (and the heads read them). */
  encoder: boolean;
}

/**
 * What adapting the folded corpus's speakers needs from a crossval run: its held-out clips with the window
 * probabilities the fold's models gave them (at the model's temperature, as the app shows them), their
 * window statistics, and voice heads fitted per fold on that fold's training speakers only.
 */
export async function prepareCrossvalAdaptation(
  report: string,
  recipe: string,
  dataset: Dataset,
  saved: SplitPlan,
  model: EmotionModel,
  speech: SpeechDetector,
  {
    cacheDir,
    weights,
    onProgress,
    encoder: given,
    encoderWeight = ENCODER_WEIGHT,
  }: { cacheDir: string; weights?: HeadWeights; onProgress?: (done: number, total: number) => void; encoder?: SpeechEncoder | null; encoderWeight?: number },
): Promise<CrossvalAdaptation> {
  const { options, training } = parseJsonFile(report, await readFile(report, 'utf8'), reportSchema);
  const heldOut = new Map((await heldOutOf(report, recipe)).map((c) => [c.path, c]));
  if (heldOut.size === 0) throw new Error(`${report}: no held-out windows of ${recipe} beside it`);
  const trainable = dataset.clips.filter((c) => training.corpora.includes(c.corpus) && c.gender);
  const plans = crossValidationFolds(saved, dataset.clips, options.corpus, options.folds);
  const encoder = given === undefined ? await voiceEncoderOf(model.meta) : given;
  const { readings: all } = await readVoiceClips(model, dataset.root, trainable, speech, { cacheDir, onProgress, encoder });
  const temperature = model.meta.calibration?.temperature ?? 1;
  const readings = all.flatMap((r) => {
    const kept = heldOut.get(r.clip.path);
    // The fold's probabilities replace the shipped model's; a clip windowed otherwise is left out.
    if (!kept || kept.windows.length !== r.windows.length) return [];
    return [{ ...r, windows: r.windows.map((w, i) => ({ ...w, probs: Array.from(withTemperature(kept.windows[i], temperature)) })) }];
  });
  const heads = plans.map((plan, k) => {
    const test = new Set(plan.test);
    return {
      fold: k + 1,
      test,
      voice: fitVoiceHeads(speakerWindows(all.filter((r) => splitOf(r.clip, plan) !== 'test')), weights, undefined, encoder ? encoderWeight : undefined),
    };
  });
  return { corpus: options.corpus, folds: options.folds, readings, heads, encoder: Boolean(encoder) };
}

/** The folded corpus's held-out speakers adapted as `mode` says, each by its own fold's heads; pooled metrics. */
export function scoreCrossvalAdaptation(
  prepared: CrossvalAdaptation,
  mode: AdaptMode,
  seed: number,
  weights?: HeadWeights,
): { metrics: Metrics; adapted: number; refused: number; clipsUsed: number; seconds: number } {
  const truth: number[] = [];
  const predicted: number[] = [];
  let adapted = 0;
  let refused = 0;
  let clipsUsed = 0;
  let seconds = 0;
  for (const [speaker, readings] of bySpeaker(prepared.readings)) {
    const fold = prepared.heads.find((h) => h.test.has(readings[0].clip.group));
    if (!fold) continue;
    const voice = weights ? withWeights(fold.voice, weights) : fold.voice;
    const result = simulateSpeaker(voice, { trainedAt: `crossval fold ${fold.fold}`, codeVersion: '', featureVersion: 0 }, speaker, readings, mode, seed);
    if (result.adaptation.refused) refused++;
    else if (mode.kind !== 'none') adapted++;
    clipsUsed += result.adaptation.clips.length;
    seconds += result.adaptation.seconds;
    for (const { reading, windows } of result.scored) {
      truth.push(EMOTIONS.indexOf(reading.clip.emotion));
      predicted.push(clipAnswer(windows));
    }
  }
  const speakers = Math.max(1, adapted + refused);
  return { metrics: computeMetrics(truth, predicted, EMOTIONS), adapted, refused, clipsUsed: clipsUsed / speakers, seconds: seconds / speakers };
}

/** The same heads with other weights (they do not change the fit). */
export function withWeights(voice: VoiceModel, weights: HeadWeights): VoiceModel {
  return { ...voice, weights };
}

/** The modes whose held-out answers set each temperature: a 30 s baseline, all speech, 2 taught clips of each emotion. */
const TEMPERATURE_MODES: Record<keyof VoiceModel['temperatures'], AdaptMode> = {
  calm: { kind: 'baseline', seconds: 30 },
  mixed: { kind: 'unlabelled' },
  taught: { kind: 'labelled', clips: 2 },
};

/**
 * The temperatures that make adapted answers as sure as they are right, fitted as the model's own is: on
 * the folded corpus's held-out speakers, each adapted by its own fold's head (at a temperature of 1), one
 * mode per kind of profile. With each temperature, the clips' expected calibration error before and after.
 */
export function fitVoiceTemperatures(
  prepared: CrossvalAdaptation,
  seed = 1,
): { temperatures: VoiceModel['temperatures']; ece: Record<string, { before: number; after: number }> } {
  const temperatures = { calm: 1, mixed: 1, taught: 1 };
  const ece: Record<string, { before: number; after: number }> = {};
  for (const kind of Object.keys(TEMPERATURE_MODES) as (keyof typeof temperatures)[]) {
    const samples: CalibrationSample[] = [];
    for (const [speaker, readings] of bySpeaker(prepared.readings)) {
      const fold = prepared.heads.find((h) => h.test.has(readings[0].clip.group));
      if (!fold) continue;
      const voice = { ...fold.voice, temperatures: { calm: 1, mixed: 1, taught: 1 } };
      const result = simulateSpeaker(
        voice,
        { trainedAt: `crossval fold ${fold.fold}`, codeVersion: '', featureVersion: 0 },
        speaker,
        readings,
        TEMPERATURE_MODES[kind],
        seed,
      );
      for (const { reading, windows } of result.scored) samples.push({ emotion: EMOTIONS.indexOf(reading.clip.emotion), windows });
    }
    temperatures[kind] = fitTemperature([samples]);
    const errorAt = (t: number) => {
      const answers = samples.map((s) => clipEmotions(s.windows, t));
      return expectedCalibrationError(
        answers.map((p) => Math.max(...p)),
        answers.map((p, i) => p.indexOf(Math.max(...p)) === samples[i].emotion),
      );
    };
    ece[kind] = { before: errorAt(1), after: errorAt(temperatures[kind]) };
  }
  return { temperatures, ece };
}
