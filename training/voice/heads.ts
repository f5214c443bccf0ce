import { EMOTIONS } from '../../src/core/labels';
import { type SoftmaxFit, fitSoftmax } from '../../src/core/voice/linear';
import { meanStatistics } from '../../src/core/voice/fit';
import { POOLED_SIZE } from '../../src/core/encoder/pool';
import type { VoiceModel } from '../../src/core/voice/voice-model';

/** One training speaker's windows: their statistics and emotion index. */
export interface SpeakerWindows {
  speaker: string;
  windows: { stats: ArrayLike<number>; emotion: number }[];
}

/** The head's fit: thousands of windows, so a light penalty, and momentum to get there in few steps. */
export const HEAD_FIT: SoftmaxFit = { l2: 1e-2, iterations: 300, rate: 0.5, momentum: 0.9 };

/** How much the head weighs beside the general model: chosen by `npm run crossval:adapt` (EXPERIMENTS, sixteenth round). */
export type HeadWeights = VoiceModel['weights'];

export const HEAD_WEIGHTS: HeadWeights = { calm: 0.5, mixed: 1, taught: 0.3 };

const NEUTRAL = EMOTIONS.indexOf('neutral');

/**
 * How strongly profiles read the speech encoder's pooled vectors beside the statistics (their columns are
 * scaled by it after standardising, so the fits' penalties hold them back): at full weight they lift held-out
 * RAVDESS actors, who all say the same two sentences, and cost Polish speakers, whose sentences vary, 0.13
 * (nineteenth round of training/results/EXPERIMENTS.md).
 */
export const ENCODER_WEIGHT = 0.3;

/** Six significant digits: the metadata stays small, and no answer moves. */
const rounded = (v: number) => Number(v.toPrecision(6));

function spread(rows: readonly Float64Array[]): number[] {
  const n = rows.length;
  const mean = new Float64Array(rows[0].length);
  for (const r of rows) r.forEach((v, i) => (mean[i] += v / n));
  const variance = new Float64Array(mean.length);
  for (const r of rows) r.forEach((v, i) => (variance[i] += (v - mean[i]) ** 2 / n));
  return Array.from(variance, (v) => Math.sqrt(v) + 1e-3);
}

/**
 * Trains the voice head on speakers' windows, each speaker's statistics centred on their own mean: what a
 * window says beyond the speaker's usual voice, microphone and room. Every speaker counts the same (TESS's
 * two speakers have a thousand clips each, RAVDESS's sixty). Windows that carry the encoder's vectors
 * (their last values) are fitted with those read at `encoderWeight`. The calm offset is the mean step from a
 * speaker's neutral centre to their whole centre, over the speakers who have neutral clips.
 */
export function fitVoiceHeads(
  speakers: readonly SpeakerWindows[],
  weights: HeadWeights = HEAD_WEIGHTS,
  fit: SoftmaxFit = HEAD_FIT,
  encoderWeight?: number,
): VoiceModel {
  // Temperatures of 1 until `fitVoiceTemperatures` fits them on held-out speakers.
  const present = speakers.filter((s) => s.windows.length > 0);
  if (present.length === 0) throw new Error('No training windows to fit the voice head on');
  const centres = present.map((s) => meanStatistics(s.windows.map((w) => w.stats)));
  const rows = present.flatMap((s, i) =>
    s.windows.map((w) => ({ x: Float64Array.from(centres[i], (m, j) => w.stats[j] - m), emotion: w.emotion, weight: 1 / s.windows.length })),
  );
  // The encoder's columns (the last ones, when the windows carry them) are read at `encoderWeight` of their spread.
  const encoderFrom = encoderWeight === undefined ? Infinity : rows[0].x.length - POOLED_SIZE;
  const scale = spread(rows.map((r) => r.x)).map((v, j) => (j >= encoderFrom ? v / encoderWeight! : v));
  const linear = fitSoftmax(
    {
      x: rows.map((r) => r.x.map((v, j) => v / scale[j])),
      offsets: rows.map(() => new Float64Array(EMOTIONS.length)),
      labels: rows.map((r) => r.emotion),
      classes: EMOTIONS.length,
      weights: rows.map((r) => r.weight),
    },
    fit,
  );
  const steps = present.flatMap((s, i) => {
    const calm = s.windows.filter((w) => w.emotion === NEUTRAL);
    return calm.length ? [meanStatistics(calm.map((w) => w.stats)).map((m, j) => centres[i][j] - m)] : [];
  });
  const calmOffset = steps.length ? meanStatistics(steps) : new Array<number>(scale.length).fill(0);
  return {
    format: 'emotion-lens-voice-heads/1',
    scale: scale.map(rounded),
    head: { weights: Array.from(linear.weights, rounded), bias: Array.from(linear.bias, rounded) },
    calmOffset: calmOffset.map(rounded),
    weights,
    temperatures: { calm: 1, mixed: 1, taught: 1 },
    speakers: present.length,
    windows: rows.length,
  };
}
